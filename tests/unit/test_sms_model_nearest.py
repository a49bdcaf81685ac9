"""The model's nearest corpus message (``SmsModel.nearest``) is the one the plain scan finds.

``nearest`` counts the shared n-grams through postings and bit masks, computes every
candidate's cosine with ``map`` in C and breaks ties by the earliest example; the plain scan
below (with its own postings, from the weights file) is the straightforward one it replaced
(one generator, ``max`` keyed by similarity then the earliest number). Both must return the same
example and the same float on the n-grams of every corpus and tuning SMS, on every shipped
example's own n-grams (duplicates: exact ties), and on random sets of known n-grams.
Held-out files are never read here.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from itertools import chain

import pytest
import yaml

from bot.knowledge.base import Knowledge
from bot.sms import SmsAnalyzer
from bot.sms.model import SmsModel, model_text
from tests.conftest import DATA

_FILES = ("sms_corpus.yaml", *sorted(p.name for p in DATA.glob("sms_tuning_*.yaml")))


def _postings(model: SmsModel) -> dict[str, dict[int, list[int]]]:
    """Per label: feature -> the numbers of the examples that have it."""
    out: dict[str, dict[int, list[int]]] = {}
    for number, example in enumerate(model.weights.examples):
        for feature in example.features:
            out.setdefault(example.label, {}).setdefault(feature, []).append(number)
    return out


def _plain_nearest(
    model: SmsModel, postings: dict[int, list[int]], present: frozenset[int]
) -> tuple[tuple[int, float] | None, int]:
    """The nearest example and its similarity (None: no n-gram shared), and how many
    examples are that similar."""
    shared = Counter(chain.from_iterable(postings.get(f, ()) for f in present))
    if not shared:
        return None, 0
    both = len(present)
    sizes = [len(example.features) for example in model.weights.examples]
    scored = [(n, count / math.sqrt(both * sizes[n])) for n, count in shared.items()]
    best = max(scored, key=lambda candidate: (candidate[1], -candidate[0]))
    return best, sum(1 for _, similarity in scored if similarity == best[1])


@pytest.fixture(scope="module")
def model(knowledge: Knowledge) -> SmsModel:
    assert knowledge.sms_model is not None
    return SmsModel(knowledge.sms_model)


def _presents(knowledge: Knowledge, model: SmsModel) -> list[frozenset[int]]:
    analyzer = SmsAnalyzer(knowledge.sms)
    out: list[frozenset[int]] = []
    for name in _FILES:
        for item in yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["items"]:
            folded = analyzer.fold(str(item["text"]))
            evidence = analyzer.analyze(str(item["text"])).evidence
            out.append(model.predict(model_text(folded, evidence)).present)
    out += [frozenset(example.features) for example in model.weights.examples]
    rng = random.Random(20261203)
    known = range(len(model.weights.features))
    out += [frozenset(rng.sample(known, rng.randrange(1, 60))) for _ in range(300)]
    return out


def test_the_nearest_example_and_its_similarity_are_those_of_the_plain_scan(
    knowledge: Knowledge, model: SmsModel
) -> None:
    presents = _presents(knowledge, model)
    assert len(presents) > 2000  # every file, every example and the random sets
    postings = _postings(model)
    ties = 0
    for present in presents:
        for label in model.weights.labels:
            expected, alike = _plain_nearest(model, postings.get(label, {}), present)
            assert model.nearest(present, label) == expected, (sorted(present)[:10], label)
            ties += alike > 1
    assert ties > 10  # equally similar examples: the earliest must win in both
