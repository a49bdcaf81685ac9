"""The reminders table of the SQLite store (``bot.storage.port.ReminderStore``).

Mixed into ``SqliteStore`` (same connection, same file). A claim is one ``UPDATE …
RETURNING`` statement, so two processes sharing the file never claim the same row.
"""

from __future__ import annotations

import json
import logging
import sqlite3

from bot.reminders.model import Kind, Reminder
from bot.storage.guard import guarded
from bot.storage.sqlite_db import Db

__all__ = ["SqliteReminders", "reminder_from_row"]

log = logging.getLogger(__name__)
_COLUMNS = "id, user_key, kind, due_at, payload, attempts"
_WAITING = "state IN ('due', 'sending')"


class SqliteReminders:
    """ReminderStore methods; expects ``self._db`` (set by ``SqliteStore``)."""

    _db: Db

    @guarded
    async def add_reminder(self, reminder: Reminder) -> int:
        """Keep a reminder, replacing the user's reminder of the same kind."""
        payload = json.dumps(dict(reminder.payload), ensure_ascii=False, separators=(",", ":"))

        def unit(conn: sqlite3.Connection) -> int:
            conn.execute(
                "DELETE FROM reminders WHERE user_key = ? AND kind = ?",
                (reminder.user, reminder.kind.value),
            )
            cursor = conn.execute(
                "INSERT INTO reminders (user_key, kind, due_at, payload) VALUES (?, ?, ?, ?)",
                (reminder.user, reminder.kind.value, reminder.due_at, payload),
            )
            return int(cursor.lastrowid or 0)

        return await self._db.run(unit)

    @guarded
    async def reminders(self, user: str) -> list[Reminder]:
        """The user's reminders not yet sent, soonest first."""
        rows = await self._db.run(
            lambda conn: conn.execute(
                f"SELECT {_COLUMNS} FROM reminders WHERE user_key = ? AND {_WAITING} "
                "ORDER BY due_at, id",
                (user,),
            ).fetchall()
        )
        return [r for row in rows if (r := reminder_from_row(tuple(row))) is not None]

    @guarded
    async def cancel_reminder(self, user: str, reminder_id: int) -> bool:
        """Delete one reminder of ``user``."""
        return await self._db.run(
            lambda conn: (
                conn.execute(
                    "DELETE FROM reminders WHERE id = ? AND user_key = ?", (reminder_id, user)
                ).rowcount
                == 1
            )
        )

    @guarded
    async def claim_reminders(
        self, now: float, *, limit: int, lease: float, prefix: str = "", user: str | None = None
    ) -> list[Reminder]:
        """Take the due reminders (and those whose claim ran out) in one statement."""
        rows = await self._db.run(
            lambda conn: conn.execute(
                "UPDATE reminders SET state = 'sending', claimed_at = ?, attempts = attempts + 1 "
                "WHERE id IN (SELECT id FROM reminders WHERE substr(user_key, 1, ?) = ? AND "
                "(? IS NULL OR user_key = ?) AND "
                "((state = 'due' AND due_at <= ?) OR (state = 'sending' AND claimed_at <= ?)) "
                f"ORDER BY due_at, id LIMIT ?) RETURNING {_COLUMNS}",
                (now, len(prefix), prefix, user, user, now, now - lease, limit),
            ).fetchall()
        )
        found = [r for row in rows if (r := reminder_from_row(tuple(row))) is not None]
        return sorted(found, key=lambda r: (r.due_at, r.id or 0))

    @guarded
    async def finish_reminder(self, reminder_id: int, then: Reminder | None) -> bool:
        """Retire a claimed reminder and add the next one, in one transaction."""

        def unit(conn: sqlite3.Connection) -> bool:
            cursor = conn.execute(
                "DELETE FROM reminders WHERE id = ? AND state = 'sending'", (reminder_id,)
            )
            gone = cursor.rowcount == 1
            if gone and then is not None:
                payload = json.dumps(dict(then.payload), ensure_ascii=False)
                conn.execute(
                    "INSERT INTO reminders (user_key, kind, due_at, payload) VALUES (?, ?, ?, ?)",
                    (then.user, then.kind.value, then.due_at, payload),
                )
            return gone

        return await self._db.run(unit)


def reminder_from_row(row: tuple[object, ...]) -> Reminder | None:
    """A stored row (``id, user_key, kind, due_at, payload, attempts``) as a Reminder;
    None when unreadable (a kind this program does not know)."""
    number, user, kind, due, payload, attempts = row
    try:
        values = json.loads(str(payload))
        return Reminder(
            user=str(user),
            kind=Kind(str(kind)),
            due_at=float(due),  # type: ignore[arg-type]
            payload={str(k): str(v) for k, v in dict(values).items()},
            id=int(number),  # type: ignore[call-overload]
            attempts=int(attempts),  # type: ignore[call-overload]
        )
    except (ValueError, TypeError):
        log.warning("a stored reminder is unreadable; it is skipped")
        return None
