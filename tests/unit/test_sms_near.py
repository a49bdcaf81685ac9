"""Searching a pattern only near its needles finds exactly what a search of the whole text
finds: the same matches, in the same order, at the same places (bot.sms.prefilter.Near,
used for e-mail addresses, amounts, dates, the fold's placeholders and dashes, and by the
signal matcher's windows and near starts)."""

from __future__ import annotations

import random
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.knowledge.base import Knowledge
from bot.sms import numbers
from bot.sms import text as folding
from bot.sms.prefilter import SHORT, Near, leads, near_starts, reach, spread, windows
from tests.conftest import DATA

_PIECES = [
    "@",
    "a",
    "1",
    "2026",
    "-",
    "年",
    "月",
    "日",
    "元",
    "万",
    "¥",
    "人民币",
    ".",
    ",",
    " ",
    "\n",
    "qq.com",
    "转入",
    "个人",
    "账户",
    "验证码",
    "告知",
    "*",
    "宝",
    "支付",
]


def _patterns(knowledge: Knowledge) -> list[re.Pattern[str]]:
    own = [numbers._EMAIL, numbers._AMOUNT, numbers._DATE]
    own += [folding._PLACEHOLDER, folding._DIGIT_DASH]
    signals = [p for s in knowledge.sms.signals for p in s.compiled if isinstance(p, re.Pattern)]
    return own + signals


def _texts() -> list[str]:
    data = yaml.safe_load((DATA / "sms_corpus.yaml").read_text(encoding="utf-8"))
    texts = [str(item["text"]).lower() for item in data["items"]]
    rng = random.Random(7)
    glued = ["\n".join(rng.sample(texts, 15)) for _ in range(20)]
    return texts + glued


def _spans(found: list[re.Match[str]]) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in found]


def test_near_finds_what_finditer_finds_on_the_corpus_and_pastes(knowledge: Knowledge) -> None:
    texts = _texts()
    windowed = 0
    for pattern in _patterns(knowledge):
        near = Near(pattern)
        windowed += bool(near._gate)
        for text in texts:
            assert _spans(list(near.finditer(text))) == _spans(list(pattern.finditer(text))), (
                pattern.pattern,
                text,
            )
    assert windowed > 100  # most patterns are searched near their needles


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=120), st.integers(0, 2))
def test_near_finds_what_finditer_finds_on_random_texts(pieces: list[str], which: int) -> None:
    pattern = (numbers._EMAIL, numbers._AMOUNT, numbers._DATE)[which]
    for text in ("".join(pieces), "".join(pieces) + "\n" + " " * SHORT + "".join(pieces)):
        # (a text of up to SHORT characters is searched whole; the second one is not)
        assert _spans(list(Near(pattern).finditer(text))) == _spans(list(pattern.finditer(text)))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("ab", (2, 0)),
        ("a(?=xyz)b{1,3}(?!c)", (4, 4)),
        ("a+", None),  # unbounded
        ("a?", None),  # may match nothing
        ("(?i)ab", None),  # ignores case: its needles are not exact
        ("(a)\\1", None),
    ],
)
def test_reach(pattern: str, expected: tuple[int, int] | None) -> None:
    assert reach(pattern) == expected


def test_leads_are_the_widest_part_of_a_match_before_each_needle() -> None:
    assert leads("[a-z]{1,64}@[a-z]{1,9}", frozenset({"@"})) == {"@": 64}
    assert leads("x?(?:ab|cd)e", frozenset({"ab", "cd"})) == {"ab": 1, "cd": 1}
    gate = frozenset({"上门", "外访", "你"})
    assert leads("上门|外访|(?:去|到)你(?:的)?家", gate) == {"上门": 0, "外访": 0, "你": 1}


@settings(max_examples=300, deadline=None)
@given(
    starts=st.lists(st.integers(0, 3000), max_size=40, unique=True).map(sorted),
    before=st.integers(0, 80),
    reads=st.integers(1, 400),
)
def test_one_needles_windows_are_those_of_its_spots(
    starts: list[int], before: int, reads: int
) -> None:
    spots = [(q - before if q > before else 0, q) for q in starts]
    assert spread(starts, before, reads, 3001) == windows(spots, reads, 3001)


@settings(max_examples=300, deadline=None)
@given(
    lists=st.lists(st.lists(st.integers(0, 3000), max_size=20, unique=True), max_size=4),
    before=st.integers(0, 80),
    reads=st.integers(1, 400),
)
def test_several_needles_with_one_lead_have_the_windows_of_their_spots(
    lists: list[list[int]], before: int, reads: int
) -> None:
    """(``SignalMatcher._windows``: a gate whose strings all have the same ``ahead``; two
    strings may start at the same place, as 转 and 转账)"""
    every = sorted(q for starts in lists for q in starts)
    spots = sorted((q - before if q > before else 0, q) for q in every)
    assert spread(every, before, reads, 3001) == windows(spots, reads, 3001)


def test_near_starts() -> None:
    assert near_starts(r"(?<![a-z0-9./])[a-z](?:\.[a-z]){2,}/[a-z0-9]") == {".": 1}
    assert near_starts(r"(?:拨打|致电)[^,]{0,6}?\d{3,}") == {"拨打": 0, "致电": 0}
    assert near_starts(r"[a-z]{9,}@\d+") is None  # the match starts 9 or more before "@"
    # an alternation: each branch's part (the first one's "链接" may be far in; its "*" is not)
    assert near_starts(r"\*{2,}(?:网址|链接)|【(?:链接|网址)】") == {"*": 0, "链接": 1, "网址": 1}
    assert near_starts(r"(?i)ab+") is None  # ignores case: its needles are not exact
    assert near_starts(r"a*") is None  # may match nothing


def _tried_at(pattern: re.Pattern[str], text: str, near: dict[str, int]) -> list[re.Match[str]]:
    """``finditer``'s matches as ``SignalMatcher`` finds them for a pattern of ``near_starts``:
    ``match`` tried only at its needles' starts (``SignalMatcher._starts``)."""
    starts = sorted(
        {
            at
            for needle, lead in near.items()
            for q in (i for i in range(len(text)) if text.startswith(needle, i))
            for at in range(max(q - lead, 0), q + 1)
        }
    )
    out: list[re.Match[str]] = []
    pos = 0
    for at in starts:
        found = pattern.match(text, at) if at >= pos else None
        if found is not None:
            out.append(found)
            pos = found.end()
    return out


def test_trying_the_near_starts_finds_what_finditer_finds(knowledge: Knowledge) -> None:
    texts = _texts()
    tried = 0
    for pattern in _patterns(knowledge):
        near = near_starts(pattern.pattern)
        if near is None or reach(pattern.pattern) is not None:
            continue
        tried += 1
        for text in texts:
            expected = _spans(list(pattern.finditer(text)))
            assert _spans(_tried_at(pattern, text, near)) == expected, (pattern.pattern, text)
    assert tried >= 1
