"""The SQLite schema: versioned forward migrations and the private database file."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from bot.errors import StorageError

__all__ = ["MIGRATIONS", "migrate", "private_file", "truncate_wal"]

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
    # --- s5-replicas ---
    # 5: the newest update applied to the session (bot.storage.scope): a redelivered or
    # late update at or below it is not applied again.
    "ALTER TABLE sessions ADD COLUMN last_update_id INTEGER",
    # 6 (s5-follow): follow-ups and repayment reminders (bot.reminders). A row is 'due'
    # until a runner claims it ('sending', claimed_at: a lease), then it is deleted.
    """
    CREATE TABLE reminders (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,  -- an old cancel button never hits a new row
        user_key   TEXT NOT NULL,
        kind       TEXT NOT NULL,
        due_at     REAL NOT NULL,
        payload    TEXT NOT NULL,
        state      TEXT NOT NULL DEFAULT 'due',
        claimed_at REAL,
        attempts   INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX reminders_due ON reminders (state, due_at);
    CREATE INDEX reminders_user ON reminders (user_key, kind);
    """,
)
"""Schema steps; ``PRAGMA user_version`` records how many have run. Append, never edit.

The typed evidence record (``bot.evidence``) keeps schema 3's JSON in
``evidence.data``, so it needed no step of its own."""


def private_file(target: Path) -> None:
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


def migrate(db: sqlite3.Connection) -> None:
    """Run the steps the file has not had yet, each in its own transaction."""
    row = db.execute("PRAGMA user_version").fetchone()
    version = int(row[0]) if row else 0
    if version > len(MIGRATIONS):
        raise StorageError(
            f"the database is at schema {version}, newer than this program ({len(MIGRATIONS)})"
        )
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")


def truncate_wal(db: sqlite3.Connection) -> None:
    """Fold the WAL back into the file and truncate it (after rows were deleted)."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
