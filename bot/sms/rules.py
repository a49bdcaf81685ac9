"""Which ``sms.yaml`` signals fire on an SMS, each with the text that made it fire.

A text signal fires on its first pattern match (or phrase, exact or fuzzy) that no
negation in the same clause cancels; a signature signal on the 【signature】; a url signal
on a link of one of its host kinds. Signals whose ``requires`` are not met are dropped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain, repeat
from typing import Any

import ahocorasick
from rapidfuzz import fuzz

from bot.knowledge.model import Text
from bot.knowledge.sms_model import SmsFile, SmsSignal
from bot.sms.extract import Evidence
from bot.sms.prefilter import (
    SHORT,
    leads,
    literal_start,
    near_starts,
    reach,
    requirements,
    spread,
    windows,
)
from bot.sms.text import Folded

__all__ = ["Hit", "SignalMatcher", "with_requirements"]

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_STAND_IN = "\ufffd"
_NEGATION_REACH = 30
"""How many characters before a match a negation may stand (within the same clause)."""
_MARGIN = 2
"""Characters past a match's widest read that a windowed search also keeps (``$``, ``\\b``)."""
_NEAR_COST = 16
"""A ``pattern.match`` at one start costs about what a whole-text search spends on this many
characters: with more starts than the text's length over this, the whole text is searched."""


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

    def __init__(self, sms: SmsFile, fold: Callable[[str], str], *, fast: bool = True) -> None:
        self._signals = tuple(sms.signals)
        self._phrases = {
            s.id: tuple(_Phrase(p, frozenset(p)) for p in (fold(x) for x in s.phrases) if p)
            for s in sms.signals
        }
        # Every text pattern of every signal, numbered in one list. Which of them can match a
        # message at all is told by the literals each needs (bot/sms/prefilter.py): one
        # Aho-Corasick pass finds every needle that occurs; only those patterns run.
        flat: list[re.Pattern[str]] = []
        self._owner: list[str] = []  # pattern number → its signal
        self._patterns: dict[str, tuple[tuple[re.Pattern[str], int], ...]] = {}
        for s in sms.signals:
            compiled = [p for p in s.compiled if isinstance(p, re.Pattern)]
            if s.field == "text":
                self._patterns[s.id] = tuple((p, len(flat) + i) for i, p in enumerate(compiled))
                flat += compiled
                self._owner += [s.id] * len(compiled)
            else:  # a signature's patterns run on its name, not over the text
                self._patterns[s.id] = tuple((p, -1) for p in compiled)
        self._fast = fast
        self._every = frozenset(range(len(flat)))
        # Each pattern's mandatory parts: it can match only if one string of each occurs.
        self._needs = tuple(requirements(p.pattern) for p in flat)
        self._unknown = frozenset(i for i, parts in enumerate(self._needs) if parts is None)
        # Each distinct part numbered once: a needle that occurs meets every part it is in
        # (``_part_of``), and a pattern may match when all its parts are met (``_part_ids``, a
        # subset test in C instead of one ``isdisjoint`` per part and pattern in Python).
        numbered: dict[tuple[str, ...], int] = {}
        for parts in self._needs:
            for part in parts or ():
                numbered.setdefault(part, len(numbered))
        part_of: dict[str, list[int]] = {}
        for part, ident in numbered.items():
            for needle in part:
                part_of.setdefault(needle, []).append(ident)
        self._part_of = {needle: tuple(ids) for needle, ids in part_of.items()}
        self._part_ids = {
            i: frozenset(numbered[part] for part in parts)
            for i, parts in enumerate(self._needs)
            if parts is not None
        }
        # Its most selective part lists it under each of that part's strings: only the
        # patterns those lists name for the needles that occur are tested.
        self._by_needle: dict[str, list[int]] = {}
        # Where a pattern is searched: every match contains a string of its gate part, so it
        # starts at most ``most`` characters before one; with a known reach the pattern runs
        # only on windows around the gate's occurrences (``_windows``), not the whole text.
        # (with the one ``ahead`` of all the gate's strings, or -1 when they differ)
        self._gates: dict[int, tuple[frozenset[str], dict[str, int], int, int]] = {}
        self._near: dict[int, tuple[frozenset[str], dict[str, int]]] = {}
        for number, parts in enumerate(self._needs):
            if parts is None:
                continue
            gate = max(parts, key=lambda part: (min(len(x) for x in part), -len(part)))
            bounds = reach(flat[number].pattern)
            if bounds is not None and not literal_start(flat[number].pattern):
                before = leads(flat[number].pattern, frozenset(gate)) or {}
                ahead = {n: min(before.get(n, bounds[0]), bounds[0]) for n in gate}
                reads = bounds[0] + bounds[1] + _MARGIN
                same = set(ahead.values())
                one = same.pop() if len(same) == 1 else -1
                self._gates[number] = (frozenset(ahead), ahead, reads, one)
            elif bounds is None and not literal_start(flat[number].pattern):
                # No reach, but a match starts a few characters before a needle: it is tried
                # at just those starts (``_starts``) instead of at every one of the text.
                near = near_starts(flat[number].pattern)
                if near is not None:
                    self._near[number] = (frozenset(near), near)
            for needle in gate:
                self._by_needle.setdefault(needle, []).append(number)
        every = {n for parts in self._needs for part in parts or () for n in part}
        self._single = frozenset(n for n in every if len(n) == 1)  # looked up in a set
        # The only characters ``chars`` is asked about: one-character needles and the
        # characters of phrases. On a long text, testing each (``in``, a memchr-like scan) is
        # cheaper than ``frozenset(text)``, which makes and hashes a string per character.
        self._asked = tuple(
            sorted(self._single.union(*(p.chars for ps in self._phrases.values() for p in ps)))
        )
        # Two automata of the same needles: one over the text's characters, one over its
        # UTF-16 code units (as Latin-1 characters, two a character). pyahocorasick looks a
        # node's next letter up in a list, and the root has a child for every first
        # character of a needle (hundreds of Chinese characters): over code units it has
        # one for every first *byte* (tens), which makes the pass 2-3× faster. The units one
        # serves every text without characters beyond U+FFFF (emoji), where offsets halve.
        self._automaton: Any = ahocorasick.Automaton()
        self._units: Any = ahocorasick.Automaton()
        for needle in sorted(every - self._single):
            self._automaton.add_word(needle, needle)
            # the needle, and what its last unit's offset less this is twice its start
            self._units.add_word(_units(needle), (needle, 2 * len(needle) - 1))
        if len(self._automaton):
            self._automaton.make_automaton()
            self._units.make_automaton()
        # What stands for a character beyond U+FFFF in the units pass ("" when a needle has
        # such a character, or this one)
        spelled = "".join(every)
        astral = _ASTRAL.search(spelled) is not None
        self._stand_in = "" if astral or _STAND_IN in spelled else _STAND_IN
        # What each signal is matched by, in sms.yaml order (channel signals: bot.sms.claims).
        self._plan = tuple(
            (s, s.field, bool(self._phrases[s.id])) for s in sms.signals if s.field != "channel"
        )
        # A signal whose ``unless`` names a plan signal that nothing can drop (no ``requires``
        # or ``unless`` of its own), and that no signal names: once such a one has fired, its
        # hit would only be dropped by ``with_requirements`` and could not change another's
        # fate, so it is not searched (``_moot``: text signals, tried last, put back in order).
        self._rank = {x.id: i for i, (x, _, _) in enumerate(self._plan)}
        named = {n for x in sms.signals for n in (*x.requires, *x.unless)}
        sure = {x.id for x, _, _ in self._plan if not x.requires and not x.unless}
        self._moot = {
            x.id: frozenset(sure.intersection(x.unless))
            for x, field, _ in self._plan
            if field == "text" and x.id not in named and not sure.isdisjoint(x.unless)
        }
        negations = sorted((fold(n) for n in sms.negations), key=len, reverse=True)
        self._negation = re.compile("|".join(map(re.escape, negations))) if negations else None
        self._marks = tuple(sms.clause_marks)
        self._cutoff = float(sms.thresholds.fuzzy)
        self._fuzzy_min = sms.thresholds.fuzzy_min_chars

    def match(self, folded: Folded, evidence: Evidence) -> list[Hit]:
        """The signals that fire, in ``sms.yaml`` order, one hit each."""
        text = folded.text
        chars = self._chars(text)
        # needle → its starts, for searching near them (not worth it on a short SMS)
        at: defaultdict[str, list[int]] | None = (
            defaultdict(list) if self._fast and len(text) > SHORT else None
        )
        present = self._present(text, chars, at) if self._fast else frozenset()
        possible = self._possible(present)
        owner = self._owner
        active = {owner[i] for i in possible}
        moot = self._moot if self._fast else {}
        hits: dict[str, Hit] = {}
        later: list[SmsSignal] = []
        for signal, field, phrased in self._plan:
            if field == "text":
                if not phrased and signal.id not in active:
                    continue  # no pattern of it can match, and it has no phrases
                if signal.id in moot:
                    later.append(signal)  # searched below, unless it is moot by then
                    continue
                hit = self._text(signal, folded, chars, possible, present, at)
            elif field == "url":
                hit = self._url(signal, evidence)
            else:
                hit = self._signature(signal, evidence)
            if hit is not None:
                hits[signal.id] = hit
        if later:
            fired = len(hits)
            for signal in later:
                if not moot[signal.id].isdisjoint(hits):
                    continue  # a signal nothing drops fired: this one's hit would be dropped
                hit = self._text(signal, folded, chars, possible, present, at)
                if hit is not None:
                    hits[signal.id] = hit
            if len(hits) > fired:  # back in sms.yaml order
                rank = self._rank
                hits = dict(sorted(hits.items(), key=lambda item: rank[item[0]]))
        return with_requirements(hits)

    def _chars(self, text: str) -> frozenset[str]:
        """The characters of ``text``; of a long one, only those this matcher asks about
        (one-character needles, the characters of phrases). The plain matcher (not fast)
        takes them all, so comparing the two also checks this shortcut."""
        if not self._fast or len(text) <= SHORT:
            return frozenset(text)
        return frozenset([c for c in self._asked if c in text])

    def _possible(self, present: frozenset[str]) -> frozenset[int]:
        """The numbers of the patterns that may match a text with the needles ``present``
        (all of them when not fast): those whose needs are unknown, and those with a string
        of each mandatory part."""
        if not self._fast:
            return self._every
        # the patterns listed under the needles present, and the parts those needles meet
        # (gathered by ``map`` and ``chain`` in C)
        found = set(chain.from_iterable(map(self._by_needle.get, present, repeat(()))))
        met = set(chain.from_iterable(map(self._part_of.__getitem__, present)))
        part_ids = self._part_ids
        return self._unknown.union([i for i in found if part_ids[i] <= met])

    def _present(
        self, text: str, chars: frozenset[str], at: defaultdict[str, list[int]] | None = None
    ) -> frozenset[str]:
        """The needles that occur in ``text`` (``chars``: its characters, at least those
        that are needles), in one pass of the automaton; ``at`` (when given) gets the start
        of every occurrence of each needle of two or more characters."""
        found = self._single & chars
        if not len(self._automaton):
            return found
        units = _units(text)
        if len(units) != 2 * len(text) and self._stand_in:
            # A character beyond U+FFFF (an emoji) takes two units, so offsets would not
            # halve: each is read as one BMP character that no needle has (same offsets,
            # same occurrences: no needle has such a character either).
            units = _units(_ASTRAL.sub(self._stand_in, text))
        if len(units) != 2 * len(text):  # still: the character automaton
            if at is None:
                return found.union([needle for _, needle in self._automaton.iter(text)])
            for end, needle in self._automaton.iter(text):
                at[needle].append(end - len(needle) + 1)
            return found.union(at)
        if at is None:
            return found.union([needle for end, (needle, _) in self._units.iter(units) if end & 1])
        for end, (needle, off) in self._units.iter(units):
            if end & 1:  # ends on a character's last unit (so it starts on a first one)
                at[needle].append((end - off) >> 1)
        return found.union(at)

    def _windows(
        self, number: int, text: str, present: frozenset[str], at: dict[str, list[int]]
    ) -> list[tuple[int, int, int]] | None:
        """``(first start, last start, endpos)`` of each stretch of ``text`` where pattern
        ``number`` may start a match, in order; None when it must search the whole text.
        ``at`` has where each needle of two or more characters starts (one-character
        needles are added on demand).

        A match contains an occurrence of a gate string at some ``q`` and has at most
        ``ahead[string]`` characters before it (``bot.sms.prefilter.leads``, never more
        than the pattern's widest match), so it starts in ``[q - ahead, q]``; a search there
        with ``endpos`` ``reads`` past the last start sees all a match attempt reads
        (``bot.sms.prefilter.windows``)."""
        gate = self._gates.get(number)
        if gate is None:
            return None
        needles, ahead, reads, same = gate
        occurring = needles & present
        if len(occurring) == 1:  # most often: one needle's starts, in order
            (needle,) = occurring
            starts = _starts_of(at, text, needle)
            return spread(starts, ahead[needle], reads, len(text))
        if same >= 0:  # one ``ahead`` for all: the same stretches from all starts, in order
            every = sorted(chain.from_iterable(_starts_of(at, text, n) for n in occurring))
            return spread(every, same, reads, len(text))
        spots: list[tuple[int, int]] = []
        for needle in occurring:
            starts = _starts_of(at, text, needle)
            before = ahead[needle]
            spots += [(q - before if q > before else 0, q) for q in starts]
        spots.sort()
        return windows(spots, reads, len(text))

    def _starts(
        self, number: int, text: str, present: frozenset[str], at: dict[str, list[int]]
    ) -> list[int] | None:
        """Every position of ``text`` where pattern ``number`` (one of ``_near``) may start a
        match, in order: at most ``near[string]`` characters before an occurrence of one of
        its strings (``bot.sms.prefilter.near_starts``). None when it has no such strings,
        or when they are so many that a search of the whole text costs less."""
        near = self._near.get(number)
        if near is None:
            return None
        needles, before = near
        occurring = needles & present
        # at most this many starts (a one-character needle counted by ``str.count``, in C)
        most = sum((len(at[n]) if n in at else text.count(n)) * (before[n] + 1) for n in occurring)
        if most * _NEAR_COST > len(text):
            return None
        spots: set[int] = set()
        for needle in occurring:
            starts = _starts_of(at, text, needle)
            lead = before[needle]
            for q in starts:
                spots.update(range(q - lead if q > lead else 0, q + 1))
        return sorted(spots)

    def _url(self, signal: SmsSignal, evidence: Evidence) -> Hit | None:
        for link in evidence.links:
            if link.kind in signal.hosts and (link.disguised or not signal.disguised):
                return Hit(signal, link.text, link.start, link.end)
        return None

    def _signature(self, signal: SmsSignal, evidence: Evidence) -> Hit | None:
        for signature in evidence.signatures:
            if any(p.search(signature.name) for p, _ in self._patterns[signal.id]):
                return Hit(signal, signature.text, signature.start, signature.end)
        return None

    def _text(
        self,
        signal: SmsSignal,
        folded: Folded,
        chars: frozenset[str],
        possible: frozenset[int],
        present: frozenset[str],
        at: dict[str, list[int]] | None = None,
    ) -> Hit | None:
        text = folded.text
        for pattern, number in self._patterns[signal.id]:
            if number not in possible:
                continue  # none of its needles occurs: it cannot match
            windows = None if at is None else self._windows(number, text, present, at)
            if windows is not None:
                # the same matches as finditer, in order (bot.sms.prefilter.search_windows,
                # inlined: this loop runs for every candidate pattern of every message)
                pos = 0
                for first, last, endpos in windows:
                    if first == last:  # one start: a match there or none (no scan past it)
                        if pos <= first:
                            found = pattern.match(text, first, endpos)
                            if found is not None and not self._negated(signal, text, first):
                                return Hit(signal, folded.source(*found.span()), *found.span())
                            if found is not None:
                                pos = found.end()
                        continue
                    while pos <= last:
                        found = pattern.search(text, first if first > pos else pos, endpos)
                        if found is None or found.start() > last:
                            break
                        if not self._negated(signal, text, found.start()):
                            return Hit(signal, folded.source(*found.span()), *found.span())
                        pos = found.end()
                continue
            starts = None if at is None else self._starts(number, text, present, at)
            if starts is not None:
                # the same matches as finditer: none starts anywhere else, and each is
                # tried whole (no ``endpos``), from where the last one ended
                pos = 0
                for first in starts:
                    if first >= pos:
                        found = pattern.match(text, first)
                        if found is not None:
                            if not self._negated(signal, text, first):
                                return Hit(signal, folded.source(*found.span()), *found.span())
                            pos = found.end()
                continue
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
        clause = max(map(text.rfind, self._marks, repeat(lo), repeat(start))) + 1
        return self._negation.search(text, max(lo, clause), start) is not None


