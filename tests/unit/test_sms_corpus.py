"""The SMS analyzer on the labelled corpus (tests/data/sms_corpus.yaml) meets its bar."""

from __future__ import annotations

import pytest
import yaml

from bot.engine.advisor import Advisor
from bot.knowledge.base import Knowledge
from bot.sms import Evaluation, Example, SmsAnalyzer, evaluate, examples_from_corpus
from bot.sms.evaluate import LABELS
from tests.conftest import DATA


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
    assert len(examples) >= 200


def test_scam_recall(result: Evaluation) -> None:
    assert result.recall("scam") >= 0.95, result.table()


def test_genuine_notices_are_seldom_called_scams(result: Evaluation) -> None:
    assert result.share("official_notice", "scam") <= 0.03, result.table()


def test_collection_recall(result: Evaluation) -> None:
    assert result.recall("collection") >= 0.9, result.table()


def test_addressed_name_accuracy(result: Evaluation) -> None:
    assert result.names_total >= 200
    assert result.name_accuracy >= 0.9, result.table()


def test_most_minimum_signals_are_reported(result: Evaluation) -> None:
    # Not a gate of the brief, a guard against silent rule rot: see missing_signals.
    assert result.signal_recall >= 0.9, result.missing_signals


def test_implied_facts_are_valid_engine_facts(
    analyzer: SmsAnalyzer, advisor: Advisor, examples: list[Example]
) -> None:
    """Every fact an SMS implies is a fact and option the engine knows: none is dropped."""
    for example in examples:
        facts = analyzer.analyze(example.text, example.sender).engine_facts()
        assert advisor.valid_facts(facts) == facts, example.id
