"""The schema of ``language.yaml``: the words the bot reads answers with and checks texts by.

Negators, question-replies and time words are compared with normalised input, so they are
written in matching form (``language_checks`` refuses others). Hedges are compared with
authored text. How the words combine (a negator's reach, 十 and 百 composing digits) is
code: ``bot.engine.negation``, ``bot.engine.timeparse``, ``bot.knowledge.language_checks``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, NonNegativeInt, PositiveInt

from bot.knowledge.model import NonEmpty

__all__ = [
    "Asking",
    "DayRange",
    "EnNegators",
    "Hedges",
    "LanguageFile",
    "Negators",
    "ScreenshotWords",
    "Time",
    "TimeWords",
    "TimeWordsZh",
    "ZhNegators",
]


def _ordered(days: tuple[int, int]) -> tuple[int, int]:
    if days[0] > days[1]:
        raise ValueError(f"days range {list(days)} is reversed: write [from, to]")
    return days


DayRange = Annotated[tuple[NonNegativeInt, NonNegativeInt], AfterValidator(_ordered)]
"""An inclusive range of days ago (or of days long): ``[2, 9]`` for "几天前"."""


def _one_character(numbers: dict[str, int]) -> dict[str, int]:
    long = [word for word in numbers if len(word) != 1]
    if long:
        raise ValueError(f"Chinese numbers are single digits (十 and 百 compose them): {long}")
    return numbers


class _Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


class ZhNegators(_Node):
    """Chinese negators looked for in the ``reach`` characters before a synonym."""

    words: list[NonEmpty] = Field(min_length=1)
    reach: int = Field(ge=1, le=10)


class EnNegators(_Node):
    """English negators (whole words) or word endings ("n't") up to ``between`` words before."""

    words: list[NonEmpty] = Field(default_factory=list)
    endings: list[NonEmpty] = Field(default_factory=list)
    between: int = Field(default=2, ge=0, le=5)


class Negators(_Node):
    """What cancels a synonym that follows it: "没还清" is not "还清"."""

    zh_hans: list[ZhNegators] = Field(alias="zh-Hans", default_factory=list)
    en: EnNegators = Field(default_factory=EnNegators)


class Asking(_Node):
    """Signs that a reply is itself a question ("什么意思？"), which answers nothing."""

    contains: list[NonEmpty] = Field(default_factory=list)
    ends_with: list[NonEmpty] = Field(default_factory=list)
    starts_with: list[NonEmpty] = Field(default_factory=list)  # whole words


class TimeWords(_Node):
    """One language's time vocabulary: number words, units in days, qualifiers, fixed words.

    ``more`` words make "N units" mean more than N and less than N+1 (一个多月, over a
    month); ``about`` words make it N or a few more (十来天). ``words`` are fixed phrases
    with their day range; the longest one found in the text wins.
    """

    numbers: dict[NonEmpty, NonNegativeInt] = Field(min_length=1)
    units: dict[NonEmpty, PositiveInt] = Field(min_length=1)
    more: list[NonEmpty] = Field(default_factory=list)
    about: list[NonEmpty] = Field(default_factory=list)
    words: dict[NonEmpty, DayRange] = Field(default_factory=dict)


class TimeWordsZh(TimeWords):
    """Chinese time words: numbers are single digits, composed with 十 and 百 in code."""

    numbers: Annotated[
        dict[NonEmpty, NonNegativeInt], Field(min_length=1), AfterValidator(_one_character)
    ]


class Time(_Node):
    """Time vocabulary per language, for the questions that ``parse`` times."""

    zh_hans: TimeWordsZh = Field(alias="zh-Hans")
    en: TimeWords


class Hedges(_Node):
    """Words that make a sentence less than certain (通常, may, go by …)."""

    zh_hans: list[NonEmpty] = Field(alias="zh-Hans", min_length=1)
    en: list[NonEmpty] = Field(min_length=1)


class ScreenshotWords(_Node):
    """Screen chrome of a messages-app screenshot (s5-ocr), dropped before bubbles are read.

    A recognised line made only of these words, separators and the number shapes
    ``bot.ocr.words`` knows (clock, date, battery) is chrome: ``days``, ``day_parts`` and
    ``labels`` stand between bubbles, ``status`` in the status bar, ``input`` in the input bar.
    """

    days: list[NonEmpty] = Field(min_length=1)
    day_parts: list[NonEmpty] = Field(min_length=1)
    labels: list[NonEmpty] = Field(min_length=1)
    status: list[NonEmpty] = Field(min_length=1)
    input: list[NonEmpty] = Field(min_length=1)


class LanguageFile(_Node):
    """``language.yaml``: reading and checking vocabulary, per language."""

    version: int
    negators: Negators
    asking: Asking = Field(default_factory=Asking)
    time: Time
    hedges: Hedges
    screenshot: ScreenshotWords
