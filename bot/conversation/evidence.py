"""Kept SMS: the one place that writes the evidence payload and the one that reads it.

The record (``bot.evidence.EvidenceRecord``) is built by ``keep_record`` and read
back by ``read_kept``; nothing else in the conversation looks inside it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.conversation.views import DocumentView
from bot.engine.session import FactValue
from bot.evidence import EvidenceRecord
from bot.knowledge.base import Knowledge, localize
from bot.knowledge.model import Lang
from bot.report.model import local_time
from bot.sms.defang import defang
from bot.sms.verdict import Verdict
from bot.sms.view import evidence_record, facts_from_record

__all__ = ["KeptSms", "export", "keep_record", "read_kept"]

FILENAME = "paidoff-evidence.txt"


@dataclass(frozen=True, slots=True)
class KeptSms:
    """What the conversation reads back from a kept SMS."""

    text: str
    sender: str | None
    verdict: str
    risk: int
    signals: tuple[tuple[str, str], ...]  # (matched text, why it matters)
    facts: Mapping[str, FactValue]
    name: str | None


def keep_record(verdict: Verdict, sender: str | None, lang: Lang) -> EvidenceRecord:
    """The record kept for an analyzed SMS."""
    return evidence_record(verdict, sender, lang)


def read_kept(record: EvidenceRecord) -> KeptSms:
    """A kept record as the conversation reads it."""
    return KeptSms(
        text=record.text,
        sender=record.sender or None,
        verdict=record.verdict,
        risk=record.risk,
        signals=tuple((s.text, s.explain) for s in record.signals),
        facts=facts_from_record(record),
        name=record.addressed_name or None,
    )


def export(k: Knowledge, lang: Lang, kept: Sequence[EvidenceRecord], days: int) -> DocumentView:
    """The /evidence file: one block per kept SMS in the user's language, China time."""
    lines: list[str] = []
    none = k.text("evidence_none", lang)
    for number, record in enumerate(kept, start=1):
        sms = read_kept(record)
        when = local_time(record.received_at)
        verdicts = k.sms.verdicts
        title = localize(verdicts[sms.verdict], lang) if sms.verdict in verdicts else sms.verdict
        seen = "；".join(f"「{defang(t[:40])}」" for t, _ in sms.signals) if sms.signals else none
        lines.append(
            k.text(
                "evidence_entry",
                lang,
                number=number,
                when=when,
                verdict=title,
                risk=sms.risk,
                sender=defang(sms.sender) if sms.sender else none,
                signals=seen,
            )
        )
        lines += [defang(sms.text), ""]
        lines += [f"  • {defang(t[:40])} — {defang(why)}" for t, why in sms.signals]
        lines.append("")
    caption = k.text("evidence_caption", lang, count=len(kept), days=days)
    return DocumentView(FILENAME, "\n".join(lines).encode("utf-8"), caption)
