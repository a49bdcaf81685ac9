"""Which ``sms.yaml`` signals fire on an SMS, each with the text that made it fire.

A text signal fires on its first pattern match (or phrase, exact or fuzzy) that no
negation in the same clause cancels; a signature signal on the 【signature】; a url signal
on a link of one of its host kinds. Signals whose ``requires`` are not met are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.knowledge.model import Text
from bot.knowledge.sms_model import SmsFile, SmsSignal
from bot.sms.extract import Evidence
from bot.sms.prefilter import Needles, needles
from bot.sms.text import Folded

__all__ = ["Hit", "SignalMatcher", "with_requirements"]

_NEGATION_REACH = 30
"""How many characters before a match a negation may stand (within the same clause)."""


@dataclass(frozen=True, slots=True)
class Hit:
    """A signal that fired, the original text that fired it, and where (folded offsets);
    ``explain`` replaces the signal's own text when it was filled in for this message."""

    signal: SmsSignal
    text: str
    start: int
    end: int
    explain: Text | None = None


@dataclass(frozen=True, slots=True)
class _Phrase:
    text: str
    chars: frozenset[str]


class SignalMatcher:
    """Runs every signal of ``sms.yaml`` over a folded SMS and its evidence."""

    def __init__(self, sms: SmsFile, fold: Callable[[str], str]) -> None:
        self._signals = tuple(sms.signals)
        self._phrases = {
            s.id: tuple(_Phrase(p, frozenset(p)) for p in (fold(x) for x in s.phrases) if p)
            for s in sms.signals
        }
        self._patterns: dict[str, tuple[tuple[re.Pattern[str], Needles], ...]] = {
            s.id: tuple((p, needles(p.pattern)) for p in s.compiled if isinstance(p, re.Pattern))
            for s in sms.signals
        }
        # A signal whose every pattern needs one of a few strings (and that has no phrases)
        # is skipped at once when none of them occurs.
        self._gate: dict[str, tuple[str, ...] | None] = {
            s.id: _gate(self._patterns[s.id], self._phrases[s.id]) for s in sms.signals
        }
        # Every needle, by its first two characters: one pass over a message's character
        # pairs tells which needles can occur at all (see ``_present``).
        every = {n for found in self._patterns.values() for _, ns in found for n in ns or ()}
        self._single = frozenset(n for n in every if len(n) == 1)
        self._by_pair: dict[tuple[str, str], tuple[str, ...]] = {}
        for needle in sorted(every - self._single):
            pair = (needle[0], needle[1])
            self._by_pair[pair] = (*self._by_pair.get(pair, ()), needle)
        negations = sorted((fold(n) for n in sms.negations), key=len, reverse=True)
        self._negation = re.compile("|".join(map(re.escape, negations))) if negations else None
        self._marks = tuple(sms.clause_marks)
        self._cutoff = float(sms.thresholds.fuzzy)
        self._fuzzy_min = sms.thresholds.fuzzy_min_chars

    def match(self, folded: Folded, evidence: Evidence) -> list[Hit]:
        """The signals that fire, in ``sms.yaml`` order, one hit each."""
        chars = frozenset(folded.text)
        present = self._present(folded.text, chars)
        hits: dict[str, Hit] = {}
        for signal in self._signals:
            if signal.field == "channel":
                continue  # see bot.sms.claims
            if signal.field == "url":
                hit = self._url(signal, evidence)
            elif signal.field == "signature":
                hit = self._signature(signal, evidence)
            else:
                hit = self._text(signal, folded, chars, present)
            if hit is not None:
                hits[signal.id] = hit
        return with_requirements(hits)

    def _url(self, signal: SmsSignal, evidence: Evidence) -> Hit | None:
        for link in evidence.links:
            if link.kind in signal.hosts:
                return Hit(signal, link.text, link.start, link.end)
        return None

    def _signature(self, signal: SmsSignal, evidence: Evidence) -> Hit | None:
        for signature in evidence.signatures:
            if any(p.search(signature.name) for p, _ in self._patterns[signal.id]):
                return Hit(signal, signature.text, signature.start, signature.end)
        return None

    def _present(self, text: str, chars: frozenset[str]) -> frozenset[str]:
        """The needles that occur in ``text``: only those whose first two characters occur
        side by side anywhere are looked for, so most are ruled out by one set lookup."""
        found = [n for n in self._single if n in chars]
        for pair in set(zip(text, text[1:], strict=False)) & self._by_pair.keys():
            found += [n for n in self._by_pair[pair] if len(n) == 2 or n in text]
        return frozenset(found)

    def _text(
        self, signal: SmsSignal, folded: Folded, chars: frozenset[str], present: frozenset[str]
    ) -> Hit | None:
        text = folded.text
        gate = self._gate[signal.id]
        if gate is not None and present.isdisjoint(gate):
            return None
        for pattern, needed in self._patterns[signal.id]:
            if needed is not None and present.isdisjoint(needed):
                continue  # a string every match contains is absent: skip the scan
            for found in pattern.finditer(text):
                if found.end() > found.start() and not self._negated(signal, text, found.start()):
                    return Hit(signal, folded.source(*found.span()), *found.span())
        for phrase in self._phrases[signal.id]:
            span = self._phrase_span(phrase, text, chars)
            if span is not None and not self._negated(signal, text, span[0]):
                return Hit(signal, folded.source(*span), *span)
        return None

    def _phrase_span(
        self, phrase: _Phrase, text: str, chars: frozenset[str]
    ) -> tuple[int, int] | None:
        at = text.find(phrase.text)
        if at >= 0:
            return at, at + len(phrase.text)
        # Fuzzy only for long phrases, and only when nearly all their characters occur at all:
        # a cheap test that skips rapidfuzz for almost every message.
        slack = len(phrase.text) * (100 - self._cutoff) / 100  # characters that may differ
        if len(phrase.text) < self._fuzzy_min or len(phrase.chars - chars) > slack:
            return None
        found = fuzz.partial_ratio_alignment(phrase.text, text, score_cutoff=self._cutoff)
        if found is None or found.dest_end <= found.dest_start:
            return None
        return found.dest_start, found.dest_end

    def _negated(self, signal: SmsSignal, text: str, start: int) -> bool:
        if not signal.negatable or self._negation is None:
            return False
        lo = max(0, start - _NEGATION_REACH)
        clause = max(text.rfind(mark, lo, start) for mark in self._marks) + 1
        return self._negation.search(text, max(lo, clause), start) is not None


def _gate(
    patterns: tuple[tuple[re.Pattern[str], Needles], ...], phrases: tuple[_Phrase, ...]
) -> tuple[str, ...] | None:
    if phrases or not patterns or any(found is None for _, found in patterns):
        return None
    return tuple(sorted({n for _, found in patterns for n in found or ()}))


def with_requirements(hits: dict[str, Hit]) -> list[Hit]:
    """Drop hits whose ``requires`` did not fire or whose ``unless`` did, until nothing
    changes."""
    kept = dict(hits)
    changed = True
    while changed:
        changed = False
        for ident, hit in list(kept.items()):
            needs = hit.signal.requires
            blocked = any(u in kept for u in hit.signal.unless)
            if blocked or (needs and not any(n in kept for n in needs)):
                del kept[ident]
                changed = True
    return list(kept.values())
