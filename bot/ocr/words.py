"""Screen chrome as patterns: the words from ``language.yaml`` → ``screenshot``, shapes in code.

The words (今天, 短信/彩信, 中国移动, 输入信息 …) are knowledge; how they combine with the
number shapes a phone draws (10:32, 11月28日, 2026/11/28, 87%) is code, here. A line is
chrome of one kind when, normalised (``bot.normalize.normalize``), it is nothing but that
kind's tokens and separators.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.normalize import normalize

if TYPE_CHECKING:
    from bot.knowledge.base import Knowledge
    from bot.knowledge.language_model import ScreenshotWords

__all__ = ["ScreenWords"]

_CLOCK = r"\d{1,2}:\d{2}"
_DATES = (r"\d{4}年", r"\d{1,2}月\d{1,2}日", r"\d{4}[/.-]\d{1,2}[/.-]\d{1,2}", r"\d{1,2}/\d{1,2}")
_BATTERY = r"\d{1,3}%"
_SEPARATORS = re.compile(r"[\s·•・,，|/\-]+")


def _alternation(words: Iterable[str], *shapes: str) -> re.Pattern[str]:
    """Longest word first, so "短信/彩信" wins over "短信" and "monday" over "mon"."""
    escaped = [re.escape(w) for w in sorted(set(words), key=len, reverse=True)]
    return re.compile("|".join([*shapes, *escaped]))


@dataclass(frozen=True, slots=True)
class ScreenWords:
    """What a timestamp line, a status-bar line and an input-bar line are made of."""

    timestamp: re.Pattern[str]
    status: re.Pattern[str]
    input: re.Pattern[str]

    @classmethod
    def from_words(cls, words: ScreenshotWords) -> ScreenWords:
        return cls(
            timestamp=_alternation(
                [*words.days, *words.day_parts, *words.labels], *_DATES, _CLOCK
            ),
            status=_alternation([*words.day_parts, *words.status], _CLOCK, _BATTERY),
            input=_alternation(words.input),
        )

    @classmethod
    def from_knowledge(cls, knowledge: Knowledge) -> ScreenWords:
        """The words of the loaded ``language.yaml``."""
        return cls.from_words(knowledge.language.screenshot)

    def is_timestamp(self, text: str) -> bool:
        """A line between bubbles: "今天 10:32", "昨天 下午3:15", "短信/彩信", "Today"."""
        return _only(self.timestamp, text)

    def is_status(self, text: str) -> bool:
        """A status-bar line: "9:41", "5G 87%", "中国移动 4G"."""
        return _only(self.status, text)

    def is_input(self, text: str) -> bool:
        """The input bar's placeholder: "短信", "iMessage", "输入信息"."""
        return _only(self.input, text)


def _only(pattern: re.Pattern[str], text: str) -> bool:
    """True when ``text`` is nothing but ``pattern`` tokens and separators."""
    folded = normalize(text)
    return bool(_SEPARATORS.sub("", folded)) and not _SEPARATORS.sub("", pattern.sub(" ", folded))
