"""The session store on an SQLite file (aiosqlite, WAL), with versioned forward migrations."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from pathlib import Path

import aiosqlite

from bot.engine.session import Session
from bot.errors import StorageError
from bot.storage.port import StoredSession
from bot.storage.sqlite_inbox import SqliteInbox

__all__ = ["MIGRATIONS", "SqliteStore"]

log = logging.getLogger(__name__)

MIGRATIONS: tuple[str, ...] = (
    # 1: one row per user holding the whole session as JSON.
    """
    CREATE TABLE sessions (
        user_key   TEXT PRIMARY KEY,
        data       TEXT NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE INDEX sessions_updated_at ON sessions (updated_at);
    """,
    # 2: the message that shows the current question, to edit it in place.
    "ALTER TABLE sessions ADD COLUMN anchor INTEGER",
    # 3: analyzed SMS the user may want as evidence (/evidence), expiring like sessions.
    """
    CREATE TABLE evidence (
        id         INTEGER PRIMARY KEY,
        user_key   TEXT NOT NULL,
        data       TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    CREATE INDEX evidence_user ON evidence (user_key, created_at);
    """,
    # 4: durable receipt. Every update is recorded before Telegram is told it arrived, and
    # cleared (data and chat gone, the id kept to recognise a redelivery) once answered.
    # ``replies`` is each chat's journal for the update being answered: the session row as
    # it was before (to replay from), the messages already sent for it, the newest bot
    # message; ``origin`` makes keeping an SMS as evidence happen once per update.
    """
    CREATE TABLE inbox (
        update_id   INTEGER PRIMARY KEY,
        chat_key    TEXT,
        data        TEXT,
        received_at REAL NOT NULL
    );
    CREATE INDEX inbox_pending ON inbox (update_id) WHERE data IS NOT NULL;
    CREATE TABLE replies (
        chat_key  TEXT PRIMARY KEY,
        update_id INTEGER,
        sent      TEXT NOT NULL DEFAULT '[]',
        last_msg  INTEGER,
        snapshot  TEXT
    );
    ALTER TABLE evidence ADD COLUMN origin TEXT;
    CREATE UNIQUE INDEX evidence_origin ON evidence (user_key, origin);
    """,
)
"""Schema steps; ``PRAGMA user_version`` records how many have run. Append, never edit."""


class SqliteStore(SqliteInbox):
    """A SessionStore (and InboxStore) on one SQLite file; ``await SqliteStore.open(path)``."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    @classmethod
    async def open(cls, path: str | Path) -> SqliteStore:
        """Open (creating folders and file as needed), switch to WAL and migrate."""
        target = Path(path)
        try:
            if str(target) != ":memory:":
                _private_file(target)
            db = await aiosqlite.connect(target)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"cannot open the database {target}: {exc}") from exc
        try:
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute("PRAGMA synchronous=NORMAL")
            await db.execute("PRAGMA busy_timeout=5000")
            # Deleted rows are overwritten, so /forget and expiry leave no readable trace.
            await db.execute("PRAGMA secure_delete=ON")
            await _migrate(db)
        except BaseException as exc:
            await db.close()  # an open connection's thread would keep the process alive
            if isinstance(exc, sqlite3.Error):
                raise StorageError(f"cannot prepare the database {target}: {exc}") from exc
            raise
        return cls(db)

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

    async def set_anchor(self, user: str, message_id: int | None) -> None:
        """Record the message that shows the user's current question."""
        await self._db.execute(
            "UPDATE sessions SET anchor = ? WHERE user_key = ?", (message_id, user)
        )
        await self._db.commit()

    async def add_evidence(self, user: str, data: dict[str, object], now: float) -> int:
        """Keep one analyzed message (its verdict and text) for /evidence; return its id."""
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        cursor = await self._db.execute(
            "INSERT INTO evidence (user_key, data, created_at) VALUES (?, ?, ?)", (user, text, now)
        )
        await self._db.commit()
        return int(cursor.lastrowid or 0)

    async def get_evidence(
        self, user: str, evidence_id: int, *, since: float = 0.0
    ) -> dict[str, object] | None:
        """One kept message of ``user`` kept at ``since`` or later (None if gone, expired
        or someone else's)."""
        async with self._db.execute(
            "SELECT data FROM evidence WHERE user_key = ? AND id = ? AND created_at >= ?",
            (user, evidence_id, since),
        ) as cursor:
            row = await cursor.fetchone()
        try:
            return dict(json.loads(row[0])) if row else None
        except (ValueError, TypeError):
            return None

    async def evidence(
        self, user: str, *, since: float = 0.0
    ) -> list[tuple[float, dict[str, object]]]:
        """The user's messages kept at ``since`` or later, oldest first, with their time."""
        async with self._db.execute(
            "SELECT created_at, data FROM evidence WHERE user_key = ? AND created_at >= ? "
            "ORDER BY id",
            (user, since),
        ) as cursor:
            rows = await cursor.fetchall()
        out: list[tuple[float, dict[str, object]]] = []
        for created, data in rows:
            try:
                out.append((float(created), dict(json.loads(data))))
            except (ValueError, TypeError):
                continue
        return out

    async def forget(self, user: str) -> int:
        """Delete every row about ``user``, in every table."""
        removed = 0
        for table in ("sessions", "evidence", "replies"):
            column = "chat_key" if table == "replies" else "user_key"
            cursor = await self._db.execute(f"DELETE FROM {table} WHERE {column} = ?", (user,))
            removed += cursor.rowcount
        await self._db.commit()
        await self._scrub()
        return removed

    async def expire(self, before: float) -> int:
        """Delete sessions not written, and evidence not kept, since ``before``."""
        sessions = await self._db.execute("DELETE FROM sessions WHERE updated_at < ?", (before,))
        evidence = await self._db.execute("DELETE FROM evidence WHERE created_at < ?", (before,))
        await self._db.commit()
        removed = sessions.rowcount + evidence.rowcount
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


def _private_file(target: Path) -> None:
    """Create the folder (0700) and the file (0600), or tighten an existing file to 0600.

    SQLite gives the -wal and -shm files the mode of the database file, so they are
    private too. An existing folder is left as it is (it may be shared, like /tmp).
    """
    if not target.parent.exists():
        target.parent.mkdir(parents=True, mode=0o700)
        target.parent.chmod(0o700)  # mkdir's mode is reduced by the umask
    fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    for suffix in ("-wal", "-shm", "-journal"):  # left by an earlier run
        side = target.with_name(target.name + suffix)
        if side.exists():
            side.chmod(0o600)


async def _migrate(db: aiosqlite.Connection) -> None:
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    version = int(row[0]) if row else 0
    if version > len(MIGRATIONS):
        raise StorageError(
            f"the database is at schema {version}, newer than this program ({len(MIGRATIONS)})"
        )
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        await db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
