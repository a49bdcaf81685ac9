"""The waiting helpers return as soon as the condition holds and fail with a reason."""

from __future__ import annotations

import itertools

import pytest

from tests.support.waiting import async_wait_until, wait_until


def test_wait_until_returns_the_first_truthy_value() -> None:
    looks = itertools.count()
    assert wait_until(lambda: next(looks) >= 3 and "ready", timeout=5) == "ready"


def test_wait_until_names_what_it_waited_for() -> None:
    with pytest.raises(AssertionError, match="waiting for the moon"):
        wait_until(lambda: False, timeout=0.05, what="the moon")


async def test_async_wait_until_returns_the_value_or_names_the_wait() -> None:
    looks = itertools.count()
    assert await async_wait_until(lambda: next(looks) >= 3 and 42, timeout=5) == 42
    with pytest.raises(AssertionError, match="waiting for nothing"):
        await async_wait_until(lambda: None, timeout=0.05, what="nothing")
