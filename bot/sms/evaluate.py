"""Evaluate the analyzer on a labelled corpus: precision/recall per verdict, confusion, names.

Pure: the caller loads the corpus (``tests/data/sms_corpus.yaml``, see its README) and
passes the parsed mapping to ``examples_from_corpus``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.sms.analyzer import SmsAnalyzer
from bot.sms.verdict import VerdictKind

__all__ = ["LABELS", "Evaluation", "Example", "evaluate", "examples_from_corpus"]

LABELS: tuple[str, ...] = tuple(v.value for v in VerdictKind)


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled SMS of the corpus."""

    id: str
    label: str
    text: str
    sender: str | None = None
    addressed_name: str | None = None
    has_name_field: bool = False
    signals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evaluation:
    """How the analyzer did on a corpus."""

    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    names_right: int = 0
    names_total: int = 0
    signals_found: int = 0
    signals_expected: int = 0
    misses: tuple[tuple[str, str, str], ...] = ()
    missing_signals: tuple[tuple[str, str], ...] = ()

    def support(self, label: str) -> int:
        """How many examples carry ``label``."""
        return sum(n for (gold, _), n in self.confusion.items() if gold == label)

    def predicted(self, label: str) -> int:
        """How many examples were classified ``label``."""
        return sum(n for (_, guess), n in self.confusion.items() if guess == label)

    def recall(self, label: str) -> float:
        """Share of ``label`` examples classified ``label`` (1.0 when there are none)."""
        support = self.support(label)
        return self.confusion[(label, label)] / support if support else 1.0

    def precision(self, label: str) -> float:
        """Share of ``label`` predictions that were right (1.0 when there are none)."""
        predicted = self.predicted(label)
        return self.confusion[(label, label)] / predicted if predicted else 1.0

    def share(self, gold: str, guess: str) -> float:
        """Share of ``gold`` examples classified ``guess``."""
        support = self.support(gold)
        return self.confusion[(gold, guess)] / support if support else 0.0

    @property
    def name_accuracy(self) -> float:
        """Share of examples with an ``addressed_name`` field whose name was read exactly."""
        return self.names_right / self.names_total if self.names_total else 1.0

    @property
    def signal_recall(self) -> float:
        """Share of the corpus's minimum signals that the analyzer reported."""
        return self.signals_found / self.signals_expected if self.signals_expected else 1.0

    def table(self) -> str:
        """A readable report: per-verdict figures, the confusion matrix, names, misses."""
        rows = [f"{'verdict':<16}{'precision':>10}{'recall':>8}{'support':>9}"]
        for label in LABELS:
            rows.append(
                f"{label:<16}{self.precision(label):>10.3f}{self.recall(label):>8.3f}"
                f"{self.support(label):>9d}"
            )
        rows += ["", "confusion (rows: label, columns: verdict)"]
        rows.append(f"{'':<16}" + "".join(f"{c[:10]:>11}" for c in LABELS))
        for gold in LABELS:
            cells = "".join(f"{self.confusion[(gold, guess)]:>11d}" for guess in LABELS)
            rows.append(f"{gold:<16}{cells}")
        rows += [
            "",
            f"official_notice classified scam: {self.share('official_notice', 'scam'):.3f}",
            f"addressed name exact: {self.names_right}/{self.names_total} "
            f"= {self.name_accuracy:.3f}",
            f"minimum signals reported: {self.signals_found}/{self.signals_expected} "
            f"= {self.signal_recall:.3f}",
        ]
        if self.misses:
            rows += ["", "misclassified:"]
            rows += [f"  {i}: {gold} → {guess}" for i, gold, guess in self.misses]
        return "\n".join(rows)

    def to_json(self) -> dict[str, Any]:
        """The figures as plain JSON values."""
        return {
            "per_verdict": {
                label: {
                    "precision": self.precision(label),
                    "recall": self.recall(label),
                    "support": self.support(label),
                }
                for label in LABELS
            },
            "confusion": {
                gold: {guess: self.confusion[(gold, guess)] for guess in LABELS} for gold in LABELS
            },
            "official_as_scam": self.share("official_notice", "scam"),
            "name_accuracy": self.name_accuracy,
            "names": [self.names_right, self.names_total],
            "signal_recall": self.signal_recall,
            "misses": [list(m) for m in self.misses],
            "missing_signals": [list(m) for m in self.missing_signals],
        }


def examples_from_corpus(data: Mapping[str, Any]) -> list[Example]:
    """The examples of a parsed corpus file (``version`` and ``items``, see its README)."""
    items = data.get("items")
    if not isinstance(items, list):
        raise ValueError("a corpus needs an 'items' list")
    out: list[Example] = []
    for item in items:
        if not isinstance(item, Mapping) or "text" not in item or "label" not in item:
            raise ValueError(f"corpus item without text or label: {item!r:.80}")
        sender = item.get("sender")
        name = item.get("addressed_name")
        out.append(
            Example(
                id=str(item.get("id", len(out))),
                label=str(item["label"]),
                text=str(item["text"]),
                sender=None if sender is None else str(sender),
                addressed_name=None if name is None else str(name),
                has_name_field="addressed_name" in item,
                signals=tuple(str(s) for s in item.get("signals") or ()),
            )
        )
    return out


def evaluate(analyzer: SmsAnalyzer, examples: Iterable[Example]) -> Evaluation:
    """Run ``analyzer`` on every example and count how it did."""
    confusion: Counter[tuple[str, str]] = Counter()
    names_right = names_total = found = expected = 0
    misses: list[tuple[str, str, str]] = []
    missing: list[tuple[str, str]] = []
    for example in examples:
        verdict = analyzer.analyze(example.text, example.sender)
        guess = verdict.verdict.value
        confusion[(example.label, guess)] += 1
        if guess != example.label:
            misses.append((example.id, example.label, guess))
        if example.has_name_field:
            names_total += 1
            names_right += verdict.addressed_name == example.addressed_name
        seen = set(verdict.signal_ids())
        expected += len(example.signals)
        for signal in example.signals:
            if signal in seen:
                found += 1
            else:
                missing.append((example.id, signal))
    return Evaluation(
        confusion=confusion,
        names_right=names_right,
        names_total=names_total,
        signals_found=found,
        signals_expected=expected,
        misses=tuple(misses),
        missing_signals=tuple(missing),
    )
