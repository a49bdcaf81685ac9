"""Read relative times and durations from typed answers, in Chinese and English.

"前天" → 2 days, "半个月前" → 15, "逾期十来天" → 10–15, "2 days ago" → 2, "last month" → 30.
The result is an inclusive range of days, so vague answers stay vague: "几天前" → 2–9,
which spans two options and makes the bot ask again instead of guessing.
The words come from ``knowledge/language.yaml`` (``time``); this module holds how they
combine: fixed words first (longest first, so 大前天 wins over 前天), then Chinese
"number + unit", then English. Input must already be normalised (``bot.normalize``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.knowledge.language_model import Time, TimeWords

__all__ = ["DayRange", "TimeParser"]

DayRange = tuple[int, int]
_FOREVER = 36500
# Chinese numerals beyond digits are grammar: 十 and 百 multiply the digit before them.
_TEN, _HUNDRED = "十", "百"
_MEASURE = "个"  # 三个月, 一个多星期: the measure word a unit may follow


class TimeParser:
    """The time vocabulary of one knowledge folder, compiled once."""

    def __init__(self, time: Time) -> None:
        self._zh = time.zh_hans
        self._en = time.en
        self._zh_words = _longest_first(self._zh.words.items())
        self._en_words = [
            (re.compile(rf"\b{re.escape(word)}\b"), days)
            for word, days in _longest_first(self._en.words.items())
        ]
        zh_num = "[0-9]+|[" + re.escape("".join(self._zh.numbers) + _TEN + _HUNDRED) + "]+"
        self._zh_amount = re.compile(
            rf"(?P<num>{zh_num}){_MEASURE}?(?P<more>{_any([*self._zh.more, *self._zh.about])})?"
            rf"(?P<unit>{_any(self._zh.units)})(?P<more2>{_any(self._zh.more)})?"
        )
        qualifiers = _any([*self._en.more, *self._en.about])
        self._en_amount = re.compile(
            rf"(?:(?P<more>{qualifiers}) )?(?P<num>[0-9]+|{_any(self._en.numbers)})"
            rf"\s*(?P<unit>{_any(self._en.units)})\b"
        )

    def days(self, text: str) -> DayRange | None:
        """The range of days a normalised answer speaks of, or None when it names no time."""
        found = self.find(text)
        return found[0] if found is not None else None

    def find(self, text: str) -> tuple[DayRange, int] | None:
        """Like ``days``, with where in ``text`` the time is said (to see if it is negated)."""
        for word, days in self._zh_words:
            at = text.find(word)
            if at >= 0:
                return days, at
        match = self._zh_amount.search(text)
        if match:
            number = self._zh_number(match["num"])
            if number is not None:
                more = (match["more"], match["more2"])
                return self._amount(self._zh, number, match["unit"], *more), match.start()
        for pattern, days in self._en_words:
            hit = pattern.search(text)
            if hit:
                return days, hit.start()
        match = self._en_amount.search(text)
        if match:
            raw = match["num"]
            number = int(raw) if raw.isdigit() else self._en.numbers[raw]
            days = self._amount(self._en, number, match["unit"], match["more"], None)
            return days, match.start()
        return None

    def _amount(
        self, words: TimeWords, number: int, unit: str, before: str | None, after: str | None
    ) -> DayRange:
        about = before in words.about
        more = before in words.more or after is not None
        return _span(number, words.units[unit], more, about)

    def _zh_number(self, raw: str) -> int | None:
        digits = self._zh.numbers
        if raw.isdigit():
            return int(raw)
        if _HUNDRED in raw:
            head, _, tail = raw.partition(_HUNDRED)
            hundreds = digits.get(head, 1) if head else 1
            rest = self._zh_number(tail) if tail else 0
            return None if rest is None else hundreds * 100 + rest
        if _TEN in raw:
            head, _, tail = raw.partition(_TEN)
            tens = digits.get(head) if head else 1
            ones = digits.get(tail) if tail else 0
            return None if tens is None or ones is None else tens * 10 + ones
        if len(raw) == 1:
            return digits.get(raw)
        return None


def _longest_first(items: Iterable[tuple[str, DayRange]]) -> list[tuple[str, DayRange]]:
    return sorted(items, key=lambda item: -len(item[0]))


def _any(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first; one that never matches if empty."""
    escaped = [re.escape(w) for w in sorted(words, key=len, reverse=True)]
    return "|".join(escaped) if escaped else "(?!)"


def _span(number: int, unit: int, more: bool, about: bool) -> DayRange:
    days = min(number * unit, _FOREVER)
    if about:  # 十来天: ten or a few more
        return days, days + max(unit, days // 2)
    if more:  # 一个多月: more than one month, less than two
        return days + 1, min(days + unit - 1, _FOREVER) if unit > 1 else days + 9
    return days, days
