"""The store on an SQLite file (aiosqlite, WAL), with versioned forward migrations.

Sessions here; evidence in ``sqlite_evidence``, the durable inbox in ``sqlite_inbox``, the
schema in ``sqlite_schema``. Every method raises ``StorageError`` when the database fails.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import aiosqlite

from bot.engine.session import Session
from bot.errors import StorageError
from bot.storage.guard import guarded
from bot.storage.port import StoredSession
from bot.storage.sqlite_evidence import SqliteEvidence
from bot.storage.sqlite_inbox import SqliteInbox
from bot.storage.sqlite_reminders import SqliteReminders
from bot.storage.sqlite_schema import MIGRATIONS, migrate, private_file

__all__ = ["MIGRATIONS", "SqliteStore"]

log = logging.getLogger(__name__)


class SqliteStore(SqliteEvidence, SqliteInbox, SqliteReminders):
    """Every store port on one SQLite file; ``await SqliteStore.open(path)``."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    @classmethod
    async def open(cls, path: str | Path) -> SqliteStore:
        """Open (creating folders and file as needed), switch to WAL and migrate."""
        target = Path(path)
        try:
            if str(target) != ":memory:":
                private_file(target)
            db = await aiosqlite.connect(target)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"cannot open the database {target}: {exc}") from exc
        try:
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute("PRAGMA synchronous=NORMAL")
            await db.execute("PRAGMA busy_timeout=5000")
            # Deleted rows are overwritten, so /forget and expiry leave no readable trace.
            await db.execute("PRAGMA secure_delete=ON")
            await migrate(db)
        except BaseException as exc:
            await db.close()  # an open connection's thread would keep the process alive
            if isinstance(exc, sqlite3.Error):
                raise StorageError(f"cannot prepare the database {target}: {exc}") from exc
            raise
        return cls(db)

    @guarded
    async def load(self, user: str) -> StoredSession | None:
        """The user's saved session; a row that no longer parses counts as none."""
        async with self._db.execute(
            "SELECT data, updated_at, anchor FROM sessions WHERE user_key = ?", (user,)
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        try:
            data = json.loads(row[0])
            if not isinstance(data, dict):
                raise TypeError("not a JSON object")
            session = Session.from_json(data)
            return StoredSession(
                session, float(row[1]), int(row[2]) if row[2] is not None else None
            )
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            # Never the content: it may hold answers or a name from an SMS.
            log.warning("a saved session is corrupt (%s); it is reset", type(exc).__name__)
        await self._db.execute("DELETE FROM sessions WHERE user_key = ?", (user,))
        await self._db.commit()
        return StoredSession(Session(), 0.0, None, corrupt=True)

    @guarded
    async def save(self, user: str, session: Session, now: float) -> None:
        """Create or replace the user's session in one transaction."""
        data = json.dumps(session.to_json(), ensure_ascii=False, separators=(",", ":"))
        await self._db.execute(
            "INSERT INTO sessions (user_key, data, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_key) DO UPDATE SET data = excluded.data, "
            "updated_at = excluded.updated_at",
            (user, data, now),
        )
        await self._db.commit()

    @guarded
    async def set_anchor(self, user: str, message_id: int | None) -> None:
        """Record the message that shows the user's current question."""
        await self._db.execute(
            "UPDATE sessions SET anchor = ? WHERE user_key = ?", (message_id, user)
        )
        await self._db.commit()

    @guarded
    async def forget(self, user: str) -> int:
        """Delete every row about ``user``, in every table."""
        removed = 0
        for table in ("sessions", "evidence", "replies", "reminders"):
            column = "chat_key" if table == "replies" else "user_key"
            cursor = await self._db.execute(f"DELETE FROM {table} WHERE {column} = ?", (user,))
            removed += cursor.rowcount
        await self._db.commit()
        await self._scrub()
        return removed

    @guarded
    async def expire(self, before: float) -> int:
        """Delete sessions not written, and evidence not kept, since ``before``, and the
        reminders of users left without a session."""
        sessions = await self._db.execute("DELETE FROM sessions WHERE updated_at < ?", (before,))
        evidence = await self._db.execute("DELETE FROM evidence WHERE created_at < ?", (before,))
        reminders = await self._db.execute(  # s5-follow: a user gone, their reminders too
            "DELETE FROM reminders WHERE user_key NOT IN (SELECT user_key FROM sessions)"
        )
        await self._db.commit()
        removed = sessions.rowcount + evidence.rowcount + reminders.rowcount
        if removed:
            await self._scrub()
        return removed

    async def _scrub(self) -> None:
        # secure_delete overwrote the rows in the database file; fold the WAL back and
        # truncate it, so the old page images do not linger in the -wal file either.
        await self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def close(self) -> None:
        """Close the connection (a WAL checkpoint happens on the last close)."""
        await self._db.close()
