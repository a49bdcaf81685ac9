"""Turn a typed answer into option IDs of one question, or into nothing rather than a guess.

Order of evidence: an option number ("2"); a time or duration for questions that parse
them ("前天", "逾期十来天"); the longest synonym found in the text, ignoring negated ones
("没还清" is not "还清"); finally a fuzzy match (rapidfuzz) for typos, accepted only when
it is both close and clearly ahead of the runner-up. Ties mean "ask again".
Negators, question-replies and time words come from ``knowledge/language.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from bot.engine.negation import Negation, asking_pattern
from bot.engine.timeparse import TimeParser
from bot.knowledge.language_model import LanguageFile
from bot.knowledge.model import Question
from bot.normalize import normalize

__all__ = ["Matcher", "Reading", "Resolution"]

MAX_ANSWER_CHARS = 300
"""Typed answers are short; longer text is read only this far (it is likely an SMS)."""

FUZZY_MIN = 84.0
FUZZY_MARGIN = 8.0

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[a-z]")

How = Literal["number", "time", "synonym", "fuzzy", "none", "ambiguous"]


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a typed answer means for a question: option IDs (empty if not understood)."""

    options: tuple[str, ...]
    how: How

    @property
    def understood(self) -> bool:
        """True when the answer maps to at least one option."""
        return bool(self.options)


@dataclass(frozen=True, slots=True)
class Reading:
    """The vocabulary every question's matcher shares, compiled once from ``language.yaml``."""

    times: TimeParser
    negation: Negation
    asking: re.Pattern[str]

    @classmethod
    def of(cls, language: LanguageFile) -> Reading:
        """The compiled negators, question-replies and time words of ``language``."""
        return cls(
            TimeParser(language.time), Negation(language.negators), asking_pattern(language.asking)
        )


@dataclass(frozen=True, slots=True)
class _Synonym:
    option: str
    text: str
    pattern: re.Pattern[str]


class Matcher:
    """The resolver for one question, with its synonyms normalised and compiled once."""

    def __init__(self, question: Question, reading: Reading) -> None:
        self.question = question
        self.reading = reading
        self.option_ids = tuple(o.id for o in question.options)
        self.dominant = {o.id for o in question.options if o.dominant}
        self.exclusive = set(question.exclusive)
        self.ranges = {o.id: o.days for o in question.options if o.days is not None}
        synonyms: list[_Synonym] = []
        for option in question.options:
            words = [option.id.replace("_", " "), option.label.zh_hans, option.label.en]
            words += option.synonyms.zh_hans + option.synonyms.en
            for word in dict.fromkeys(normalize(w) for w in words):
                if word:
                    synonyms.append(_Synonym(option.id, word, _word_pattern(word)))
        self.synonyms = tuple(sorted(synonyms, key=lambda s: -len(s.text)))
        self.patterns = tuple(
            _Synonym(o.id, p, re.compile(p)) for o in question.options for p in o.patterns
        )
        self._choices = [s.text for s in self.synonyms]

    def resolve(self, raw: str) -> Resolution:
        """The options ``raw`` selects; ``Resolution((), ...)`` when unsure."""
        text = normalize(raw[:MAX_ANSWER_CHARS]).strip(" .,!?;:，。！？；：、~…")
        if not text:
            return Resolution((), "none")
        if text.isascii() and text.isdigit():
            index = int(text)
            if 1 <= index <= len(self.option_ids):
                return Resolution((self.option_ids[index - 1],), "number")
        if self.question.parse is not None:
            said = self.reading.times.find(text)
            if said is not None:
                days, start = said
                if self.reading.negation.negated(text, start):
                    return Resolution((), "none")  # "不是今天": not which day it was
                return self._by_days(days)
        if self.reading.asking.search(text):
            return Resolution((), "none")
        found = self._synonyms_in(text)
        if found:
            return self._pick(found)
        return self._fuzzy(text)

    def _by_days(self, days: tuple[int, int]) -> Resolution:
        low, high = days
        hits = [o for o, (lo, hi) in self.ranges.items() if lo <= low and high <= hi]
        return Resolution(tuple(hits[:1]), "time") if hits else Resolution((), "ambiguous")

    def _synonyms_in(self, text: str) -> dict[str, int]:
        """Each option with the length of its longest non-negated synonym in ``text``."""
        best: dict[str, int] = {}
        taken = [False] * len(text)
        # Patterns first, then words longest first: a longer phrase claims its characters.
        for syn in (*self.patterns, *self.synonyms):
            for match in syn.pattern.finditer(text):
                start, end = match.span()
                if any(taken[start:end]):
                    continue
                for i in range(start, end):
                    taken[i] = True
                if not self.reading.negation.negated(text, start):
                    best[syn.option] = max(best.get(syn.option, 0), end - start)
        return best

    def _pick(self, found: dict[str, int]) -> Resolution:
        if self.question.multi:
            chosen = [o for o in self.option_ids if o in found]
            if len(chosen) > 1:
                chosen = [o for o in chosen if o not in self.exclusive]
            return Resolution(tuple(chosen), "synonym")
        dominant = [o for o in found if o in self.dominant]
        if dominant:
            return Resolution((dominant[0],), "synonym")
        ranked = sorted(found.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return Resolution((), "ambiguous")
        return Resolution((ranked[0][0],), "synonym")

    def _fuzzy(self, text: str) -> Resolution:
        # Only for Latin typos ("yesturday"): in Chinese one character is a word, and a
        # near-miss such as 逾期过 ~ 没逾期过 flips the meaning.
        if len(text) < 3 or _CJK.search(text) or not _LATIN.search(text):
            return Resolution((), "none")
        hits = process.extract(text, self._choices, scorer=fuzz.ratio, limit=8)
        per_option: dict[str, float] = {}
        for _, score, index in hits:
            if _CJK.search(self.synonyms[index].text):
                continue
            option = self.synonyms[index].option
            per_option[option] = max(per_option.get(option, 0.0), score)
        ranked = sorted(per_option.values(), reverse=True)
        if not ranked or ranked[0] < FUZZY_MIN:
            return Resolution((), "none")
        if len(ranked) > 1 and ranked[0] - ranked[1] < FUZZY_MARGIN:
            return Resolution((), "ambiguous")
        best = max(per_option, key=lambda o: per_option[o])
        return Resolution((best,), "fuzzy")


def _word_pattern(word: str) -> re.Pattern[str]:
    # Latin words must stand alone ("no" is not inside "know"); Chinese has no spaces.
    if _CJK.search(word):
        return re.compile(re.escape(word))
    return re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])")
