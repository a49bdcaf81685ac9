"""The durable-receipt tables of the SQLite store: the inbox and the reply journal.

Mixed into ``SqliteStore`` (same connection, same file); see ``bot.storage.port.InboxStore``
for what each method promises and ``bot.channels.telegram.inbox`` for how they are used.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.storage.guard import guarded
from bot.storage.port import JournalStart
from bot.storage.scope import Applying
from bot.storage.sqlite_db import Db

__all__ = ["SqliteInbox"]


class SqliteInbox:
    """InboxStore methods; expects ``self._db`` (set by ``SqliteStore``)."""

    _db: Db

    @guarded
    async def inbox_add(self, update_id: int, chat_key: str, data: str, now: float) -> bool:
        """Record an update unless its id was seen before; True when it is new."""
        return await self._db.run(
            lambda conn: (
                conn.execute(
                    "INSERT OR IGNORE INTO inbox (update_id, chat_key, data, received_at) "
                    "VALUES (?, ?, ?, ?)",
                    (update_id, chat_key, data, now),
                ).rowcount
                == 1
            )
        )

    @guarded
    async def inbox_pending(self) -> list[tuple[int, str]]:
        """Updates recorded but not yet answered, oldest first: (update_id, JSON)."""
        rows = await self._db.run(
            lambda conn: conn.execute(
                "SELECT update_id, data FROM inbox WHERE data IS NOT NULL ORDER BY update_id"
            ).fetchall()
        )
        return [(int(row[0]), str(row[1])) for row in rows]

    @guarded
    async def inbox_done(self, update_id: int, chat_key: str) -> None:
        """The update is answered: drop its content and close the chat's journal (one commit)."""
        await self._db.run(lambda conn: _done(conn, chat_key, update_id))

    @guarded
    async def inbox_prune(self, before: float) -> int:
        """Forget answered update ids received before ``before`` (redeliveries are long over)."""
        return await self._db.run(
            lambda conn: int(
                conn.execute(
                    "DELETE FROM inbox WHERE data IS NULL AND received_at < ?", (before,)
                ).rowcount
            ),
            blocking=True,  # a bulk delete: in the worker thread, not on the loop
        )

    @guarded
    async def journal_begin(self, chat_key: str, update_id: int, user: str | None) -> JournalStart:
        """Open the chat's journal for ``update_id``; on a second start, roll back to replay.

        First start: keep ``user``'s session row as it is now. Again (after a crash or a
        failed attempt): put that row back, so the update is decided again from the same
        state, and return the messages already sent for it.
        """
        return await self._db.run(lambda conn: _begin(conn, chat_key, update_id, user))

    @asynccontextmanager
    async def applying(
        self, chat_key: str, user: str | None, update_id: int
    ) -> AsyncIterator[Applying]:
        """The scope of one update (``bot.storage.scope``): one process owns the file and
        its inbox answers a chat's updates one at a time, so no lock; kept, the update is
        marked applied (``last_update_id``, the inbox row) in one commit."""
        scope = Applying(await self._applied(user, update_id))
        yield scope
        if scope.keep:
            await self._mark_applied(chat_key, user, update_id, scope.applied_before)

    @guarded
    async def _applied(self, user: str | None, update_id: int) -> bool:
        """Done in the inbox, or at or below the session's ``last_update_id`` (one query)."""
        row = await self._db.run(
            lambda conn: conn.execute(
                "SELECT (SELECT data IS NULL FROM inbox WHERE update_id = ?), "
                "(SELECT last_update_id FROM sessions WHERE user_key = ?)",
                (update_id, user),
            ).fetchone()
        )
        done, last = (row[0], row[1]) if row is not None else (None, None)
        return bool(done) or (last is not None and int(last) >= update_id)

    @guarded
    async def _mark_applied(
        self, chat_key: str, user: str | None, update_id: int, before: bool
    ) -> None:
        def unit(conn: sqlite3.Connection) -> None:
            if user is not None and not before:
                conn.execute(
                    "UPDATE sessions SET last_update_id = max(coalesce(last_update_id, 0), ?) "
                    "WHERE user_key = ?",
                    (update_id, user),
                )
            _done(conn, chat_key, update_id)

        await self._db.run(unit)

    @guarded
    async def journal_sent(self, chat_key: str, message_id: int) -> None:
        """One more message was sent in the chat for the journal's update."""
        await self._db.run(
            lambda conn: conn.execute(
                "UPDATE replies SET sent = json_insert(sent, '$[#]', ?), "
                "last_msg = max(coalesce(last_msg, 0), ?) WHERE chat_key = ?",
                (message_id, message_id, chat_key),
            )
        )


def _done(conn: sqlite3.Connection, chat_key: str, update_id: int) -> None:
    conn.execute("UPDATE inbox SET data = NULL, chat_key = NULL WHERE update_id = ?", (update_id,))
    conn.execute(
        "UPDATE replies SET update_id = NULL, sent = '[]', snapshot = NULL "
        "WHERE chat_key = ? AND update_id = ?",
        (chat_key, update_id),
    )


def _begin(
    conn: sqlite3.Connection, chat_key: str, update_id: int, user: str | None
) -> JournalStart:
    row = conn.execute(
        "SELECT update_id, sent, last_msg, snapshot FROM replies WHERE chat_key = ?",
        (chat_key,),
    ).fetchone()
    last = int(row[2]) if row and row[2] is not None else None
    if row is not None and row[0] == update_id:
        if user is not None and row[3] is not None:
            _restore(conn, user, json.loads(row[3]))
        sent = [int(m) for m in json.loads(row[1])]
        return JournalStart(replay=True, sent=tuple(sent), last_msg=last)
    snapshot = json.dumps(_snapshot(conn, user)) if user is not None else None
    conn.execute(
        "INSERT INTO replies (chat_key, update_id, sent, last_msg, snapshot) "
        "VALUES (?, ?, '[]', ?, ?) ON CONFLICT (chat_key) DO UPDATE SET "
        "update_id = excluded.update_id, sent = '[]', snapshot = excluded.snapshot",
        (chat_key, update_id, last, snapshot),
    )
    return JournalStart(replay=False, sent=(), last_msg=last)


def _snapshot(conn: sqlite3.Connection, user: str) -> dict[str, object]:
    row = conn.execute(
        "SELECT data, updated_at, anchor FROM sessions WHERE user_key = ?", (user,)
    ).fetchone()
    if row is None:
        return {"row": None}
    return {"row": {"data": row[0], "updated_at": row[1], "anchor": row[2]}}


def _restore(conn: sqlite3.Connection, user: str, snapshot: dict[str, object]) -> None:
    saved = snapshot.get("row")
    if not isinstance(saved, dict):
        conn.execute("DELETE FROM sessions WHERE user_key = ?", (user,))
        return
    conn.execute(
        "INSERT INTO sessions (user_key, data, updated_at, anchor) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (user_key) DO UPDATE SET data = excluded.data, "
        "updated_at = excluded.updated_at, anchor = excluded.anchor",
        (user, saved["data"], saved["updated_at"], saved["anchor"]),
    )
