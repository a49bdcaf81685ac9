"""The durable-receipt tables of the PostgreSQL store: the inbox and the reply journal.

Mixed into ``PostgresStore`` (same pool); see ``bot.storage.port.InboxStore`` for what each
method promises and ``bot.storage.sqlite_inbox`` for the same on SQLite.
"""

from __future__ import annotations

import json

from bot.storage.port import JournalStart
from bot.storage.postgres_schema import Conn, guarded, rows
from bot.storage.postgres_scope import PostgresBase

__all__ = ["PostgresInbox"]


class PostgresInbox(PostgresBase):
    """InboxStore methods. The receipt and the journal always use a pooled connection of
    their own (committed at once, outside any update's transaction: see
    ``bot.storage.postgres_scope``); ``inbox_done`` joins the update's transaction."""

    @guarded
    async def inbox_add(self, update_id: int, chat_key: str, data: str, now: float) -> bool:
        """Record an update unless its id was seen before; True when it is new."""
        status = await self._pool.execute(
            "INSERT INTO inbox (update_id, chat_key, data, received_at) "
            "VALUES ($1, $2, $3, $4) ON CONFLICT (update_id) DO NOTHING",
            update_id,
            chat_key,
            data,
            now,
        )
        return rows(status) == 1

    @guarded
    async def inbox_pending(self) -> list[tuple[int, str]]:
        """Updates recorded but not yet answered, oldest first: (update_id, JSON)."""
        found = await self._pool.fetch(
            "SELECT update_id, data FROM inbox WHERE data IS NOT NULL ORDER BY update_id"
        )
        return [(int(row["update_id"]), str(row["data"])) for row in found]

    @guarded
    async def inbox_done(self, update_id: int, chat_key: str) -> None:
        """The update is answered: drop its content and close the chat's journal."""
        async with self._conn() as conn, conn.transaction():
            await conn.execute(
                "UPDATE inbox SET data = NULL, chat_key = NULL WHERE update_id = $1", update_id
            )
            await conn.execute(
                "UPDATE replies SET update_id = NULL, sent = '{}', snapshot = NULL "
                "WHERE chat_key = $1 AND update_id = $2",
                chat_key,
                update_id,
            )

    @guarded
    async def inbox_prune(self, before: float) -> int:
        """Forget answered update ids received before ``before``."""
        return rows(
            await self._pool.execute(
                "DELETE FROM inbox WHERE data IS NULL AND received_at < $1", before
            )
        )

    @guarded
    async def journal_begin(self, chat_key: str, update_id: int, user: str | None) -> JournalStart:
        """Open the chat's journal for ``update_id``; on a second start, roll back to replay
        (the journal row is locked for the transaction, so two starts do not interleave)."""
        async with self._pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(
                "SELECT update_id, sent, last_msg, snapshot FROM replies "
                "WHERE chat_key = $1 FOR UPDATE",
                chat_key,
            )
            last: int | None = row["last_msg"] if row is not None else None
            if row is not None and row["update_id"] == update_id:
                if user is not None and row["snapshot"] is not None:
                    await _restore(conn, user, json.loads(row["snapshot"]))
                sent = tuple(int(m) for m in row["sent"])
                return JournalStart(replay=True, sent=sent, last_msg=last)
            snapshot = json.dumps(await _snapshot(conn, user)) if user is not None else None
            await conn.execute(
                "INSERT INTO replies (chat_key, update_id, sent, last_msg, snapshot) "
                "VALUES ($1, $2, '{}', $3, $4) ON CONFLICT (chat_key) DO UPDATE SET "
                "update_id = excluded.update_id, sent = '{}', snapshot = excluded.snapshot",
                chat_key,
                update_id,
                last,
                snapshot,
            )
        return JournalStart(replay=False, sent=(), last_msg=last)

    @guarded
    async def journal_sent(self, chat_key: str, message_id: int) -> None:
        """One more message was sent in the chat for the journal's update."""
        await self._pool.execute(
            "UPDATE replies SET sent = array_append(sent, $2::bigint), "
            "last_msg = greatest(last_msg, $2::bigint) WHERE chat_key = $1",
            chat_key,
            message_id,
        )


async def _snapshot(conn: Conn, user: str) -> dict[str, object]:
    row = await conn.fetchrow(
        "SELECT data, updated_at, anchor FROM sessions WHERE user_key = $1", user
    )
    if row is None:
        return {"row": None}
    return {"row": {"data": row["data"], "updated_at": row["updated_at"], "anchor": row["anchor"]}}


async def _restore(conn: Conn, user: str, snapshot: dict[str, object]) -> None:
    saved = snapshot.get("row")
    if not isinstance(saved, dict):
        await conn.execute("DELETE FROM sessions WHERE user_key = $1", user)
        return
    await conn.execute(
        "INSERT INTO sessions (user_key, data, updated_at, anchor) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (user_key) DO UPDATE SET data = excluded.data, "
        "updated_at = excluded.updated_at, anchor = excluded.anchor",
        user,
        saved["data"],
        saved["updated_at"],
        saved["anchor"],
    )
