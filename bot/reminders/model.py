"""A reminder the bot owes a user: what kind, when (UTC epoch seconds), and its values.

Stored as a row (``bot.storage.port.ReminderStore``), sent by ``bot.reminders.runner``.
The payload holds only choices the user made (a due day, a number of days, a language),
never message text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum

from bot.reminders.dates import next_repayment

__all__ = ["Kind", "Reminder", "following", "repayment"]


class Kind(StrEnum):
    """What the reminder is for (the values are stored: do not rename)."""

    PROCESSING = "processing"
    """Check the repayment status again (the likely cause was ``processing_delay``)."""
    SUPPORT = "support"
    """A week after contacting support: ask whether the messages stopped."""
    REPAYMENT = "repayment"
    """Monthly, ``ahead`` days before the due ``day`` (DOMAIN 4.3)."""


@dataclass(frozen=True, slots=True)
class Reminder:
    """One reminder; ``id`` is the store's, ``attempts`` how often sending was tried."""

    user: str
    kind: Kind
    due_at: float
    payload: Mapping[str, str] = field(default_factory=dict)
    id: int | None = None
    attempts: int = 0


def repayment(user: str, now: float, day: int, ahead: int, lang: str) -> Reminder:
    """The next monthly repayment reminder for a due ``day``, ``ahead`` days early."""
    when, due = next_repayment(datetime.fromtimestamp(now, UTC), day, ahead)
    payload = {"day": str(day), "ahead": str(ahead), "due": due.isoformat(), "lang": lang}
    return Reminder(user, Kind.REPAYMENT, when.timestamp(), payload)


def following(reminder: Reminder, now: float) -> Reminder | None:
    """The reminder that replaces ``reminder`` once it is sent at ``now``: the next month's
    for a monthly one (never one already past, after a long outage), None for a one-off."""
    if reminder.kind is not Kind.REPAYMENT:
        return None
    try:
        day, ahead = int(reminder.payload["day"]), int(reminder.payload["ahead"])
        lang = reminder.payload.get("lang", "")
        after = repayment(reminder.user, max(reminder.due_at, now), day, ahead, lang)
    except (KeyError, ValueError):
        return None  # an unreadable row is not repeated
    return replace(after, id=None)
