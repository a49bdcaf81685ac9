"""Building a ``ReportInput`` from what the bot has: session facts and kept SMS records.

``entry_from_record`` takes any object shaped like the store's evidence record (issue 9's
``EvidenceRecord``: ``text``, ``verdict``, ``sender``, ``addressed_name``, ``received_at``,
``facts``), so this package needs no import of the storage layer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Protocol

from bot.i18n import Lang
from bot.knowledge.base import Knowledge, localize
from bot.report.model import Answer, EvidenceEntry, Facts, ReportInput

__all__ = ["KeptRecord", "answers_from_facts", "entry_from_record", "report_input"]

# The question itself, without a lead-in ("先确认一下：") or the hints after it.
_QUESTION = re.compile(r"^(?:[^：:？?]*[：:]\s*)?([^？?]*[？?])")


class KeptRecord(Protocol):
    """What a kept SMS must offer to go into a report (the store's evidence record)."""

    @property
    def text(self) -> str: ...
    @property
    def verdict(self) -> str: ...
    @property
    def sender(self) -> str | None: ...
    @property
    def addressed_name(self) -> str | None: ...
    @property
    def received_at(self) -> float: ...
    @property
    def facts(self) -> Mapping[str, str | tuple[str, ...]]: ...


def report_input(
    k: Knowledge,
    lang: Lang,
    now: float,
    facts: Facts,
    records: Iterable[KeptRecord],
    payoff_date: date | None = None,
) -> ReportInput:
    """The input of every report part: the answers, the kept messages, the payoff day."""
    return ReportInput(
        lang=lang,
        generated_at=now,
        answers=answers_from_facts(k, facts, lang),
        evidence=tuple(entry_from_record(r, k, lang) for r in records),
        payoff_date=payoff_date,
        facts=facts,
    )


def entry_from_record(record: KeptRecord, k: Knowledge, lang: Lang) -> EvidenceEntry:
    """One kept SMS as a report entry, its verdict named in ``lang``."""
    title = k.sms.verdicts.get(record.verdict)  # type: ignore[call-overload]
    flags = record.facts.get("red_flags", ())
    # s5-follow: signals are optional on a record (the store's EvidenceRecord has them).
    seen = tuple((s.text, _why(s, k, lang)) for s in getattr(record, "signals", ()))
    return EvidenceEntry(
        received=record.received_at,
        sender=record.sender,
        text=record.text,
        verdict=record.verdict,
        verdict_title=localize(title, lang) if title is not None else record.verdict,
        addressed_name=record.addressed_name,
        flags=frozenset((flags,) if isinstance(flags, str) else flags),
        seen=seen,
    )


def _why(signal: object, k: Knowledge, lang: Lang) -> str:
    """Why a kept signal matters, in ``lang``: the knowledge's text for its id, unless that
    text is filled in per message (``{claimed}``…): then the words kept with the SMS."""
    kept = str(getattr(signal, "explain", ""))
    known = next((s for s in k.sms.signals if s.id == getattr(signal, "id", None)), None)
    if known is None:
        return kept
    text = localize(known.explain, lang)
    return kept if "{" in text else text


def answers_from_facts(k: Knowledge, facts: Facts, lang: Lang) -> tuple[Answer, ...]:
    """Each answered question, in the tree's order, with the label of each chosen option."""
    out: list[Answer] = []
    for question in k.questions.values():
        value = facts.get(question.fact)
        if value is None:
            continue
        chosen = value if isinstance(value, frozenset) else frozenset({value})
        labels = [localize(o.label, lang) for o in question.options if o.id in chosen]
        if not labels:
            continue
        text = localize(question.text, lang)
        found = _QUESTION.match(text)
        shown = found.group(1).strip() if found else text
        shown = shown[:1].upper() + shown[1:]  # "First things first: have you…" → "Have you…"
        out.append(Answer(shown, ("; " if lang is Lang.EN else "、").join(labels)))
    return tuple(out)
