"""One SQLite connection, used a whole unit of work at a time (s6-cost).

A unit is a function of the ``sqlite3.Connection`` that runs a few statements; it is one
transaction: committed when it returns, rolled back when it raises. Each unit runs whole,
never interleaved with another (aiosqlite ran statements one by one, so two users'
updates could share, commit or roll back each other's half-done transactions).

Where it runs (``inline``, the default): on the event loop's thread. The statements take
10–50 µs, while a hop to a worker thread and back costs ~0.2 ms of CPU (and aiosqlite
made two or three hops a call). Nothing slow runs there:

- the file is in WAL mode with ``synchronous=NORMAL`` (as before): a commit writes to the
  WAL and returns, with no fsync; it survives the process being killed (the OS has the
  pages), like before, and a power cut may lose the last commits, like before;
- the WAL is checkpointed (the fsync) by a second connection in a worker thread, every
  ``CHECKPOINT_EVERY`` commits, not by the commit that crosses SQLite's threshold;
- the connection waits for no lock on the loop (``busy_timeout`` 0): when another
  process (``paidoff expire``, a second bot) holds the file, the unit is rolled back and
  runs again in the worker thread, which waits up to ``BUSY_MS`` like before;
- slow units (a TRUNCATE checkpoint after a deletion, opening, closing) are
  ``blocking``: the worker thread runs them.

``inline=False`` runs every unit in the worker thread (one hop a unit).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["BUSY_MS", "CHECKPOINT_EVERY", "Db", "Unit"]

T = TypeVar("T")
Unit = Callable[[sqlite3.Connection], T]
BUSY_MS = 5000
"""How long a unit in the worker thread waits for another process's lock on the file."""
CHECKPOINT_EVERY = 200
"""Commits between two WAL checkpoints (SQLite's own threshold is ~1000 pages, 3–4 a commit)."""


class Db:
    """``await Db.open(path)``, then ``await db.run(unit)``; ``await db.close()``."""

    def __init__(self, conn: sqlite3.Connection, path: str, *, inline: bool) -> None:
        self._conn = conn
        self._path = path
        self.inline = inline
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="paidoff-sqlite")
        self._checkpointer: ThreadPoolExecutor | None = None
        self._checkpoint_conn: sqlite3.Connection | None = None
        self._checkpointing = False
        self._commits = 0
        self._lock = asyncio.Lock()
        """Held while a unit runs in the worker thread (inline units wait for it)."""
        self.waited = 0
        """Inline units that found the file locked and ran again in the worker thread."""
        self.stalls: list[float] | None = None
        """When a list: the wall seconds of every inline unit are appended (bench.store)."""

    @classmethod
    async def open(cls, path: str | Path, *, inline: bool = True) -> Db:
        """Connect in the worker thread; the caller sets pragmas and migrates."""
        target = str(path)
        conn = await asyncio.to_thread(
            sqlite3.connect, target, timeout=BUSY_MS / 1000, check_same_thread=False
        )
        return cls(conn, target, inline=inline)

    @property
    def file(self) -> bool:
        """False for ``:memory:`` (no WAL, nothing to checkpoint)."""
        return self._path != ":memory:"

    def prepare(self) -> None:
        """After the pragmas: hand checkpoints to the worker, stop waiting on the loop."""
        if self.inline:
            self._conn.execute(f"PRAGMA busy_timeout={0}")
            if self.file:
                self._conn.execute("PRAGMA wal_autocheckpoint=0")

    async def run(self, unit: Unit[T], *, blocking: bool = False) -> T:
        """Run ``unit`` as one transaction (module docstring); its result, or its error."""
        if not self.inline or blocking:
            return await self._threaded(unit)
        if self._lock.locked():
            async with self._lock:  # a unit in the thread: after it, still on the loop
                pass
        start = time.perf_counter() if self.stalls is not None else 0.0
        try:
            return self._transaction(self._conn, unit)
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                raise
            self.waited += 1
        finally:
            if self.stalls is not None:
                self.stalls.append(time.perf_counter() - start)
        return await self._threaded(unit)  # another process holds the file: wait there

    async def close(self) -> None:
        """Close both connections (the last close folds the WAL back), in the thread."""
        async with self._lock:
            await asyncio.get_running_loop().run_in_executor(self._worker, self._conn.close)
            if self._checkpointer is not None:
                await asyncio.get_running_loop().run_in_executor(
                    self._checkpointer, self._close_checkpointer
                )
                self._checkpointer.shutdown()
        self._worker.shutdown()

    def _transaction(self, conn: sqlite3.Connection, unit: Unit[T]) -> T:
        try:
            result = unit(conn)
            if conn.in_transaction:
                conn.commit()
                self._committed()
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise
        return result

    async def _threaded(self, unit: Unit[T]) -> T:
        await self._lock.acquire()
        future = asyncio.get_running_loop().run_in_executor(self._worker, self._waiting, unit)
        future.add_done_callback(self._release)  # not before the thread is done with it
        return await asyncio.shield(future)

    def _release(self, future: asyncio.Future[Any]) -> None:
        if not future.cancelled():
            future.exception()  # retrieved: the caller may have been cancelled meanwhile
        self._lock.release()

    def _waiting(self, unit: Unit[T]) -> T:
        """In the worker thread: wait for other processes' locks like aiosqlite did."""
        if self.inline:
            self._conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
        try:
            return self._transaction(self._conn, unit)
        finally:
            if self.inline:
                self._conn.execute(f"PRAGMA busy_timeout={0}")

    def _committed(self) -> None:
        if not (self.inline and self.file):
            return
        self._commits += 1
        if self._commits >= CHECKPOINT_EVERY and not self._checkpointing:
            self._commits = 0
            self._checkpointing = True
            if self._checkpointer is None:
                self._checkpointer = ThreadPoolExecutor(1, thread_name_prefix="paidoff-wal")
            future = self._checkpointer.submit(self._checkpoint)
            future.add_done_callback(self._checkpointed)

    def _checkpointed(self, future: object) -> None:
        self._checkpointing = False

    def _checkpoint(self) -> None:
        """In the checkpoint thread, on its own connection: fold the WAL into the file
        (PASSIVE: it never blocks the loop's reads or writes)."""
        try:
            if self._checkpoint_conn is None:
                self._checkpoint_conn = sqlite3.connect(
                    self._path, timeout=BUSY_MS / 1000, check_same_thread=False
                )
            self._checkpoint_conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:
            pass  # the next one (or SQLite's close) folds it back

    def _close_checkpointer(self) -> None:
        if self._checkpoint_conn is not None:
            self._checkpoint_conn.close()
            self._checkpoint_conn = None


def _busy(exc: sqlite3.OperationalError) -> bool:
    """SQLITE_BUSY (another connection holds the lock), extended codes included."""
    code = getattr(exc, "sqlite_errorcode", 0)
    return isinstance(code, int) and code & 0xFF == sqlite3.SQLITE_BUSY
