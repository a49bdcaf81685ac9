"""The matcher's fast path gives what the straightforward one gives, on every tuning text.

The fast matcher skips patterns whose needles do not occur, searches a long text only in
windows around a needle (or, for a pattern that starts with a literal, lets ``re`` skip to
it), reads only the characters it asks about, and does not search a signal whose hit an
``unless`` that nothing drops would drop (one that no signal names). The plain one
(``fast=False``) runs every pattern of every signal over the whole text. Over every SMS of
the labelled corpus and the tuning files (their items' text and sender), their Traditional
and full-width spellings, and 2 KB pastes of them (the windowed path), both must fire the
same signals on the same text, and the analyzer must give the same verdict, risk, signals
and explanation.
Held-out files are never read here.
"""

from __future__ import annotations

import opencc
import pytest
import yaml

from bot.knowledge.base import Knowledge
from bot.sms import SmsAnalyzer
from bot.sms.prefilter import SHORT
from bot.sms.rules import SignalMatcher
from tests.conftest import DATA

_FILES = ("sms_corpus.yaml", *sorted(p.name for p in DATA.glob("sms_tuning_*.yaml")))
_PASTE = 2000


def _items() -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for name in _FILES:
        data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
        for item in data["items"]:
            sender = item.get("sender")
            out.append((str(item["text"]), None if sender is None else str(sender)))
    return out


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _pastes(texts: list[str]) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    for text in texts:
        current.append(text)
        if sum(map(len, current)) >= _PASTE:
            out.append("\n".join(current))
            current = []
    return out


@pytest.fixture(scope="module")
def texts() -> list[tuple[str, str | None]]:
    items = _items()
    assert len(items) > 1000  # every file was read
    hant = opencc.OpenCC("s2tw")
    plain = [text for text, _ in items]
    out = list(items)
    out += [(str(hant.convert(text)), sender) for text, sender in items]
    out += [(_full_width(text), sender) for text, sender in items]
    out += [(paste, None) for paste in _pastes(plain)]
    out += [(str(hant.convert(paste)), None) for paste in _pastes(plain[::-1])]
    out += [(_full_width(paste), None) for paste in _pastes(plain[1::2])]
    return out


@pytest.fixture(scope="module")
def analyzers(knowledge: Knowledge) -> tuple[SmsAnalyzer, SmsAnalyzer]:
    fast = SmsAnalyzer.from_knowledge(knowledge)
    plain = SmsAnalyzer.from_knowledge(knowledge)
    plain._matcher = SignalMatcher(knowledge.sms, plain._fold_word, fast=False)
    return fast, plain


def test_the_fast_matcher_never_skips_a_signal_the_plain_one_fires(
    knowledge: Knowledge,
    analyzers: tuple[SmsAnalyzer, SmsAnalyzer],
    texts: list[tuple[str, str | None]],
) -> None:
    analyzer = analyzers[0]
    fast = SignalMatcher(knowledge.sms, analyzer._fold_word)
    plain = SignalMatcher(knowledge.sms, analyzer._fold_word, fast=False)
    long = moot = 0
    for text, _ in texts:
        folded = analyzer.fold(text)
        evidence = analyzer._extractor.extract(folded)
        seen = [(h.signal.id, h.text, h.start, h.end) for h in fast.match(folded, evidence)]
        expected = [(h.signal.id, h.text, h.start, h.end) for h in plain.match(folded, evidence)]
        assert seen == expected, text
        long += len(folded.text) > SHORT
        fired = {ident for ident, *_ in expected}
        moot += any(not needs.isdisjoint(fired) for needs in fast._moot.values())
    assert long > 100  # the windowed path was taken
    assert moot > 100  # and signals were left unsearched, their hit bound to be dropped


def test_verdicts_risks_and_signals_are_those_of_the_plain_matcher(
    analyzers: tuple[SmsAnalyzer, SmsAnalyzer], texts: list[tuple[str, str | None]]
) -> None:
    fast, plain = analyzers
    for text, sender in texts:
        got, expected = fast.analyze(text, sender), plain.analyze(text, sender)
        assert (got.verdict, got.risk, got.signal_ids()) == (
            expected.verdict,
            expected.risk,
            expected.signal_ids(),
        ), text
        assert got == expected, text  # and every other field: texts, spans, why, evidence
