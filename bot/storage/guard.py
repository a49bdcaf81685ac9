"""Every failed database call becomes a ``StorageError`` naming the operation (no data)."""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

from bot.errors import StorageError

__all__ = ["guarded", "guarded_by"]

P = ParamSpec("P")
R = TypeVar("R")


def guarded_by(
    errors: tuple[type[BaseException], ...],
    reason: Callable[[BaseException], str] = str,
    undo: Callable[[Any], Awaitable[None]] | None = None,
) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Coroutine[Any, Any, R]]]:
    """A decorator turning the driver's ``errors`` into StorageError("<method> failed: …").

    ``reason`` says why without the values written (each backend knows what its driver's
    messages may contain). ``undo(store)``, when given, runs first, so a write that failed
    halfway is not committed by the next one and holds no lock meanwhile.
    """

    def decorate(func: Callable[P, Awaitable[R]]) -> Callable[P, Coroutine[Any, Any, R]]:
        @functools.wraps(func)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return await func(*args, **kwargs)
            except errors as exc:
                if undo is not None and args:
                    await undo(args[0])
                raise StorageError(f"{func.__name__} failed: {reason(exc)}") from exc

        return wrapper

    return decorate


async def _rollback(store: Any) -> None:
    """Roll back the SQLite store's open transaction, if any (a closed connection has none)."""
    db = getattr(store, "_db", None)
    rollback = getattr(db, "rollback", None)
    if rollback is None:
        return  # s6-cost: the SQLite store's units roll themselves back (sqlite_db)
    with contextlib.suppress(sqlite3.Error, ValueError):
        await rollback()


def guarded(func: Callable[P, Awaitable[R]]) -> Callable[P, Coroutine[Any, Any, R]]:
    """Wrap an SQLite store method: ``sqlite3.Error`` (and a closed connection) → StorageError.

    The message names the method and the driver's reason ("database is locked", "disk
    I/O error"), which never contains the values written. The open transaction is rolled
    back first: Python's sqlite3 keeps it (and the file's write lock) otherwise, and the
    next commit would make half of the failed write permanent.
    """
    return guarded_by((sqlite3.Error,), undo=_rollback)(func)
