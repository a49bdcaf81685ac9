"""Calendar arithmetic for monthly repayment reminders (DOMAIN 4.3), in China time.

Pure: dates and datetimes in, dates and datetimes out. A due day the month does not have
(31 in April, 29–31 in February) falls on the month's last day; a reminder ``ahead`` days
early may fall in the month before (a due day of 1 reminds in the previous month).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta

from bot.chinatime import BEIJING

__all__ = ["REMIND_AT", "due_in_month", "next_repayment", "shift_month"]

REMIND_AT = time(9, 0, tzinfo=BEIJING)
"""The hour of a repayment reminder, China time (a morning, never at night)."""


def due_in_month(year: int, month: int, day: int) -> date:
    """The due date in ``year``-``month`` for a due day of ``day`` (1–31): the month's last
    day when it is shorter."""
    if not 1 <= day <= 31:
        raise ValueError(f"a due day is 1–31, not {day}")
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    """(year, month) ``by`` months later (December + 1 is January of the next year)."""
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def next_repayment(after: datetime, day: int, ahead: int) -> tuple[datetime, date]:
    """The first reminder strictly after ``after`` for a due day ``day`` reminded ``ahead``
    days early (0–27): when to remind (China time) and the due date it is about."""
    if not 0 <= ahead <= 27:
        raise ValueError(f"a reminder is 0–27 days ahead, not {ahead}")
    local = after.astimezone(BEIJING)
    year, month = shift_month(local.year, local.month, -1)  # a due day of 1 reminds early
    for _ in range(4):
        due = due_in_month(year, month, day)
        remind = datetime.combine(due - timedelta(days=ahead), REMIND_AT)
        if remind > local:
            return remind, due
        year, month = shift_month(year, month, 1)
    raise AssertionError("unreachable: a reminder falls in every month")  # pragma: no cover
