"""An analyzed SMS in the user's language: what each channel shows on its verdict card.

Pure; the Telegram card adds HTML and buttons, the terminal prints it as lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.views import score_bar
from bot.knowledge.base import Knowledge, localize
from bot.knowledge.model import Lang
from bot.sms.model import explain
from bot.sms.verdict import Verdict

__all__ = ["MARKS", "VerdictView", "evidence_record", "verdict_view"]

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
    """Every text of the card for ``verdict``, localised."""
    kind = verdict.verdict.value
    return VerdictView(
        kind=kind,
        mark=MARKS.get(kind, "⚪"),
        title=localize(k.sms.verdicts[kind], lang),  # type: ignore[index]
        risk=k.text("sms_risk", lang, bar=score_bar(verdict.risk)),
        meaning=k.text(f"sms_is_{kind}", lang),
        why=explain(verdict.model, k, lang)  # the statistical layer lifted "unclear"
        if verdict.model is not None
        else (localize(verdict.why, lang) if verdict.why is not None else None),
        seen_title=k.text("sms_seen", lang),
        seen=tuple(
            (s.text[:40], localize(s.explain, lang)) for s in verdict.signals[:MAX_SIGNALS]
        ),
        now_title=k.text("sms_now_title", lang),
        now=k.text(f"sms_now_{kind}", lang),
    )


def evidence_record(verdict: Verdict, sender: str | None, lang: Lang) -> dict[str, object]:
    """What is kept of an analyzed SMS for /evidence and for advice from it: the verdict
    fields of DESIGN.md, the original text and the sender, nothing else."""
    record = verdict.to_json(lang)
    kept: dict[str, object] = {
        key: record[key] for key in ("verdict", "risk", "signals", "facts", "addressed_name")
    }
    kept.update(text=verdict.text, sender=sender)
    return kept
