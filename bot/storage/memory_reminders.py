"""The reminders of the in-memory store (``bot.storage.port.ReminderStore``).

Mixed into ``MemoryStore``; each method is atomic (no await inside), like the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.reminders.model import Reminder

__all__ = ["MemoryReminders"]


@dataclass
class _Row:
    reminder: Reminder
    claimed_at: float | None = None  # None: due; else claimed ("sending") at this time


class MemoryReminders:
    """ReminderStore methods in a dict."""

    _reminders: dict[int, _Row]
    _next_reminder: int

    def _init_reminders(self) -> None:
        self._reminders = {}
        self._next_reminder = 1

    async def add_reminder(self, reminder: Reminder) -> int:
        self._drop_reminders(lambda r: r.user == reminder.user and r.kind is reminder.kind)
        return self._insert_reminder(reminder)

    async def reminders(self, user: str) -> list[Reminder]:
        mine = [row.reminder for row in self._reminders.values() if row.reminder.user == user]
        return sorted(mine, key=lambda r: (r.due_at, r.id or 0))

    async def cancel_reminder(self, user: str, reminder_id: int) -> bool:
        row = self._reminders.get(reminder_id)
        if row is None or row.reminder.user != user:
            return False
        del self._reminders[reminder_id]
        return True

    async def claim_reminders(
        self, now: float, *, limit: int, lease: float, prefix: str = "", user: str | None = None
    ) -> list[Reminder]:
        ready = sorted(
            (
                row
                for row in self._reminders.values()
                if row.reminder.user.startswith(prefix)
                and user in (None, row.reminder.user)
                and (
                    (row.claimed_at is None and row.reminder.due_at <= now)
                    or (row.claimed_at is not None and row.claimed_at <= now - lease)
                )
            ),
            key=lambda row: (row.reminder.due_at, row.reminder.id or 0),
        )[:limit]
        for row in ready:
            row.claimed_at = now
            row.reminder = replace(row.reminder, attempts=row.reminder.attempts + 1)
        return [row.reminder for row in ready]

    async def finish_reminder(self, reminder_id: int, then: Reminder | None) -> bool:
        row = self._reminders.get(reminder_id)
        if row is None or row.claimed_at is None:
            return False
        del self._reminders[reminder_id]
        if then is not None:
            self._insert_reminder(then)
        return True

    def _insert_reminder(self, reminder: Reminder) -> int:
        number, self._next_reminder = self._next_reminder, self._next_reminder + 1
        self._reminders[number] = _Row(replace(reminder, id=number, attempts=0))
        return number

    def _drop_reminders(self, which: Callable[[Reminder], bool]) -> int:
        gone = [n for n, row in self._reminders.items() if which(row.reminder)]
        for number in gone:
            del self._reminders[number]
        return len(gone)
