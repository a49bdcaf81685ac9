"""What a report is made from, and the counts every part of it states.

``ReportInput`` is channel- and store-neutral: the caller turns its session and its kept
messages into labelled values. ``bot.report.inputs.report_input`` does that from the
session's facts and the store's evidence records (issue 9's ``EvidenceRecord``: its
``received_at``, ``sender``, ``text``, ``verdict``, ``addressed_name`` and
``facts["red_flags"]`` map onto ``EvidenceEntry``; the verdict title comes from
``sms.yaml``). The payoff *date* is the caller's: the tree learns only "1–3 days ago",
so a channel passes a date only when it has one (e.g. "today" answered at a known time).

Times are shown in Beijing time: China has kept UTC+8 without daylight saving since
1991, so a fixed offset gives the same wall clock as ``Asia/Shanghai`` without needing
the tz database on the machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.chinatime import BEIJING
from bot.i18n import Lang

__all__ = [
    "BEIJING",
    "Answer",
    "EvidenceEntry",
    "ReportInput",
    "Summary",
    "local_date",
    "local_time",
    "summarize",
]

NIGHT_START, NIGHT_END = 22, 8
"""Collection is barred 22:00–08:00 without consent (GB/T 45251-2025, CBA guideline 2026)."""

Facts = Mapping[str, "str | frozenset[str]"]


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer the user gave, as shown: the question and the chosen option(s)."""

    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class EvidenceEntry:
    """One kept SMS: when it was kept (epoch seconds), who sent it, its text and verdict."""

    received: float
    sender: str | None
    text: str
    verdict: str
    """The verdict ID (DESIGN.md: scam, official_notice, collection, unclear)."""
    verdict_title: str
    """The verdict as the user reads it, in the report's language."""
    addressed_name: str | None = None
    flags: frozenset[str] = frozenset()
    """``red_flags`` option IDs the analyzer saw in this message (legal_threat, …)."""
    seen: tuple[tuple[str, str], ...] = ()
    """What the analyzer saw (s5-follow): each signal's matched text and why it matters,
    in the report's language (the PDF's "what I saw" line)."""


@dataclass(frozen=True)
class ReportInput:
    """Everything a PDF, a CSV or a ready-to-send text is made from."""

    lang: Lang
    generated_at: float
    answers: tuple[Answer, ...] = ()
    evidence: tuple[EvidenceEntry, ...] = ()
    payoff_date: date | None = None
    """The day the user paid off, if known: messages on later days count as after payoff."""
    facts: Facts = field(default_factory=dict)
    """The session's engine facts (DESIGN.md IDs: loan, overdue, red_flags, …)."""


@dataclass(frozen=True, slots=True)
class Summary:
    """The counts a report states about the kept messages."""

    count: int
    first: float | None
    last: float | None
    senders: tuple[str, ...]
    after_payoff: int | None
    """None when the payoff date is unknown."""
    at_night: int
    """Messages received 22:00–08:00 Beijing time."""
    flags: frozenset[str]
    """Red flags from the user's answers and from every message."""


def local_time(epoch: float) -> str:
    """``2026-11-30 21:05`` in Beijing time."""
    return datetime.fromtimestamp(epoch, BEIJING).strftime("%Y-%m-%d %H:%M")


def local_date(epoch: float) -> date:
    """The Beijing calendar day of ``epoch``."""
    return datetime.fromtimestamp(epoch, BEIJING).date()


def summarize(data: ReportInput) -> Summary:
    """Count, span, senders, after-payoff and night-time messages of ``data``."""
    entries = sorted(data.evidence, key=lambda e: e.received)
    senders = tuple(
        dict.fromkeys(e.sender.strip() for e in entries if e.sender and e.sender.strip())
    )
    after = None
    if data.payoff_date is not None:
        paid = data.payoff_date
        after = sum(1 for e in entries if local_date(e.received) > paid)
    night = sum(1 for e in entries if _at_night(e.received))
    answered = data.facts.get("red_flags", frozenset())
    flags = set(answered if isinstance(answered, frozenset) else {answered})
    for entry in entries:
        flags |= entry.flags
    flags.discard("none")
    return Summary(
        count=len(entries),
        first=entries[0].received if entries else None,
        last=entries[-1].received if entries else None,
        senders=senders,
        after_payoff=after,
        at_night=night,
        flags=frozenset(flags),
    )


def _at_night(epoch: float) -> bool:
    hour = datetime.fromtimestamp(epoch, BEIJING).hour
    return hour >= NIGHT_START or hour < NIGHT_END
