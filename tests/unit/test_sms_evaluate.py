"""The metric maths of bot/sms/evaluate.py: Wilson intervals, the errors that matter,
source groups and folds for leave-source-out cross-validation."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.sms.evaluate import (
    Evaluation,
    Example,
    source_folds,
    source_groups,
    source_url,
    wilson,
)


@pytest.mark.parametrize(
    ("hits", "total", "low", "high"),
    [
        # Reference values of the Wilson score interval (95%, z = 1.95996).
        (5, 10, 0.236593, 0.763407),
        (0, 10, 0.0, 0.277533),
        (10, 10, 0.722467, 1.0),
        (1, 2, 0.094531, 0.905469),
        (95, 100, 0.888250, 0.978456),
    ],
)
def test_wilson_interval_matches_known_values(
    hits: int, total: int, low: float, high: float
) -> None:
    assert wilson(hits, total) == pytest.approx((low, high), abs=1e-6)


def test_wilson_interval_is_symmetric_and_brackets_the_share() -> None:
    for total in (1, 7, 50):
        for hits in range(total + 1):
            low, high = wilson(hits, total)
            assert low <= hits / total <= high
            assert wilson(total - hits, total) == pytest.approx((1 - high, 1 - low))


def test_no_trials_means_no_knowledge() -> None:
    assert wilson(0, 0) == (0.0, 1.0)


def _evaluation(rows: list[tuple[str, str, str]]) -> Evaluation:
    """An evaluation from (topic, label, verdict) rows."""
    return Evaluation(
        confusion=Counter((gold, guess) for _, gold, guess in rows),
        topics=Counter(rows),
    )


def test_scam_recall_by_topic_and_the_worst_mistakes() -> None:
    result = _evaluation(
        [
            ("loan", "scam", "scam"),
            ("loan", "scam", "scam"),
            ("loan", "scam", "collection"),
            ("other", "scam", "official_notice"),
            ("other", "scam", "unclear"),
            ("other", "official_notice", "scam"),
            ("other", "official_notice", "official_notice"),
        ]
    )
    assert result.topic_recall() == {"loan": (2, 3), "other": (0, 2)}
    assert result.scams_called_safe == 2
    assert result.share("official_notice", "scam") == 0.5
    figures = result.to_json()
    assert figures["scam_recall_by_topic"]["loan"]["ci"] == list(wilson(2, 3))
    assert figures["scams_called_official_or_collection"] == 2
    assert figures["official_as_scam_ci"] == list(wilson(1, 2))
    assert figures["per_verdict"]["scam"]["precision_ci"] == list(wilson(2, 3))
    assert figures["per_verdict"]["scam"]["recall_ci"] == list(wilson(2, 5))
    table = result.table()
    assert "scam recall, topic loan: 2/3" in table
    assert "scams called official_notice or collection: 2" in table


def test_recall_per_label_and_topic_with_intervals() -> None:
    result = _evaluation(
        [
            ("loan", "collection", "collection"),
            ("loan", "collection", "unclear"),
            ("loan", "collection", "collection"),
            ("loan", "official_notice", "official_notice"),
            ("other", "official_notice", "unclear"),
            ("other", "scam", "scam"),
        ]
    )
    assert result.recall_by_topic() == {
        "scam": {"other": (1, 1)},
        "official_notice": {"loan": (1, 1), "other": (0, 1)},
        "collection": {"loan": (2, 3)},
    }
    figures = result.to_json()["recall_by_topic"]
    assert set(figures) == {"scam", "official_notice", "collection"}  # no empty label
    assert figures["collection"]["loan"] == {
        "right": 2,
        "total": 3,
        "recall": 2 / 3,
        "ci": list(wilson(2, 3)),
    }
    assert figures["official_notice"]["other"]["recall"] == 0.0
    table = result.table(details=False)
    assert "collection recall, topic loan: 2/3 = 0.667" in table
    assert "official_notice recall, topic other: 0/1 = 0.000 [0.000, 0.793]" in table
    assert "unclear recall" not in table


def _example(ident: str, source: str | None = None, variant_of: str | None = None) -> Example:
    return Example(ident, "scam", "…", source=source, variant_of=variant_of)


def test_source_groups_keep_variants_with_their_original() -> None:
    examples = [
        _example("a", "adapted from https://www.police.example/x/1.html (quoted)"),
        _example("a-tw", variant_of="a"),
        _example("a-tw-emoji", variant_of="a-tw"),
        _example("b", "captured in github.com/someone/phone-app, app/Parse.kt"),
        _example("c", "adapted from https://github.com/someone/phone-app/blob/x/test.py"),
        _example("d", "composed from the pattern in DOMAIN.md §2"),
        _example("e"),
    ]
    groups = source_groups(examples)
    assert groups["a"] == groups["a-tw"] == groups["a-tw-emoji"] == "police.example"
    assert groups["b"] == groups["c"] == "github.com/someone/phone-app"
    assert groups["d"] == "DOMAIN.md"
    assert groups["e"] == "unknown"
    assert source_url(examples[0].source) == "https://www.police.example/x/1.html"
    assert source_url(examples[5].source) == "DOMAIN.md §2"


def test_source_folds_never_split_a_group() -> None:
    groups = {f"m{i}": f"host{i % 7}" for i in range(40)}
    folds = source_folds(groups, 3)
    assert len(folds) == 3
    dealt = [g for fold in folds for g in fold]
    assert sorted(dealt) == sorted(set(groups.values()))  # each group in exactly one fold
    sizes = [sum(1 for g in groups.values() if g in fold) for fold in folds]
    assert max(sizes) - min(sizes) <= 6  # roughly balanced
    assert source_folds(groups, 3) == folds  # deterministic
    assert len(source_folds(groups, 50)) == 7  # never more folds than groups
