"""Every failed database call becomes a ``StorageError`` naming the operation (no data)."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

from bot.errors import StorageError

__all__ = ["guarded"]

P = ParamSpec("P")
R = TypeVar("R")


def guarded(func: Callable[P, Awaitable[R]]) -> Callable[P, Coroutine[Any, Any, R]]:
    """Wrap a store method: ``sqlite3.Error`` (and a closed connection) → StorageError.

    The message names the method and the driver's reason ("database is locked", "disk
    I/O error"), which never contains the values written.
    """

    @functools.wraps(func)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await func(*args, **kwargs)
        except sqlite3.Error as exc:
            raise StorageError(f"{func.__name__} failed: {exc}") from exc

    return wrapper
