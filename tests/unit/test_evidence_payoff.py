"""The payoff day for "after the payoff date": the days an answer allows, and typed days."""

from __future__ import annotations

from datetime import date

import pytest

from bot.conversation.evidence_payoff import candidate_days, paid_on, parse_day

TODAY = date(2027, 3, 1)


def test_the_answer_offers_the_days_it_allows_newest_first() -> None:
    assert candidate_days("today", TODAY) == (TODAY,)
    assert candidate_days("1_3_days", TODAY) == (
        date(2027, 2, 28),
        date(2027, 2, 27),
        date(2027, 2, 26),
    )
    assert len(candidate_days("4_7_days", TODAY)) == 4
    assert candidate_days("over_7_days", TODAY) == ()  # too many to offer: typed instead
    assert candidate_days(None, TODAY) == ()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2027-02-20", date(2027, 2, 20)),
        ("2027/2/20", date(2027, 2, 20)),
        ("2027年2月20日", date(2027, 2, 20)),
        ("２０２７－０２－２０", date(2027, 2, 20)),  # full-width, as a phone may type it
        ("2月20日", date(2027, 2, 20)),
        ("2/20", date(2027, 2, 20)),
        ("12月30号", date(2026, 12, 30)),  # no year: the latest such day, last year
    ],
)
def test_a_typed_day_is_read(typed: str, expected: date) -> None:
    assert parse_day(typed, TODAY) == expected


@pytest.mark.parametrize(
    "typed", ["2027-03-02", "13月40日", "2027-02-30", "昨天", "", "15", "2/29"]
)
def test_a_day_after_today_or_not_a_day_is_refused(typed: str) -> None:
    # "2/29" without a year: neither this year nor last has one; the year must be typed.
    assert parse_day(typed, TODAY) is None


def test_the_kept_day_reads_back_and_a_broken_one_is_none() -> None:
    assert paid_on({"paid_on": "2027-02-20"}) == date(2027, 2, 20)
    assert paid_on({"paid_on": "garbage"}) is None
    assert paid_on({}) is None
