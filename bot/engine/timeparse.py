"""Read relative times and durations from typed answers, in Chinese and English.

"前天" → 2 days, "半个月前" → 15, "逾期十来天" → 10–15, "2 days ago" → 2, "last month" → 30.
The result is an inclusive range of days, so vague answers stay vague: "几天前" → 2–9,
which spans two options and makes the bot ask again instead of guessing.
Input must already be normalised (``bot.normalize.normalize``).
"""

from __future__ import annotations

import re

__all__ = ["DayRange", "parse_days"]

DayRange = tuple[int, int]
_FOREVER = 36500

_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_EN_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "couple": 2,
    "a couple": 2,
    "a couple of": 2,
    "couple of": 2,
}
_ZH_UNITS = {"天": 1, "日": 1, "周": 7, "星期": 7, "礼拜": 7, "个月": 30, "月": 30, "年": 365}
_EN_UNITS = {
    "day": 1,
    "days": 1,
    "week": 7,
    "weeks": 7,
    "month": 30,
    "months": 30,
    "year": 365,
    "years": 365,
}

# Fixed words, tried longest first so that 大前天 wins over 前天 and 十几天 over 几天.
_ZH_WORDS: list[tuple[str, DayRange]] = [
    ("大大前天", (4, 4)),
    ("大前天", (3, 3)),
    ("前天", (2, 2)),
    ("前儿", (2, 2)),
    ("昨天", (1, 1)),
    ("昨日", (1, 1)),
    ("昨晚", (1, 1)),
    ("昨儿", (1, 1)),
    ("小时", (0, 0)),
    ("分钟", (0, 0)),
    ("今儿", (0, 0)),
    ("昨个", (1, 1)),
    ("今天", (0, 0)),
    ("今日", (0, 0)),
    ("今早", (0, 0)),
    ("今晚", (0, 0)),
    ("刚刚", (0, 0)),
    ("刚才", (0, 0)),
    ("上上周", (14, 14)),
    ("上周", (7, 7)),
    ("上星期", (7, 7)),
    ("上个星期", (7, 7)),
    ("上礼拜", (7, 7)),
    ("上个礼拜", (7, 7)),
    ("上上个月", (60, 60)),
    ("上个月", (30, 30)),
    ("上月", (30, 30)),
    ("去年", (365, 365)),
    ("前年", (730, 730)),
    ("半个月", (15, 15)),
    ("半月", (15, 15)),
    ("半年", (182, 182)),
    ("几天", (2, 9)),
    ("几个月", (60, 300)),
    ("几周", (14, 35)),
    ("两三天", (2, 3)),
    ("三四天", (3, 4)),
    ("四五天", (4, 5)),
    ("五六天", (5, 6)),
    ("六七天", (6, 7)),
    ("七八天", (7, 8)),
    ("二十几天", (21, 29)),
    ("十几天", (11, 19)),
    ("几十天", (20, 99)),
    ("一两周", (7, 14)),
    ("一两个月", (30, 60)),
    ("一两天", (1, 2)),
]
_ZH_WORDS.sort(key=lambda item: -len(item[0]))
_EN_WORDS: list[tuple[str, DayRange]] = [
    ("day before yesterday", (2, 2)),
    ("yesterday", (1, 1)),
    ("yday", (1, 1)),
    ("today", (0, 0)),
    ("hours ago", (0, 0)),
    ("an hour ago", (0, 0)),
    ("just now", (0, 0)),
    ("this morning", (0, 0)),
    ("tonight", (0, 0)),
    ("last week", (7, 7)),
    ("last month", (30, 30)),
    ("last year", (365, 365)),
    ("a few days", (2, 9)),
    ("few days", (2, 9)),
    ("several days", (3, 9)),
    ("a few weeks", (14, 35)),
    ("a few months", (60, 300)),
    ("half a month", (15, 15)),
    ("half a year", (182, 182)),
    ("fortnight", (14, 14)),
]

_ZH_NUM = r"[0-9]+|[零〇一二两俩三四五六七八九十百]+"
_ZH_AMOUNT = re.compile(
    rf"(?P<num>{_ZH_NUM})个?(?P<more>多|来)?(?P<unit>个月|个星期|个礼拜|星期|礼拜|天|日|周|月|年)"
    rf"(?P<more2>多)?"
)
_EN_AMOUNT = re.compile(
    r"(?P<more>over |more than |about |around )?(?P<num>[0-9]+|"
    + "|".join(sorted(map(re.escape, _EN_NUMBERS), key=len, reverse=True))
    + r")\s*(?P<unit>days?|weeks?|months?|years?)\b"
)


def parse_days(text: str) -> DayRange | None:
    """The range of days a normalised answer speaks of, or None when it names no time."""
    for word, days in _ZH_WORDS:
        if word in text:
            return days
    match = _ZH_AMOUNT.search(text)
    if match:
        number = _zh_number(match["num"])
        if number is not None:
            unit = _ZH_UNITS[match["unit"].removeprefix("个")] if match["unit"] != "个月" else 30
            more = bool(match["more"] or match["more2"])
            return _span(number, unit, more, match["more"] == "来")
    for word, days in _EN_WORDS:
        if re.search(rf"\b{re.escape(word)}\b", text):
            return days
    match = _EN_AMOUNT.search(text)
    if match:
        raw = match["num"]
        number = int(raw) if raw.isdigit() else _EN_NUMBERS[raw]
        more = (match["more"] or "").strip() in {"over", "more than"}
        return _span(number, _EN_UNITS[match["unit"]], more, False)
    return None


def _span(number: int, unit: int, more: bool, about: bool) -> DayRange:
    days = min(number * unit, _FOREVER)
    if about:  # 十来天: ten or a few more
        return days, days + max(unit, days // 2)
    if more:  # 一个多月: more than one month, less than two
        return days + 1, min(days + unit - 1, _FOREVER) if unit > 1 else days + 9
    return days, days


def _zh_number(raw: str) -> int | None:
    if raw.isdigit():
        return int(raw)
    if "百" in raw:
        head, _, tail = raw.partition("百")
        hundreds = _ZH_DIGITS.get(head, 1) if head else 1
        rest = _zh_number(tail) if tail else 0
        return None if rest is None else hundreds * 100 + rest
    if "十" in raw:
        head, _, tail = raw.partition("十")
        tens = _ZH_DIGITS.get(head) if head else 1
        ones = _ZH_DIGITS.get(tail) if tail else 0
        return None if tens is None or ones is None else tens * 10 + ones
    if len(raw) == 1:
        return _ZH_DIGITS.get(raw)
    return None
