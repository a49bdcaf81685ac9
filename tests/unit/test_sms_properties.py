"""The analyzer takes anything a user can paste: it never raises and never takes long."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.knowledge.base import Knowledge
from bot.sms import SmsAnalyzer, Verdict, VerdictKind
from bot.sms.prefilter import needles
from tests.conftest import DATA


@pytest.fixture(scope="module")
def analyzer(knowledge: Knowledge) -> SmsAnalyzer:
    return SmsAnalyzer(knowledge.sms)


def _check(verdict: Verdict, text: str) -> None:
    assert verdict.verdict in set(VerdictKind)
    assert 0 <= verdict.risk <= 100
    for signal in verdict.signals:
        if signal.id == "official_sender":  # seen in the sender number, not in the text
            assert (signal.start, signal.end) == (0, 0)
            continue
        assert text[signal.start : signal.end] == signal.text
    if verdict.addressed_name is not None:
        assert verdict.addressed_name in text
    assert verdict.to_json()["verdict"] == verdict.verdict.value


def _analysed(analyzer: SmsAnalyzer, text: str) -> None:
    # How long it takes is bench/sms.py's business; that it grows linearly is
    # test_sms_regex_cost's and test_intake_cost's (ratios, not times).
    verdicts = analyzer.analyze_all(text)
    single = analyzer.analyze(text, sender=text[:20])
    _check(single, text)
    for verdict in verdicts:
        _check(verdict, verdict.text)


# Any text (hypothesis leaves out surrogates), short, or repeated up to 100 KB.
_CHUNK = st.text(max_size=200)
_TEXTS = st.one_of(
    st.text(max_size=400),
    st.builds(lambda chunk, times: (chunk * times)[:100_000], _CHUNK, st.integers(1, 2000)),
    st.lists(
        st.sampled_from(
            [
                "【支付宝】",
                "借呗",
                "逾期",
                "http://",
                "a1ipay.com",
                "95188",
                "\n\n",
                "尾号",
                "qq",
                "微信",
                "*",
                "@",
                "1",
                " ",
                "，",
                "\u200b",
                "先生",
            ]
        ),
        max_size=300,
    ).map("".join),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS)
def test_any_text_gets_a_verdict_whose_spans_are_its_own(analyzer: SmsAnalyzer, text: str) -> None:
    _analysed(analyzer, text)


@pytest.mark.parametrize(
    "unit",
    [
        "a",
        "1",
        "http://",
        "【",
        "】",
        "借",
        "借 ",
        "qq",
        "*",
        "@",
        "a.",
        "1-",
        " ",
        "🐧",
        "【支付宝】",
        "www.",
        "\u200b",
        "尾号",
        "王先生，",
        "a@b.",
        "0",
        "-",
        "x\n\n",
        "記憶體",
        "【a】\n",
        "，",
        "v❤",
        "http://a.cn/",
    ],
)
def test_adversarial_100kb_inputs(analyzer: SmsAnalyzer, unit: str) -> None:
    _analysed(analyzer, (unit * (100_000 // len(unit) + 1))[:100_000])


def test_the_prefilter_never_skips_a_pattern_that_matches(
    analyzer: SmsAnalyzer, knowledge: Knowledge
) -> None:
    """A pattern is skipped only when none of its needles occurs; it must then not match."""
    data = yaml.safe_load((DATA / "sms_corpus.yaml").read_text(encoding="utf-8"))
    texts = [analyzer.fold(str(item["text"])).text for item in data["items"]]
    for signal in knowledge.sms.signals:
        for pattern in signal.compiled:
            assert isinstance(pattern, re.Pattern)
            found = needles(pattern.pattern)
            for text in texts:
                if found is not None and pattern.search(text):
                    assert any(n in text for n in found), (signal.id, pattern.pattern, text)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("(?:子女|孩子)[^,]{0,6}?(?:上学|入学)|考公", ("子女", "孩子", "考公")),
        ("尾号\\s?\\d{4}|\\*{4}\\d{4}", ("*", "尾号")),
        ("[安监]全账户", ("全账户",)),
        ("\\d{4}", None),
        ("a?b?", None),
    ],
)
def test_needles(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert needles(pattern) == expected
