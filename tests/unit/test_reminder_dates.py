"""Monthly repayment reminders: which day they fall on (DOMAIN 4.3), China time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.reminders.dates import REMIND_AT, due_in_month, next_repayment, shift_month
from bot.reminders.model import Kind, Reminder, following, repayment
from bot.report.model import BEIJING


def _china(y: int, m: int, d: int, hour: int = 12) -> datetime:
    return datetime(y, m, d, hour, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("year", "month", "day", "expected"),
    [
        (2027, 2, 31, date(2027, 2, 28)),  # February, common year
        (2028, 2, 31, date(2028, 2, 29)),  # leap year
        (2100, 2, 29, date(2100, 2, 28)),  # not a leap year (divisible by 100)
        (2000, 2, 30, date(2000, 2, 29)),  # a leap year (divisible by 400)
        (2026, 4, 31, date(2026, 4, 30)),  # a 30-day month
        (2026, 12, 31, date(2026, 12, 31)),
        (2026, 6, 15, date(2026, 6, 15)),
    ],
)
def test_a_due_day_the_month_lacks_falls_on_its_last_day(
    year: int, month: int, day: int, expected: date
) -> None:
    assert due_in_month(year, month, day) == expected


@pytest.mark.parametrize("day", [0, 32, -1])
def test_a_due_day_outside_1_to_31_is_refused(day: int) -> None:
    with pytest.raises(ValueError, match="1–31"):
        due_in_month(2026, 1, day)


def test_months_roll_over_the_year_both_ways() -> None:
    assert shift_month(2026, 12, 1) == (2027, 1)
    assert shift_month(2027, 1, -1) == (2026, 12)
    assert shift_month(2026, 11, 14) == (2028, 1)


def test_day_31_reminds_at_the_end_of_february_then_of_march() -> None:
    remind, due = next_repayment(_china(2027, 2, 1), day=31, ahead=3)
    assert due == date(2027, 2, 28)
    assert remind == datetime.combine(date(2027, 2, 25), REMIND_AT)
    remind, due = next_repayment(remind, day=31, ahead=3)  # once it has been sent
    assert (remind.date(), due) == (date(2027, 3, 28), date(2027, 3, 31))


def test_december_goes_on_to_january_of_the_next_year() -> None:
    remind, due = next_repayment(_china(2026, 12, 20), day=10, ahead=2)
    assert (remind.date(), due) == (date(2027, 1, 8), date(2027, 1, 10))


def test_a_reminder_ahead_of_the_1st_falls_in_the_month_before() -> None:
    remind, due = next_repayment(_china(2026, 12, 20), day=1, ahead=3)
    assert (remind.date(), due) == (date(2026, 12, 29), date(2027, 1, 1))
    remind, due = next_repayment(_china(2027, 2, 26), day=1, ahead=3)  # Feb 26 2027 > Feb 26 09:00
    assert (remind.date(), due) == (date(2027, 3, 29), date(2027, 4, 1))


def test_today_still_counts_before_nine_and_not_after() -> None:
    early = next_repayment(_china(2026, 12, 7, hour=8), day=10, ahead=3)
    late = next_repayment(_china(2026, 12, 7, hour=10), day=10, ahead=3)
    assert early[1] == date(2026, 12, 10)
    assert late[1] == date(2027, 1, 10)


def test_china_time_decides_the_day_not_utc() -> None:
    # 2026-12-06 23:30 UTC is already 07:30 on the 7th in China: that day's 09:00 is next.
    remind, due = next_repayment(datetime(2026, 12, 6, 23, 30, tzinfo=UTC), day=10, ahead=3)
    assert (remind.date(), due) == (date(2026, 12, 7), date(2026, 12, 10))


def test_the_monthly_reminder_follows_itself_and_a_one_off_does_not() -> None:
    first = repayment("tg:1", _china(2027, 1, 30, hour=8).timestamp(), day=31, ahead=1, lang="en")
    assert first.payload["due"] == "2027-01-31"
    second = following(first, first.due_at)
    assert second is not None
    assert (second.payload["due"], second.kind) == ("2027-02-28", Kind.REPAYMENT)
    assert second.user == "tg:1"
    once = Reminder("tg:1", Kind.SUPPORT, first.due_at)
    assert following(once, first.due_at) is None


def test_after_a_long_outage_the_next_reminder_is_not_already_past() -> None:
    first = repayment("tg:1", _china(2027, 1, 1).timestamp(), day=15, ahead=0, lang="zh-Hans")
    months_later = _china(2027, 5, 20).timestamp()
    after = following(first, months_later)
    assert after is not None
    assert after.due_at > months_later
    assert after.payload["due"] == "2027-06-15"
