"""Spellings a sender uses to dodge filters do not change the verdict on any corpus message.

Each message of tests/data/sms_corpus.yaml is rewritten the way spam is: Traditional
characters (OpenCC s2tw), full-width letters and digits, spaces inside words, and the
homoglyphs of 借呗/花呗 (借唄, jie呗, 借b). The analyzer must say what it says on the
original. (Compared with the analyzer's own verdict, not the label: this tests robustness,
the corpus test measures accuracy.)
"""

from __future__ import annotations

import re
from collections.abc import Callable

import opencc
import pytest
import yaml

from bot.knowledge.base import Knowledge
from bot.sms import SmsAnalyzer
from tests.conftest import DATA

_CJK = re.compile(r"[\u4e00-\u9fff]")
_S2TW = opencc.OpenCC("s2tw")


def _traditional(text: str) -> str:
    return str(_S2TW.convert(text))


def _full_width(text: str) -> str:
    return "".join(
        chr(ord(c) + 0xFEE0) if 0x21 <= ord(c) <= 0x7E else ("\u3000" if c == " " else c)
        for c in text
    )


def _spaced(text: str) -> str:
    """A space after every second Chinese character that another one follows."""
    out: list[str] = []
    count = 0
    for index, char in enumerate(text):
        out.append(char)
        following = text[index + 1 : index + 2]
        if _CJK.match(char) and following and _CJK.match(following):
            count += 1
            if count % 2 == 0:
                out.append(" ")
    return "".join(out)


def _homoglyph(jiebei: str, huabei: str) -> Callable[[str], str]:
    return lambda text: text.replace("借呗", jiebei).replace("花呗", huabei)


TRANSFORMS: dict[str, Callable[[str], str]] = {
    "traditional": _traditional,
    "full_width": _full_width,
    "spaced": _spaced,
    "借唄": _homoglyph("借唄", "花唄"),
    "jie呗": _homoglyph("jie呗", "hua呗"),
    "借b": _homoglyph("借b", "花b"),
}


@pytest.fixture(scope="module")
def analyzer(knowledge: Knowledge) -> SmsAnalyzer:
    return SmsAnalyzer(knowledge.sms)


@pytest.fixture(scope="module")
def items() -> list[dict[str, object]]:
    data = yaml.safe_load((DATA / "sms_corpus.yaml").read_text(encoding="utf-8"))
    return list(data["items"])


def test_the_rewrites_change_the_text() -> None:
    sample = "【借呗】您的账户 http://ab.cn 已逾期"
    for name, rewrite in TRANSFORMS.items():
        assert rewrite(sample) != sample, name


@pytest.mark.parametrize("name", sorted(TRANSFORMS))
def test_every_corpus_message_keeps_its_verdict(
    analyzer: SmsAnalyzer, items: list[dict[str, object]], name: str
) -> None:
    rewrite = TRANSFORMS[name]
    changed: list[tuple[str, str, str]] = []
    for item in items:
        text, sender = str(item["text"]), item.get("sender")
        shown = None if sender is None else str(sender)
        before = analyzer.analyze(text, shown).verdict.value
        after = analyzer.analyze(rewrite(text), shown).verdict.value
        if before != after:
            changed.append((str(item["id"]), before, after))
    assert not changed, changed
