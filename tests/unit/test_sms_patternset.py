"""The one-pass RE2 prefilter never hides a pattern that matches, so verdicts stay the same.

The fast matcher (``PatternSet`` candidates, then ``re``) and the plain one (every pattern
with ``re``) must give the same verdict, signals and explanations on every corpus message
and on changed, mixed and random texts; and every pattern of ``sms.yaml`` with a match in a
text must be among the candidates RE2 gives for it.
"""

from __future__ import annotations

import random
import re
import sys

import pytest
import re2
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.sms_regex import texts as adversarial_texts
from bot.knowledge.base import Knowledge
from bot.sms import SmsAnalyzer
from bot.sms.patternset import PatternSet, loosen
from bot.sms.rules import SignalMatcher
from tests.conftest import DATA


def _corpus() -> list[str]:
    data = yaml.safe_load((DATA / "sms_corpus.yaml").read_text(encoding="utf-8"))
    return [str(item["text"]) for item in data["items"]]


def _variants(texts: list[str], count: int) -> list[str]:
    """Corpus texts spaced out, full-width, cut, glued to another, shuffled."""
    rng = random.Random(20261202)
    out: list[str] = []
    for _ in range(count):
        text, other = rng.choice(texts), rng.choice(texts)
        way = rng.randrange(5)
        if way == 0:
            out.append(" ".join(text))
        elif way == 1:
            out.append("".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text))
        elif way == 2:
            out.append(text[: rng.randrange(len(text) + 1)] + other[rng.randrange(len(other)) :])
        elif way == 3:
            out.append("\n".join(rng.sample(texts, 12))[:2200])
        else:
            out.append("".join(rng.sample(text, len(text))))
    return out


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return _corpus()


@pytest.fixture(scope="module")
def fast(knowledge: Knowledge) -> SmsAnalyzer:
    return SmsAnalyzer.from_knowledge(knowledge)


@pytest.fixture(scope="module")
def plain(knowledge: Knowledge) -> SmsAnalyzer:
    """The same analyzer with every pattern run by ``re`` (no RE2 prefilter)."""
    analyzer = SmsAnalyzer.from_knowledge(knowledge)
    analyzer._matcher = SignalMatcher(knowledge.sms, analyzer._fold_word, fast=False)
    return analyzer


@pytest.fixture(scope="module")
def text_patterns(knowledge: Knowledge) -> list[re.Pattern[str]]:
    found = [p for s in knowledge.sms.signals if s.field == "text" for p in s.compiled]
    assert all(isinstance(p, re.Pattern) for p in found)
    return [p for p in found if isinstance(p, re.Pattern)]


def _same(fast: SmsAnalyzer, plain: SmsAnalyzer, text: str, sender: str | None = None) -> None:
    assert fast.analyze(text, sender) == plain.analyze(text, sender), text


def test_fast_and_plain_matching_agree_on_the_corpus_and_its_variants(
    fast: SmsAnalyzer, plain: SmsAnalyzer, corpus: list[str]
) -> None:
    for text in corpus + _variants(corpus, 250):
        _same(fast, plain, text)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(
                [
                    "验证码",
                    "告知",
                    "【支付宝】",
                    "转入",
                    "6222 0212 3456 7890",
                    "逾期",
                    "，",
                    "不要",
                    "请",
                    "还款",
                    "\n",
                    "qq",
                    " ",
                    "*",
                    "95188",
                    "积分",
                    "清零",
                    "征信",
                ]
            ),  # fmt: skip
        ),
        max_size=60,
    )
)
def test_fast_and_plain_matching_agree_on_random_texts(
    fast: SmsAnalyzer, plain: SmsAnalyzer, pieces: list[str]
) -> None:
    _same(fast, plain, "".join(pieces))


def test_every_pattern_that_matches_is_a_candidate(
    fast: SmsAnalyzer, corpus: list[str], text_patterns: list[re.Pattern[str]]
) -> None:
    found = PatternSet(text_patterns)
    for text in [fast.fold(t).text for t in corpus + _variants(corpus, 100)]:
        candidates = found.candidates(text)
        for number, pattern in enumerate(text_patterns):
            if any(m.end() > m.start() for m in pattern.finditer(text)):
                assert number in candidates, (pattern.pattern, text)
    for number, pattern in enumerate(text_patterns):  # runs of the characters it names
        for _, text in adversarial_texts(pattern.pattern, 60):
            if any(m.end() > m.start() for m in pattern.finditer(text)):
                assert number in found.candidates(text), (pattern.pattern, text)


def test_every_sms_pattern_has_a_loosened_form(text_patterns: list[re.Pattern[str]]) -> None:
    """Otherwise the pattern runs on every message (correct, only slower)."""
    assert not PatternSet(text_patterns).always


@pytest.mark.parametrize(
    ("pattern", "matching", "not_matching"),
    [
        ("(?<!您的)验证码(?!无效)", "您的验证码无效", "验证吗"),
        ("^爸[,!]", "你好,爸!", "妈,"),
        ("转[^,。]{0,6}?个人账户", "转入一二三四五六七个人账户", "转,个人账户"),
        ("\\d{4}", "١٢٣٤", "12a4"),
        ("a\\sb", "a\u3000b", "ab"),
        ("[^\\d,]x", "1x", ",x"),
        ("(a)\\1", "ab", "b"),
    ],
)
def test_a_loosened_pattern_matches_wherever_the_pattern_does_and_more(
    pattern: str, matching: str, not_matching: str
) -> None:
    compiled = re.compile(pattern)
    loose = loosen(compiled)
    assert loose is not None
    assert re2.search(loose, matching) is not None
    assert re2.search(loose, not_matching) is None


@pytest.mark.parametrize("pattern", ["(?i)alipay", "(a)?(?(1)b|c)", "(?x) a b"])
def test_a_pattern_the_loosening_cannot_read_is_always_a_candidate(pattern: str) -> None:
    found = PatternSet([re.compile(pattern), re.compile("借呗")])
    assert found.always == frozenset({0})
    assert found.candidates("nothing here") == frozenset({0})


def test_python_space_and_digit_classes_are_covered() -> None:
    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    assert re.findall(r"\s", spaces) == list(spaces)
    loose = loosen(re.compile(r"\s"))
    assert loose is not None
    assert re2.findall(loose, spaces) == list(spaces)
    others = "".join(chr(c) for c in range(0x3100) if not chr(c).isspace())
    assert re2.search(loose, others) is None
    digits = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isdecimal())
    digit = loosen(re.compile(r"\d"))
    assert digit is not None
    assert len(re2.findall(digit, digits)) == len(digits)


def test_a_text_without_utf8_makes_every_pattern_a_candidate() -> None:
    found = PatternSet([re.compile("借呗"), re.compile("[^,]x")])
    assert found.candidates("\ud800x") == frozenset({0, 1})
    assert found.candidates("ab") == frozenset()
