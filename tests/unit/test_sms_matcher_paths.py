"""The matcher's shortcuts never change a verdict.

The fast matcher skips every pattern none of whose needles (literals every match contains)
occurs, and every signal none of whose patterns is left and that has no phrases; the plain
one runs every pattern of every signal. Both must give the same verdict, signals and
explanations on every corpus message and on changed, glued and random texts. The needles
the Aho-Corasick pass reports must be exactly those that occur.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.knowledge.base import Knowledge
from bot.sms import SmsAnalyzer
from bot.sms.prefilter import requirements
from bot.sms.rules import SignalMatcher
from tests.conftest import DATA

_WORDS = "验证码 告知 【支付宝】 转入 6222_0212_3456_7890 逾期 ， 不要 请 还款 qq * 95188 积分"
_PIECES = [w.replace("_", " ") for w in _WORDS.split()] + ["\n", " ", "清零", "截图", "专员"]


def _corpus() -> list[str]:
    data = yaml.safe_load((DATA / "sms_corpus.yaml").read_text(encoding="utf-8"))
    return [str(item["text"]) for item in data["items"]]


def _variants(texts: list[str], count: int) -> list[str]:
    """Corpus texts spaced out, full-width, cut and glued, pasted together, shuffled."""
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
    """The same analyzer with every pattern of every signal run."""
    analyzer = SmsAnalyzer.from_knowledge(knowledge)
    analyzer._matcher = SignalMatcher(knowledge.sms, analyzer._fold_word, fast=False)
    return analyzer


def _same(fast: SmsAnalyzer, plain: SmsAnalyzer, text: str) -> None:
    assert fast.analyze(text) == plain.analyze(text), text


def test_fast_and_plain_matching_agree_on_the_corpus_and_its_variants(
    fast: SmsAnalyzer, plain: SmsAnalyzer, corpus: list[str]
) -> None:
    for text in corpus + _variants(corpus, 250):
        _same(fast, plain, text)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.one_of(st.text(max_size=30), st.sampled_from(_PIECES)), max_size=60))
def test_fast_and_plain_matching_agree_on_random_texts(
    fast: SmsAnalyzer, plain: SmsAnalyzer, pieces: list[str]
) -> None:
    _same(fast, plain, "".join(pieces))


def test_the_needles_found_are_exactly_those_that_occur(
    knowledge: Knowledge, fast: SmsAnalyzer, corpus: list[str]
) -> None:
    matcher = SignalMatcher(knowledge.sms, fast._fold_word)
    every = {n for parts in matcher._needs for part in parts or () for n in part}
    assert any(len(n) > 1 for n in every)  # the automaton has work to do
    for text in [fast.fold(t).text for t in corpus + _variants(corpus, 100)]:
        expected = {n for n in every if n in text}
        assert matcher._present(text, frozenset(text)) == expected, text


def test_a_pattern_that_matches_contains_a_string_of_each_mandatory_part(
    knowledge: Knowledge, fast: SmsAnalyzer, corpus: list[str]
) -> None:
    texts = [fast.fold(t).text for t in corpus + _variants(corpus, 100)]
    for signal in knowledge.sms.signals:
        for pattern in signal.compiled:
            assert isinstance(pattern, re.Pattern)
            parts = requirements(pattern.pattern) or ()
            for text in texts:
                for found in pattern.finditer(text):
                    for part in parts:
                        assert any(n in found.group() for n in part), (pattern.pattern, part)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("验证码[^,]{0,9}?(?:提供|转发)", (("验证码",), ("提供", "转发"))),
        ("(?:子女|孩子)[^,]{0,6}?上学|考公", (("上学", "考公"),)),
        ("(?<!您的)微信号?\\s?[a-z]", (("微信",),)),
        ("\\d{4}", None),
    ],
)
def test_requirements(pattern: str, expected: tuple[tuple[str, ...], ...] | None) -> None:
    assert requirements(pattern) == expected


def test_needles_and_their_starts_are_exact_in_texts_with_emoji(
    knowledge: Knowledge, fast: SmsAnalyzer, corpus: list[str]
) -> None:
    """A character beyond U+FFFF (an emoji: two UTF-16 units) is read as one stand-in
    character in the units pass: the needles and every start must be those ``str.find``
    gives on the text itself."""
    matcher = SignalMatcher(knowledge.sms, fast._fold_word)
    assert matcher._stand_in  # no needle has such a character: the units pass serves
    every = {n for parts in matcher._needs for part in parts or () for n in part}
    rng = random.Random(20261203)
    for text in [fast.fold(t).text for t in corpus[:300]]:
        for _ in range(3):
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice("🔥📢🎉\U0001f4b0") + text[at:]
        text = "\n".join([text] * 3)  # long enough for the starts to be kept
        starts: defaultdict[str, list[int]] = defaultdict(list)
        assert matcher._present(text, frozenset(text), starts) == {n for n in every if n in text}
        for needle, found in starts.items():
            assert found == [i for i in range(len(text)) if text.startswith(needle, i)], needle