def _units(text: str) -> str:
    """``text`` in UTF-16 code units, big-endian, each byte a Latin-1 character."""
    return text.encode("utf-16-be").decode("latin-1")


def _starts_of(at: dict[str, list[int]], text: str, needle: str) -> list[int]:
    """Where ``needle`` starts in ``text``: as the needle pass filed it in ``at``, or (a
    one-character needle, which that pass does not file) found now and filed there."""
    starts = at.get(needle)
    if starts is None:
        starts = at[needle] = _every_start(text, needle)
    return starts


def _every_start(text: str, needle: str) -> list[int]:
    out: list[int] = []
    at = text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out


def with_requirements(hits: dict[str, Hit]) -> list[Hit]:
    """Drop hits whose ``requires`` did not fire or whose ``unless`` did, until nothing
    changes.

    A signal is judged after the conditional signals it names: "逾期 unless counter_repay"
    must not be dropped by a ``counter_repay`` that its own ``unless`` (a threat) drops
    later."""
    kept = dict(hits)
    conditional = _settled_first(
        [i for i, h in kept.items() if h.signal.requires or h.signal.unless], kept
    )
    changed = bool(conditional)
    while changed:
        changed = False
        for ident in conditional:
            hit = kept.get(ident)
            if hit is None:
                continue
            needs = hit.signal.requires
            blocked = any(u in kept for u in hit.signal.unless)
            if blocked or (needs and not any(n in kept for n in needs)):
                del kept[ident]
                changed = True
    return list(kept.values())


def _settled_first(conditional: list[str], hits: dict[str, Hit]) -> list[str]:
    """``conditional`` with every signal after the conditional signals its ``requires`` and
    ``unless`` name (depth first; a cycle keeps the given order)."""
    pending = set(conditional)
    done: list[str] = []
    seen: set[str] = set()

    def visit(ident: str) -> None:
        if ident in seen:
            return
        seen.add(ident)
        signal = hits[ident].signal
        for other in (*signal.unless, *signal.requires):
            if other in pending:
                visit(other)
        done.append(ident)

    for ident in conditional:
        visit(ident)
    return done
