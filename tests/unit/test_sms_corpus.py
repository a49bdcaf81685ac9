"""The SMS analyzer on the labelled corpus (tests/data/sms_corpus.yaml) meets its bar."""

from __future__ import annotations

import pytest
import yaml

from bot.engine.advisor import Advisor
from bot.knowledge.base import Knowledge
from bot.sms import Evaluation, Example, SmsAnalyzer, evaluate, examples_from_corpus
from bot.sms.evaluate import LABELS
from tests.conftest import DATA

# What the analyzer honestly achieves on the tuning corpus (tests/data/sms_corpus.yaml, 649
# messages on 2026-12-01), with a little slack for corpus growth. These are tuning figures:
# the rules were written against this corpus. The held-out file is scored separately.
# Achieved: scam 183/196 = 0.934, official 267/297 = 0.899 (1 called scam), collection
# 130/140 = 0.929, names 627/649 = 0.966, minimum signals 0.943.
SCAM_RECALL = 0.92
OFFICIAL_RECALL = 0.88
OFFICIAL_AS_SCAM = 0.01
COLLECTION_RECALL = 0.91
NAME_ACCURACY = 0.95
SIGNAL_RECALL = 0.92


@pytest.fixture(scope="module")
def analyzer(knowledge: Knowledge) -> SmsAnalyzer:
    return SmsAnalyzer(knowledge.sms)


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    data = yaml.safe_load((DATA / "sms_corpus.yaml").read_text(encoding="utf-8"))
    return examples_from_corpus(data)


@pytest.fixture(scope="module")
def result(analyzer: SmsAnalyzer, examples: list[Example]) -> Evaluation:
    return evaluate(analyzer, examples)


def test_the_corpus_uses_only_contract_labels(examples: list[Example]) -> None:
    assert {e.label for e in examples} <= set(LABELS)
    assert len(examples) >= 600


def test_scam_recall(result: Evaluation) -> None:
    assert result.recall("scam") >= SCAM_RECALL, result.table()


def test_no_scam_is_called_genuine_or_collection(result: Evaluation) -> None:
    assert result.share("scam", "official_notice") == 0, result.table()
    assert result.share("scam", "collection") <= 0.01, result.table()


def test_genuine_notices_are_recognised_and_seldom_called_scams(result: Evaluation) -> None:
    assert result.recall("official_notice") >= OFFICIAL_RECALL, result.table()
    assert result.share("official_notice", "scam") <= OFFICIAL_AS_SCAM, result.table()


def test_collection_recall(result: Evaluation) -> None:
    assert result.recall("collection") >= COLLECTION_RECALL, result.table()


def test_addressed_name_accuracy(result: Evaluation) -> None:
    assert result.names_total >= 600
    assert result.name_accuracy >= NAME_ACCURACY, result.table()


def test_most_minimum_signals_are_reported(result: Evaluation) -> None:
    # Not a gate of the brief, a guard against silent rule rot: see missing_signals.
    assert result.signal_recall >= SIGNAL_RECALL, result.missing_signals


def test_implied_facts_are_valid_engine_facts(
    analyzer: SmsAnalyzer, advisor: Advisor, examples: list[Example]
) -> None:
    """Every fact an SMS implies is a fact and option the engine knows: none is dropped."""
    for example in examples:
        facts = analyzer.analyze(example.text, example.sender).engine_facts()
        assert advisor.valid_facts(facts) == facts, example.id
