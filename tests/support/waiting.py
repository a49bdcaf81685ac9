"""Wait for a condition instead of sleeping: tests stay fast and fail with a reason.

``wait_until`` polls a predicate (blocking, for threads and e2e tests);
``async_wait_until`` does the same in a coroutine, yielding to the event loop. Both return
the predicate's first truthy value and raise AssertionError naming ``what`` on timeout.
For conditions on the fake Bot API alone prefer its ``wait_for``, which is woken by changes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

__all__ = ["POLL", "async_wait_until", "wait_until"]

T = TypeVar("T")
POLL = 0.01
"""Seconds between two looks at the condition."""


def wait_until(predicate: Callable[[], T | None], timeout: float = 10.0, what: str = "") -> T:
    """Block until ``predicate()`` is truthy; its value, or AssertionError after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what or predicate}")
        time.sleep(POLL)
    return value


async def async_wait_until(
    predicate: Callable[[], T | None],
    timeout: float = 10.0,  # noqa: ASYNC109 - on expiry we raise a diagnostic AssertionError
    what: str = "",
) -> T:
    """``wait_until`` for coroutines: the event loop runs while the condition is awaited."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not (value := predicate()):
        if loop.time() >= deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what or predicate}")
        await asyncio.sleep(POLL)
    return value
