"""Turn a typed answer into option IDs of one question, or into nothing rather than a guess.

Order of evidence: an option number ("2"); a time or duration for questions that parse
them ("前天", "逾期十来天"); the longest synonym found in the text, ignoring negated ones
("没还清" is not "还清"); finally a fuzzy match (rapidfuzz) for typos, accepted only when
it is both close and clearly ahead of the runner-up. Ties mean "ask again".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from bot.engine.timeparse import parse_days
from bot.knowledge.model import Question
from bot.normalize import normalize

__all__ = ["Matcher", "Resolution"]

MAX_ANSWER_CHARS = 300
"""Typed answers are short; longer text is read only this far (it is likely an SMS)."""

FUZZY_MIN = 84.0
FUZZY_MARGIN = 8.0

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[a-z]")
_ZH_NEGATORS = ("没", "未", "无", "别", "木有")  # looked for up to 3 characters before a match
_ZH_NOT = "不"  # looked for only right before a match: "不然就起诉" is still a threat
# A reply that is itself a question ("什么意思？") answers nothing.
_QUESTION = re.compile(
    r"什么意思|啥意思|说什么|说啥|是什么|为什么|怎么回事|[吗?]\s*$"
    r"|^(?:what|why|huh)\b|what do you mean"
)
_EN_NEGATION = re.compile(r"(?:\bno|\bnot|\bnever|\bwithout|n't)\s+(?:\S+\s+){0,2}$")

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
class _Synonym:
    option: str
    text: str
    pattern: re.Pattern[str]


class Matcher:
    """The resolver for one question, with its synonyms normalised and compiled once."""

    def __init__(self, question: Question) -> None:
        self.question = question
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
            days = parse_days(text)
            if days is not None:
                return self._by_days(days)
        if _QUESTION.search(text):
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
                if not _negated(text, start):
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


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start]
    if any(n in before for n in _ZH_NEGATORS) or _ZH_NOT in text[max(0, start - 1) : start]:
        return True
    return _EN_NEGATION.search(text[max(0, start - 30) : start]) is not None
