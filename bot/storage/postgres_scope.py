"""Replicas on one PostgreSQL database: one transaction per update, one job runner.

``PostgresBase`` is what every part of ``PostgresStore`` shares: the pool and ``_conn()``,
the connection a store call runs on. Inside ``applying`` (``bot.storage.scope``) that is
the update's own connection, bound to the running task by a context variable, so the
service's loads and saves, kept evidence, ``forget`` and marking the update done are one
transaction, taken under ``pg_advisory_xact_lock`` on the chat: a second replica given
the same chat waits for the commit (or the rollback of a replica that died: PostgreSQL
ends a dead connection's transaction and frees its locks). Nested ``conn.transaction()``
blocks become savepoints.

Not in that transaction, on purpose: the inbox receipt (it must be durable before the
update is answered) and the reply journal (what was sent to Telegram stays sent even
when the transaction is rolled back, so answering again does not send it twice).

``lead_jobs`` holds a session-level ``pg_try_advisory_lock`` on one pooled connection for
as long as the process lives; the replica that holds it runs the expiry (and reminder)
jobs, and when its connection goes the next replica to ask takes the lease over.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from bot.errors import StorageError
from bot.storage.postgres_schema import DRIVER_ERRORS, Conn, reason
from bot.storage.scope import Applying

__all__ = ["CHAT_LOCKS", "JOBS_LOCK", "PostgresBase"]

log = logging.getLogger(__name__)

CHAT_LOCKS = 0x5041_4944
"""First key of the per-chat advisory locks (``b"PAID"``; the second is the chat key's
``hashtext``). Two-key locks never collide with one-key ones like ``MIGRATION_LOCK``."""
JOBS_LOCK = 0x7061_6964_6F66_6601
"""The advisory lock key held by the replica that runs the periodic jobs."""


@dataclass
class _Bound:
    """The update the running task is answering: its store, connection, and the chats
    whose reply journal ``forget`` deletes at the commit (deleting it at once would lock
    the journal row that the replies still to be sent are recorded in)."""

    store: object
    conn: Conn
    forgotten: set[str] = field(default_factory=set)


_BOUND: ContextVar[_Bound | None] = ContextVar("paidoff_pg_update", default=None)


class PostgresBase:
    """The pool, the update-bound connection, the update scope and the job lease."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool
        self._leader: PoolConnectionProxy[asyncpg.Record] | None = None

    @asynccontextmanager
    async def _conn(self) -> AsyncIterator[Conn]:
        """The running update's connection (its transaction), or one from the pool."""
        bound = self._bound()
        if bound is not None:
            yield bound.conn
            return
        async with self._pool.acquire() as conn:
            yield conn

    def _bound(self) -> _Bound | None:
        bound = _BOUND.get()
        return bound if bound is not None and bound.store is self else None

    @asynccontextmanager
    async def applying(
        self, chat_key: str, user: str | None, update_id: int
    ) -> AsyncIterator[Applying]:
        """One update in one transaction under the chat's advisory lock (module doc)."""
        if self._bound() is not None:
            raise RuntimeError("an update scope is already open in this task")
        try:
            conn = await self._pool.acquire()
        except DRIVER_ERRORS as exc:
            raise StorageError(f"applying failed: {reason(exc)}") from exc
        bound = _Bound(self, conn)
        token = _BOUND.set(bound)
        transaction = conn.transaction()
        try:
            try:
                await transaction.start()
                await conn.execute(
                    "SELECT pg_advisory_xact_lock($1, hashtext($2))", CHAT_LOCKS, chat_key
                )
                scope = Applying(await _applied(conn, user, update_id))
            except DRIVER_ERRORS as exc:
                raise StorageError(f"applying failed: {reason(exc)}") from exc
            yield scope
            if not scope.keep:
                await transaction.rollback()
                return
            try:
                await _mark_applied(conn, chat_key, user, update_id, scope.applied_before)
                for key in bound.forgotten:
                    await conn.execute("DELETE FROM replies WHERE chat_key = $1", key)
                await transaction.commit()
            except DRIVER_ERRORS as exc:
                raise StorageError(f"applying failed: {reason(exc)}") from exc
        except BaseException:
            with suppress(*DRIVER_ERRORS, asyncpg.InterfaceError):
                if not conn.is_closed():
                    await transaction.rollback()
            raise
        finally:
            _BOUND.reset(token)
            await self._pool.release(conn)

    @asynccontextmanager
    async def quiet(self, chat_key: str) -> AsyncIterator[None]:
        """While the chat's advisory lock is held for a write into the chat from outside
        its updates (a reminder): after the update any replica is answering in it is
        committed, and before the next one starts. The calls made inside run as usual."""
        try:
            conn = await self._pool.acquire()
        except DRIVER_ERRORS as exc:
            raise StorageError(f"quiet failed: {reason(exc)}") from exc
        try:
            transaction = conn.transaction()
            try:
                await transaction.start()
                await conn.execute(
                    "SELECT pg_advisory_xact_lock($1, hashtext($2))", CHAT_LOCKS, chat_key
                )
            except DRIVER_ERRORS as exc:
                raise StorageError(f"quiet failed: {reason(exc)}") from exc
            try:
                yield
            finally:
                with suppress(*DRIVER_ERRORS, asyncpg.InterfaceError):
                    if not conn.is_closed():
                        await transaction.rollback()  # it wrote nothing: only the lock
        finally:
            await self._pool.release(conn)

    async def lead_jobs(self) -> bool:
        """True while this process holds the jobs lease (taking it when it is free)."""
        if self._leader is not None:
            try:
                await self._leader.fetchval("SELECT 1")
                return True
            except DRIVER_ERRORS:
                log.warning("lost the connection holding the jobs lease; asking again")
                await self._drop_leader()
        try:
            conn = await self._pool.acquire()
        except DRIVER_ERRORS as exc:
            raise StorageError(f"lead_jobs failed: {reason(exc)}") from exc
        try:
            held = bool(await conn.fetchval("SELECT pg_try_advisory_lock($1)", JOBS_LOCK))
        except DRIVER_ERRORS as exc:
            await self._pool.release(conn)
            raise StorageError(f"lead_jobs failed: {reason(exc)}") from exc
        if not held:
            await self._pool.release(conn)
            return False
        self._leader = conn
        log.info("this replica runs the periodic jobs")
        return True

    async def _drop_leader(self) -> None:
        leader, self._leader = self._leader, None
        if leader is None:
            return
        with suppress(*DRIVER_ERRORS):
            if not leader.is_closed():
                await leader.execute("SELECT pg_advisory_unlock($1)", JOBS_LOCK)
        with suppress(*DRIVER_ERRORS):
            await self._pool.release(leader)


async def _applied(conn: Conn, user: str | None, update_id: int) -> bool:
    """Done in the inbox, or at or below the session's ``last_update_id`` (one query)."""
    row = await conn.fetchrow(
        "SELECT (SELECT data IS NULL FROM inbox WHERE update_id = $1) AS done, "
        "(SELECT last_update_id FROM sessions WHERE user_key = $2) AS last",
        update_id,
        user,
    )
    done, last = (row["done"], row["last"]) if row is not None else (None, None)
    return bool(done) or (last is not None and int(last) >= update_id)


async def _mark_applied(
    conn: Conn, chat_key: str, user: str | None, update_id: int, before: bool
) -> None:
    if user is not None and not before:
        await conn.execute(
            "UPDATE sessions SET last_update_id = greatest(last_update_id, $2::bigint) "
            "WHERE user_key = $1",
            user,
            update_id,
        )
    await conn.execute(
        "UPDATE inbox SET data = NULL, chat_key = NULL WHERE update_id = $1", update_id
    )
    await conn.execute(
        "UPDATE replies SET update_id = NULL, sent = '{}', snapshot = NULL "
        "WHERE chat_key = $1 AND update_id = $2",
        chat_key,
        update_id,
    )
