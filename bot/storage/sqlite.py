"""The store on an SQLite file (WAL, calls run on the event loop: ``sqlite_db``), migrated.

Sessions here; evidence in ``sqlite_evidence``, the durable inbox in ``sqlite_inbox``, the
schema in ``sqlite_schema``. Every method raises ``StorageError`` when the database fails.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

from bot.engine.session import Session
from bot.errors import StorageError
from bot.storage.guard import guarded
from bot.storage.port import StoredSession
from bot.storage.sqlite_db import Db
from bot.storage.sqlite_evidence import SqliteEvidence
from bot.storage.sqlite_inbox import SqliteInbox
from bot.storage.sqlite_reminders import SqliteReminders
from bot.storage.sqlite_schema import MIGRATIONS, migrate, private_file, truncate_wal

__all__ = ["MIGRATIONS", "SqliteStore"]

log = logging.getLogger(__name__)


class SqliteStore(SqliteEvidence, SqliteInbox, SqliteReminders):
    """Every store port on one SQLite file; ``await SqliteStore.open(path)``."""

    def __init__(self, db: Db) -> None:
        self._db = db

    @classmethod
    async def open(cls, path: str | Path, *, inline: bool = True) -> SqliteStore:
        """Open (creating folders and file as needed), switch to WAL and migrate.

        ``inline``: units of work run on the event loop (``bot.storage.sqlite_db``)."""
        target = Path(path)
        try:
            if str(target) != ":memory:":
                private_file(target)
            db = await Db.open(target, inline=inline)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"cannot open the database {target}: {exc}") from exc
        try:
            await db.run(_prepare, blocking=True)
            db.prepare()
        except BaseException as exc:
            await db.close()  # an open connection's thread would keep the process alive
            if isinstance(exc, sqlite3.Error):
                raise StorageError(f"cannot prepare the database {target}: {exc}") from exc
            raise
        return cls(db)

    @guarded
    async def load(self, user: str) -> StoredSession | None:
        """The user's saved session; a row that no longer parses counts as none."""
        return await self._db.run(lambda conn: _load(conn, user))

    @guarded
    async def save(self, user: str, session: Session, now: float) -> None:
        """Create or replace the user's session in one transaction."""
        data = json.dumps(session.to_json(), ensure_ascii=False, separators=(",", ":"))
        await self._db.run(
            lambda conn: conn.execute(
                "INSERT INTO sessions (user_key, data, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (user_key) DO UPDATE SET data = excluded.data, "
                "updated_at = excluded.updated_at",
                (user, data, now),
            )
        )

    @guarded
    async def set_anchor(self, user: str, message_id: int | None) -> None:
        """Record the message that shows the user's current question."""
        await self._db.run(
            lambda conn: conn.execute(
                "UPDATE sessions SET anchor = ? WHERE user_key = ?", (message_id, user)
            )
        )

    @guarded
    async def forget(self, user: str) -> int:
        """Delete every row about ``user``, in every table."""

        def unit(conn: sqlite3.Connection) -> int:
            removed = 0
            for table in ("sessions", "evidence", "replies", "reminders"):
                column = "chat_key" if table == "replies" else "user_key"
                cursor = conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (user,))
                removed += cursor.rowcount
            return removed

        removed = await self._db.run(unit)
        await self._scrub()
        return removed

    @guarded
    async def expire(self, before: float) -> int:
        """Delete sessions not written, and evidence not kept, since ``before``, and the
        reminders of users left without a session."""

        def unit(conn: sqlite3.Connection) -> int:
            sessions = conn.execute("DELETE FROM sessions WHERE updated_at < ?", (before,))
            evidence = conn.execute("DELETE FROM evidence WHERE created_at < ?", (before,))
            reminders = conn.execute(  # s5-follow: a user gone, their reminders too
                "DELETE FROM reminders WHERE user_key NOT IN (SELECT user_key FROM sessions)"
            )
            return sessions.rowcount + evidence.rowcount + reminders.rowcount

        # In the worker thread: thousands of rows overwritten (secure_delete) would stall
        # every chat for a quarter of a second on the loop.
        removed = await self._db.run(unit, blocking=True)
        if removed:
            await self._scrub()
        return removed

    async def _scrub(self) -> None:
        # secure_delete overwrote the rows in the database file; fold the WAL back and
        # truncate it, so the old page images do not linger in the -wal file either.
        await self._db.run(_truncate_wal, blocking=True)

    async def close(self) -> None:
        """Close the connection (a WAL checkpoint happens on the last close)."""
        await self._db.close()


def _prepare(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    # Deleted rows are overwritten, so /forget and expiry leave no readable trace.
    conn.execute("PRAGMA secure_delete=ON")
    migrate(conn)


def _truncate_wal(conn: sqlite3.Connection) -> None:
    truncate_wal(conn)


def _load(conn: sqlite3.Connection, user: str) -> StoredSession | None:
    row = conn.execute(
        "SELECT data, updated_at, anchor FROM sessions WHERE user_key = ?", (user,)
    ).fetchone()
    if row is None:
        return None
    try:
        data = json.loads(row[0])
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
        session = Session.from_json(data)
        return StoredSession(session, float(row[1]), int(row[2]) if row[2] is not None else None)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        # Never the content: it may hold answers or a name from an SMS.
        log.warning("a saved session is corrupt (%s); it is reset", type(exc).__name__)
    conn.execute("DELETE FROM sessions WHERE user_key = ?", (user,))
    return StoredSession(Session(), 0.0, None, corrupt=True)
