"""The store on PostgreSQL (asyncpg, a connection pool): ``PAIDOFF_DB_URL=postgresql://…``.

For more than one process on one database (SQLite stays the single-machine default).
Sessions here; evidence in ``postgres_evidence``, the durable inbox in ``postgres_inbox``,
the schema in ``postgres_schema``. Each method is one transaction; every failure raises
``StorageError``. The behaviour is SQLite's, as the store contract test checks.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import urlsplit

import asyncpg

from bot.engine.session import Session
from bot.errors import StorageError
from bot.storage.port import StoredSession
from bot.storage.postgres_evidence import PostgresEvidence
from bot.storage.postgres_inbox import PostgresInbox
from bot.storage.postgres_reminders import PostgresReminders
from bot.storage.postgres_schema import DRIVER_ERRORS, MIGRATIONS, guarded, migrate, rows

__all__ = ["MIGRATIONS", "PostgresStore"]

log = logging.getLogger(__name__)

POOL_SIZE = 16
"""Connections per process at most: each update being answered holds one for its
transaction (the inbox answers at most 8 at once), receipts and the journal take others."""
CONNECT_TIMEOUT = 10.0
COMMAND_TIMEOUT = 30.0
"""Seconds a statement may take (a stuck server is a StorageError, not a stuck update)."""
_OPEN_ERRORS: tuple[type[BaseException], ...] = (*DRIVER_ERRORS, ValueError)  # bad DSN


class PostgresStore(PostgresEvidence, PostgresInbox, PostgresReminders):
    """Every store port on one PostgreSQL database; ``await PostgresStore.open(url)``.

    Also the replica capabilities of ``bot.storage.scope`` (``applying``, ``lead_jobs``,
    from ``bot.storage.postgres_scope``): inside an update's scope every method below runs
    on that update's transaction.
    """

    @classmethod
    async def open(cls, url: str, *, pool_size: int = POOL_SIZE) -> PostgresStore:
        """Connect (a pool of up to ``pool_size``) and migrate; StorageError when the
        server cannot be reached, refuses us, or has a newer schema."""
        where = _where(url)
        try:
            pool = await asyncpg.create_pool(
                url,
                min_size=1,
                max_size=pool_size,
                timeout=CONNECT_TIMEOUT,
                command_timeout=COMMAND_TIMEOUT,
            )
        except _OPEN_ERRORS as exc:
            raise StorageError(f"cannot open the database {where}: {_safe(exc, url)}") from exc
        try:
            async with pool.acquire() as conn:
                await migrate(conn)
        except BaseException as exc:
            await pool.close()
            if isinstance(exc, DRIVER_ERRORS):
                raise StorageError(
                    f"cannot prepare the database {where}: {type(exc).__name__}"
                ) from exc
            raise
        return cls(pool)

    @guarded
    async def load(self, user: str) -> StoredSession | None:
        """The user's saved session; a row that no longer parses is deleted and counts as
        a fresh, ``corrupt`` one."""
        async with self._conn() as conn:
            row = await conn.fetchrow(
                "SELECT data, updated_at, anchor FROM sessions WHERE user_key = $1", user
            )
            if row is None:
                return None
            try:
                data = json.loads(row["data"])
                if not isinstance(data, dict):
                    raise TypeError("not a JSON object")
                return StoredSession(Session.from_json(data), row["updated_at"], row["anchor"])
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                # Never the content: it may hold answers or a name from an SMS.
                log.warning("a saved session is corrupt (%s); it is reset", type(exc).__name__)
            await conn.execute("DELETE FROM sessions WHERE user_key = $1", user)
        return StoredSession(Session(), 0.0, None, corrupt=True)

    @guarded
    async def save(self, user: str, session: Session, now: float) -> None:
        """Create or replace the user's session (its anchor stays)."""
        data = json.dumps(session.to_json(), ensure_ascii=False, separators=(",", ":"))
        async with self._conn() as conn:
            await conn.execute(
                "INSERT INTO sessions (user_key, data, updated_at) VALUES ($1, $2, $3) "
                "ON CONFLICT (user_key) DO UPDATE SET data = excluded.data, "
                "updated_at = excluded.updated_at",
                user,
                data,
                now,
            )

    @guarded
    async def set_anchor(self, user: str, message_id: int | None) -> None:
        """Record the message that shows the user's current question."""
        async with self._conn() as conn:
            await conn.execute(
                "UPDATE sessions SET anchor = $2 WHERE user_key = $1", user, message_id
            )

    @guarded
    async def forget(self, user: str) -> int:
        """Delete every row about ``user``, in every table, in one transaction.

        PostgreSQL keeps deleted rows on disk until (auto)vacuum reuses the space; unlike
        SQLite's ``secure_delete`` they are not overwritten at once.
        """
        bound = self._bound()
        async with self._conn() as conn, conn.transaction():
            removed = rows(await conn.execute("DELETE FROM sessions WHERE user_key = $1", user))
            removed += rows(await conn.execute("DELETE FROM evidence WHERE user_key = $1", user))
            removed += rows(await conn.execute("DELETE FROM reminders WHERE user_key = $1", user))
            if bound is None:
                removed += rows(
                    await conn.execute("DELETE FROM replies WHERE chat_key = $1", user)
                )
            else:  # at the update's commit, after its replies are recorded (postgres_scope)
                bound.forgotten.add(user)
                found = await conn.fetchval(
                    "SELECT count(*) FROM replies WHERE chat_key = $1", user
                )
                removed += int(found or 0)
        return removed

    @guarded
    async def expire(self, before: float) -> int:
        """Delete sessions not written, and evidence not kept, since ``before``, and the
        reminders of users left without a session."""
        async with self._pool.acquire() as conn, conn.transaction():
            removed = rows(
                await conn.execute("DELETE FROM sessions WHERE updated_at < $1", before)
            )
            removed += rows(
                await conn.execute("DELETE FROM evidence WHERE created_at < $1", before)
            )
            removed += rows(  # s5-follow: a user gone, their reminders too
                await conn.execute(
                    "DELETE FROM reminders r WHERE NOT EXISTS "
                    "(SELECT 1 FROM sessions s WHERE s.user_key = r.user_key)"
                )
            )
        return removed

    async def close(self) -> None:
        """Give the jobs lease back and close the pool (waiting for connections in use)."""
        await self._drop_leader()
        await self._pool.close()


def _where(url: str) -> str:
    """host:port/database for messages: never the user or the password."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2] or "localhost"
    return f"{host}{parts.path or '/'}"


def _safe(exc: BaseException, url: str) -> str:
    """The driver's reason, with the URL's password cut out should it ever be echoed."""
    text = f"{type(exc).__name__}: {exc}"
    password = urlsplit(url).password
    return text.replace(password, "***") if password else text
