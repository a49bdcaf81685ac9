"""An analyzed SMS in the user's language: what each channel shows on its verdict card.

Pure; the Telegram card adds HTML and buttons, the terminal prints it as lines. Every text
taken from the SMS is defanged (``hxxp://alipay-jb[.]top``), so no client makes a link
from the message tappable.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.views import score_bar
from bot.evidence import EvidenceRecord, EvidenceSignal
from bot.knowledge.base import Knowledge, localize
from bot.knowledge.model import Lang, Text
from bot.sms.defang import defang
from bot.sms.model import explain
from bot.sms.verdict import Verdict

__all__ = [
    "MARKS",
    "VerdictView",
    "evidence_record",
    "facts_from_record",
    "verdict_view",
]

MARKS = {"scam": "🔴", "official_notice": "🟢", "collection": "🟠", "unclear": "⚪"}
MAX_SIGNALS = 8
"""Evidence lines on a card; the rest stay in /evidence."""


@dataclass(frozen=True, slots=True)
class VerdictView:
    """The texts of a verdict card; ``seen`` pairs the matched text with why it matters."""

    kind: str
    mark: str
    title: str
    risk: str
    meaning: str
    why: str | None
    seen_title: str
    seen: tuple[tuple[str, str], ...]
    now_title: str
    now: str


def verdict_view(verdict: Verdict, k: Knowledge, lang: Lang) -> VerdictView:
    """Every text of the card for ``verdict``, localised.

    A message that claims a court, a bank or another lender gets that organisation's
    "what it means" and "right now" texts (``sms.yaml`` → ``advice``), not Alipay's.
    """
    kind = verdict.verdict.value
    meaning, now = _advice(verdict, k)
    return VerdictView(
        kind=kind,
        mark=MARKS.get(kind, "⚪"),
        title=localize(k.sms.verdicts[kind], lang),  # type: ignore[index]
        risk=k.text("sms_risk", lang, bar=score_bar(verdict.risk)),
        meaning=localize(meaning, lang) if meaning else k.text(f"sms_is_{kind}", lang),
        why=explain(verdict.model, k, lang)  # the statistical layer lifted "unclear"
        if verdict.model is not None
        else (defang(localize(verdict.why, lang)) if verdict.why is not None else None),
        seen_title=k.text("sms_seen", lang),
        seen=tuple(
            (defang(s.text[:40]), defang(localize(s.explain, lang)))
            for s in verdict.signals[:MAX_SIGNALS]
        ),
        now_title=k.text("sms_now_title", lang),
        now=localize(now, lang) if now else k.text(f"sms_now_{kind}", lang),
    )


def _alipay_products(k: Knowledge) -> frozenset[str]:
    """``sms.yaml`` → ``platforms`` that the Alipay organisation claims as its own (借呗,
    花呗): an unsigned message that names one is Alipay's business."""
    names = {name for org in k.sms.orgs if org.kind == "alipay" for name in org.claims}
    return frozenset(p.id for p in k.sms.platforms if names.intersection(p.names))


def _advice(verdict: Verdict, k: Knowledge) -> tuple[Text | None, Text | None]:
    """The card's own texts when the message is not Alipay's: by the kind of organisation
    it claims, or, when it claims none and names no Alipay product, the ``unclaimed`` ones."""
    unclaimed = verdict.org_kind is None and _alipay_products(k).isdisjoint(
        p.id for p in verdict.evidence.platforms
    )
    for advice in k.sms.advice:
        if advice.verdict != verdict.verdict.value:
            continue
        if (verdict.org_kind is not None and verdict.org_kind in advice.org_kinds) or (
            unclaimed and advice.unclaimed
        ):
            return advice.meaning, advice.now
    return None, None


def evidence_record(verdict: Verdict, sender: str | None, lang: Lang) -> EvidenceRecord:
    """What is kept of an analyzed SMS for /evidence and for advice from it: the verdict
    fields of DESIGN.md, the original text and the sender, nothing else (the service
    stamps the time it is kept)."""
    return EvidenceRecord(
        text=verdict.text,
        verdict=verdict.verdict.value,
        risk=verdict.risk,
        signals=tuple(
            EvidenceSignal(s.id, s.text, localize(s.explain, lang)) for s in verdict.signals
        ),
        facts={k: tuple(v) if isinstance(v, tuple) else v for k, v in verdict.facts.items()},
        addressed_name=verdict.addressed_name,
        sender=sender,
    )


def facts_from_record(record: EvidenceRecord) -> dict[str, str | frozenset[str]]:
    """The engine facts of a kept SMS, as ``Verdict.engine_facts`` gives them: sets as
    frozensets, and the verdict as ``sms_verdict``."""
    return record.engine_facts()
