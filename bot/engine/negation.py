"""Whether a word found in a typed answer is negated ("没还清" is not "还清"), and whether
the answer is itself a question ("什么意思？").

The words come from ``knowledge/language.yaml`` (``negators``, ``asking``); this module
holds how far before a match each is looked for. Input must already be normalised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.knowledge.language_model import Asking, Negators

__all__ = ["Negation", "asking_pattern"]

_EN_LOOKBACK = 30
"""Characters before a match searched for an English negator (a few short words)."""


class Negation:
    """The negators of one knowledge folder, compiled once."""

    def __init__(self, negators: Negators) -> None:
        self._zh = tuple((tuple(g.words), g.reach) for g in negators.zh_hans)
        en = negators.en
        heads = [rf"\b(?:{_any(en.words)})"] if en.words else []
        heads += [_any(en.endings)] if en.endings else []
        self._en = (
            re.compile(rf"(?:{'|'.join(heads)})\s+(?:\S+\s+){{0,{en.between}}}$")
            if heads
            else None
        )

    def negated(self, text: str, start: int) -> bool:
        """Whether the match starting at ``start`` of normalised ``text`` is negated."""
        for words, reach in self._zh:
            before = text[max(0, start - reach) : start]
            if any(word in before for word in words):
                return True
        if self._en is None:
            return False
        return self._en.search(text[max(0, start - _EN_LOOKBACK) : start]) is not None


def asking_pattern(asking: Asking) -> re.Pattern[str]:
    """A pattern that finds a reply asking back: a phrase, a final 吗/?, a first "what"."""
    parts = [_any(asking.contains)] if asking.contains else []
    if asking.ends_with:
        parts.append(rf"(?:{_any(asking.ends_with)})\s*$")
    if asking.starts_with:
        parts.append(rf"^(?:{_any(asking.starts_with)})\b")
    return re.compile("|".join(parts) if parts else "(?!)")


def _any(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
