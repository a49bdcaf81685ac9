"""The SMS analyzer on the labelled corpus (tests/data/sms_corpus.yaml) meets its bar."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.engine.advisor import Advisor
from bot.knowledge.base import Knowledge
from bot.knowledge.sms_checks import REQUIRED_SIGNALS
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


# ---- File shape: what every item of the corpus must carry (see tests/data/README.md) ----

# Signal IDs the README documents for `signals`: the contract signals plus night_contact
# and org_link (a link on the claimed organisation's own domain).
DOCUMENTED_SIGNALS = REQUIRED_SIGNALS | {"night_contact", "org_link"}
TOPICS = ("loan", "other")


@pytest.fixture(scope="module")
def raw_items() -> list[dict[str, object]]:
    data = yaml.safe_load((DATA / "sms_corpus.yaml").read_text(encoding="utf-8"))
    items = data["items"]
    assert isinstance(items, list)
    return items


def test_the_corpus_is_big_enough_to_tune_on(raw_items: list[dict[str, object]]) -> None:
    assert len(raw_items) >= 600
    assert {item["label"] for item in raw_items} == set(LABELS)


def test_ids_are_unique_kebab_case_and_prefixed_by_their_label(
    raw_items: list[dict[str, object]],
) -> None:
    ids = [str(item["id"]) for item in raw_items]
    assert len(ids) == len(set(ids))
    for item in raw_items:
        item_id = str(item["id"])
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", item_id), item_id
        assert item_id.startswith(str(item["label"]).replace("_", "-") + "-"), item_id


def test_every_item_has_a_topic(raw_items: list[dict[str, object]]) -> None:
    for item in raw_items:
        assert item.get("topic") in TOPICS, item["id"]


def test_variants_name_an_original_and_originals_name_a_source(
    raw_items: list[dict[str, object]],
) -> None:
    by_id = {str(item["id"]): item for item in raw_items}
    for item in raw_items:
        parent = item.get("variant-of")
        if parent is None:
            source = str(item.get("source") or "")
            assert "http" in source or re.match(r"(composed|adapted) from", source), item["id"]
            continue
        assert parent in by_id, item["id"]
        assert "variant-of" not in by_id[str(parent)], item["id"]
        assert "source" not in item, item["id"]
        assert item["topic"] == by_id[str(parent)]["topic"], item["id"]


def test_signals_are_documented_ids(raw_items: list[dict[str, object]]) -> None:
    for item in raw_items:
        signals = item.get("signals") or []
        assert isinstance(signals, list), item["id"]
        assert set(signals) <= DOCUMENTED_SIGNALS, (item["id"], set(signals) - DOCUMENTED_SIGNALS)


def test_an_addressed_name_appears_in_its_text(raw_items: list[dict[str, object]]) -> None:
    for item in raw_items:
        name = item.get("addressed_name")
        if name is not None:
            assert str(name) in str(item["text"]), item["id"]


def test_both_scripts_and_topics_are_covered(raw_items: list[dict[str, object]]) -> None:
    import opencc

    to_simplified = opencc.OpenCC("t2s")
    traditional = [i for i in raw_items if to_simplified.convert(str(i["text"])) != i["text"]]
    assert len(traditional) >= 60
    for label in LABELS:
        topics = {item["topic"] for item in raw_items if item["label"] == label}
        assert topics == set(TOPICS), label
