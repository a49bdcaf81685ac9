"""The payoff day for "how many after the payoff date": offered from the answer, or typed.

The tree only learns a relative time (``paid_when``: today, 1–3 days ago …), and not when
it was answered, so the day itself is asked once, optionally, from /evidence: the days
the answer allows are offered as buttons (China time), and any day may be typed
("2026-11-20", "2026年11月20日", "11月20日", "11/20"). It is kept in the session's
settings (``paid_on``), so /restart keeps it and /forget removes it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta

from bot.engine.session import FactValue
from bot.normalize import fold

__all__ = ["ASK", "PAID_ON", "candidate_days", "paid_on", "parse_day"]

ASK = "ask"
"""``Session.pending`` key: what the conversation waits for the user to type (``paid_on``
here, ``due_day`` in ``bot.conversation.followups``)."""

PAID_ON = "paid_on"
"""``Session.settings`` key (an ISO date) and ``Session.pending`` value while it is asked."""
_RANGES = {"today": (0, 0), "1_3_days": (1, 3), "4_7_days": (4, 7)}
_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_SHORT = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")


def candidate_days(paid_when: FactValue | None, today: date) -> tuple[date, ...]:
    """The days the ``paid_when`` answer allows, newest first (none for "over a week")."""
    span = _RANGES.get(paid_when) if isinstance(paid_when, str) else None
    if span is None:
        return ()
    return tuple(today - timedelta(days=n) for n in range(span[0], span[1] + 1))


def parse_day(text: str, today: date) -> date | None:
    """A typed day, not after ``today``; a day without a year is the latest such day."""
    folded = fold(text).strip()
    try:
        full = _FULL.match(folded)
        if full:
            day = date(int(full.group(1)), int(full.group(2)), int(full.group(3)))
            return day if day <= today else None
        short = _SHORT.match(folded)
        if short:
            month, number = int(short.group(1)), int(short.group(2))
            for year in (today.year, today.year - 1):
                try:
                    day = date(year, month, number)
                except ValueError:
                    continue  # 2-29 in a common year: try the year before
                if day <= today:
                    return day
    except ValueError:
        return None
    return None


def paid_on(settings: Mapping[str, str]) -> date | None:
    """The payoff day kept in a session's settings, if any (an unreadable one is none)."""
    raw = settings.get(PAID_ON)
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None
