"""Made-up sample data for the README's report image and ``paidoff report --sample``.

The messages are invented in the style of real ones (no real person, number or link);
the numbers are from reserved-looking ranges and the link host is a made-up one.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.i18n import Lang
from bot.knowledge.base import Knowledge, localize
from bot.report.inputs import answers_from_facts
from bot.report.model import BEIJING, EvidenceEntry, ReportInput

__all__ = ["SAMPLE_FACTS", "sample_input"]

SAMPLE_FACTS: dict[str, str | frozenset[str]] = {
    "paid_off": "yes",
    "loan": "jiebei",
    "overdue": "short",
    "addressed_to": "me",
    "red_flags": frozenset({"third_party_threat", "link"}),
}

_MESSAGES = (
    (
        (2026, 11, 20, 10, 12),
        "10690000000001",
        "collection",
        frozenset[str](),
        "【借呗】您的借款已逾期，请尽快处理，以免影响个人信用。",
    ),
    (
        (2026, 11, 26, 23, 41),
        "17000000002",
        "collection",
        frozenset({"third_party_threat"}),
        "张先生，你的欠款再不处理，我们将联系你的家人和单位，后果自负！",
    ),
    (
        (2026, 11, 28, 9, 5),
        "17000000002",
        "scam",
        frozenset({"link"}),
        "【借呗】您的账户存在异常，点击 https://jiebei-help.example.top/a?x=1 处理，否则冻结。",
    ),
)


def sample_input(k: Knowledge, lang: Lang = Lang.ZH_HANS) -> ReportInput:
    """A report input with three invented messages, answers and a payoff date."""
    entries = tuple(
        EvidenceEntry(
            received=datetime(*when, tzinfo=BEIJING).timestamp(),
            sender=sender,
            text=text,
            verdict=verdict,
            verdict_title=localize(k.sms.verdicts[verdict], lang),  # type: ignore[index]
            flags=flags,
        )
        for when, sender, verdict, flags, text in _MESSAGES
    )
    return ReportInput(
        lang=lang,
        generated_at=datetime(2026, 12, 1, 9, 30, tzinfo=BEIJING).timestamp(),
        answers=answers_from_facts(k, SAMPLE_FACTS, lang),
        evidence=entries,
        payoff_date=date(2026, 11, 22),
        facts=SAMPLE_FACTS,
    )
