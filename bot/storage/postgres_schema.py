"""The PostgreSQL schema (versioned forward migrations, safe when replicas start together),
and ``guarded``: driver errors → StorageError.

``schema_version`` holds one row: how many steps of ``MIGRATIONS`` have run. Migrating
takes a transaction-scoped advisory lock first, so when two replicas start at once the
second waits, then finds the schema already current (PostgreSQL's DDL is transactional:
a failed step leaves nothing half-done).
"""

from __future__ import annotations

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from bot.errors import StorageError
from bot.storage.guard import guarded_by

__all__ = [
    "DRIVER_ERRORS",
    "MIGRATIONS",
    "MIGRATION_LOCK",
    "Conn",
    "guarded",
    "migrate",
    "reason",
    "rows",
    "schema_version",
]

Conn = asyncpg.Connection | PoolConnectionProxy
"""A connection, or the pool's proxy for one."""

MIGRATION_LOCK = 0x7061_6964_6F66_6600
"""The advisory lock key held while migrating (``b"paidoff"``; any bigint no other
program on the database uses)."""

MIGRATIONS: tuple[str, ...] = (
    # 1: SQLite's schema 4 in one step (see bot.storage.sqlite_schema for what each table
    # is for). Times are epoch seconds as double precision, like SQLite's REAL; the
    # session and evidence JSON is kept as text, exactly as written.
    """
    CREATE TABLE sessions (
        user_key   text PRIMARY KEY,
        data       text NOT NULL,
        updated_at double precision NOT NULL,
        anchor     bigint
    );
    CREATE INDEX sessions_updated_at ON sessions (updated_at);
    CREATE TABLE evidence (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_key   text NOT NULL,
        data       text NOT NULL,
        created_at double precision NOT NULL,
        origin     text
    );
    CREATE INDEX evidence_user ON evidence (user_key, created_at);
    CREATE INDEX evidence_created_at ON evidence (created_at);
    CREATE UNIQUE INDEX evidence_origin ON evidence (user_key, origin);
    CREATE TABLE inbox (
        update_id   bigint PRIMARY KEY,
        chat_key    text,
        data        text,
        received_at double precision NOT NULL
    );
    CREATE INDEX inbox_pending ON inbox (update_id) WHERE data IS NOT NULL;
    CREATE TABLE replies (
        chat_key  text PRIMARY KEY,
        update_id bigint,
        sent      bigint[] NOT NULL DEFAULT '{}',
        last_msg  bigint,
        snapshot  text
    );
    """,
    # --- s5-replicas ---
    # 2: the newest update applied to the session (bot.storage.scope), set in the same
    # transaction as the update's effects: a redelivered or late one is not applied again.
    "ALTER TABLE sessions ADD COLUMN last_update_id bigint",
    # 3 (s5-follow): follow-ups and repayment reminders (SQLite's schema 6).
    """
    CREATE TABLE reminders (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_key   text NOT NULL,
        kind       text NOT NULL,
        due_at     double precision NOT NULL,
        payload    text NOT NULL,
        state      text NOT NULL DEFAULT 'due',
        claimed_at double precision,
        attempts   integer NOT NULL DEFAULT 0
    );
    CREATE INDEX reminders_due ON reminders (state, due_at);
    CREATE INDEX reminders_user ON reminders (user_key, kind);
    """,
)
"""Schema steps; ``schema_version.version`` records how many have run. Append, never edit."""


async def schema_version(conn: Conn) -> int:
    """How many steps the database has had (0: none, or no schema_version table)."""
    exists = await conn.fetchval("SELECT to_regclass('schema_version') IS NOT NULL")
    if not exists:
        return 0
    value = await conn.fetchval("SELECT max(version) FROM schema_version")
    return int(value or 0)


async def migrate(conn: Conn) -> int:
    """Run the steps the database has not had yet, in one transaction under the migration
    lock; return the schema version. StorageError if the database is newer than us."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
        await conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
        version = await schema_version(conn)
        if version > len(MIGRATIONS):
            raise StorageError(
                f"the database is at schema {version}, newer than this program ({len(MIGRATIONS)})"
            )
        for script in MIGRATIONS[version:]:
            await conn.execute(script)
        if version < len(MIGRATIONS):
            await conn.execute("DELETE FROM schema_version")
            await conn.execute("INSERT INTO schema_version VALUES ($1)", len(MIGRATIONS))
    return len(MIGRATIONS)


def reason(exc: BaseException) -> str:
    """Why a driver call failed, without any value it was given."""
    # PostgreSQL's messages may quote a value ('invalid input syntax … "x"'), so only the
    # error class and SQLSTATE are said; the connection errors carry no data.
    state = getattr(exc, "sqlstate", None)
    return f"{type(exc).__name__} (SQLSTATE {state})" if state else type(exc).__name__


DRIVER_ERRORS: tuple[type[BaseException], ...] = (
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.InternalClientError,
    OSError,
    TimeoutError,
)
"""What asyncpg raises when the server fails, goes away or cannot be reached."""

guarded = guarded_by(DRIVER_ERRORS, reason)
"""Wrap a PostgreSQL store method: a driver error → StorageError naming the method."""


def rows(status: str) -> int:
    """The row count of a command status ("DELETE 3", "INSERT 0 1", "UPDATE 0")."""
    last = status.rpartition(" ")[2]
    return int(last) if last.isdigit() else 0
