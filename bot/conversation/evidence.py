"""Kept SMS: the one place that writes the evidence payload and the one that reads it.

The record (``bot.evidence.EvidenceRecord``) is built by ``keep_record`` and read
back by ``read_kept``; nothing else in the conversation looks inside it. The files a
user gets from /evidence are the PDF and the CSV (``bot.report``, via ``EvidenceDesk``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.engine.session import FactValue
from bot.evidence import EvidenceRecord
from bot.knowledge.model import Lang
from bot.sms.verdict import Verdict
from bot.sms.view import evidence_record, facts_from_record

__all__ = ["KeptSms", "keep_record", "read_kept"]


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
