"""The reminders table of the PostgreSQL store (``bot.storage.port.ReminderStore``).

Mixed into ``PostgresStore`` (same pool). Replicas claim with ``FOR UPDATE SKIP LOCKED``:
each due row goes to one of them, and none waits for another's claim.
"""

from __future__ import annotations

import json

from bot.reminders.model import Reminder
from bot.storage.postgres_schema import guarded, rows
from bot.storage.postgres_scope import PostgresBase
from bot.storage.sqlite_reminders import reminder_from_row

__all__ = ["PostgresReminders"]

_COLUMNS = "id, user_key, kind, due_at, payload, attempts"


class PostgresReminders(PostgresBase):
    """ReminderStore methods; inside an update's scope they run on its transaction."""

    @guarded
    async def add_reminder(self, reminder: Reminder) -> int:
        """Keep a reminder, replacing the user's reminder of the same kind."""
        payload = json.dumps(dict(reminder.payload), ensure_ascii=False, separators=(",", ":"))
        async with self._conn() as conn, conn.transaction():
            await conn.execute(
                "DELETE FROM reminders WHERE user_key = $1 AND kind = $2",
                reminder.user,
                reminder.kind.value,
            )
            number = await conn.fetchval(
                "INSERT INTO reminders (user_key, kind, due_at, payload) "
                "VALUES ($1, $2, $3, $4) RETURNING id",
                reminder.user,
                reminder.kind.value,
                reminder.due_at,
                payload,
            )
        return int(number)

    @guarded
    async def reminders(self, user: str) -> list[Reminder]:
        """The user's reminders not yet sent, soonest first."""
        async with self._conn() as conn:
            found = await conn.fetch(
                f"SELECT {_COLUMNS} FROM reminders WHERE user_key = $1 "
                "AND state IN ('due', 'sending') ORDER BY due_at, id",
                user,
            )
        return [r for row in found if (r := reminder_from_row(tuple(row))) is not None]

    @guarded
    async def cancel_reminder(self, user: str, reminder_id: int) -> bool:
        """Delete one reminder of ``user``."""
        async with self._conn() as conn:
            status = await conn.execute(
                "DELETE FROM reminders WHERE id = $1 AND user_key = $2", reminder_id, user
            )
        return rows(status) == 1

    @guarded
    async def claim_reminders(
        self, now: float, *, limit: int, lease: float, prefix: str = "", user: str | None = None
    ) -> list[Reminder]:
        """Take the due reminders (and those whose claim ran out), skipping rows another
        replica is claiming this very moment."""
        async with self._conn() as conn:
            found = await conn.fetch(
                "UPDATE reminders SET state = 'sending', claimed_at = $1, attempts = attempts + 1 "
                "WHERE id IN (SELECT id FROM reminders WHERE substr(user_key, 1, $2) = $3 AND "
                "($6::text IS NULL OR user_key = $6) AND "
                "((state = 'due' AND due_at <= $1) OR (state = 'sending' AND claimed_at <= $4)) "
                f"ORDER BY due_at, id LIMIT $5 FOR UPDATE SKIP LOCKED) RETURNING {_COLUMNS}",
                now,
                len(prefix),
                prefix,
                now - lease,
                limit,
                user,
            )
        claimed = [r for row in found if (r := reminder_from_row(tuple(row))) is not None]
        return sorted(claimed, key=lambda r: (r.due_at, r.id or 0))

    @guarded
    async def finish_reminder(self, reminder_id: int, then: Reminder | None) -> bool:
        """Retire a claimed reminder and add the next one, in one transaction."""
        async with self._conn() as conn, conn.transaction():
            status = await conn.execute(
                "DELETE FROM reminders WHERE id = $1 AND state = 'sending'", reminder_id
            )
            gone = rows(status) == 1
            if gone and then is not None:
                await conn.execute(
                    "INSERT INTO reminders (user_key, kind, due_at, payload) "
                    "VALUES ($1, $2, $3, $4)",
                    then.user,
                    then.kind.value,
                    then.due_at,
                    json.dumps(dict(then.payload), ensure_ascii=False),
                )
        return gone
