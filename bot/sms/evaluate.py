"""Evaluate the analyzer on a labelled corpus: per-verdict figures with 95% Wilson
intervals, the errors that matter most, and leave-source-out cross-validation.

Pure: the caller loads a corpus (``tests/data/sms_corpus.yaml``, see its README, or the
held-out file of the same schema plus ``topic``) and passes the parsed mapping to
``examples_from_corpus``. Cross-validation takes the trainer as a function, so this module
needs no scikit-learn (``bot.sms.training`` has the trainer).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.sms.analyzer import MAX_CHARS, SmsAnalyzer
from bot.sms.model import SmsModel, model_text
from bot.sms.verdict import Verdict, VerdictKind

__all__ = [
    "LABELS",
    "CrossValidation",
    "Evaluation",
    "Example",
    "cross_validate",
    "evaluate",
    "examples_from_corpus",
    "model_input",
    "source_folds",
    "source_groups",
    "source_url",
    "wilson",
]

LABELS: tuple[str, ...] = tuple(v.value for v in VerdictKind)
Z95 = 1.959963984540054
"""The standard normal quantile for a two-sided 95% interval."""

_URL = re.compile(r"https?://[^\s)（），,]+|github\.com/[^\s)（），,]+")
_DOMAIN_MD = re.compile(r"DOMAIN\.md(?: §\d+)?")


def wilson(hits: int, total: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of ``hits`` successes in ``total`` trials ((0, 1) if none)."""
    if total <= 0:
        return (0.0, 1.0)
    share = hits / total
    scale = 1 + z * z / total
    centre = (share + z * z / (2 * total)) / scale
    half = z / scale * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    low = 0.0 if hits <= 0 else max(0.0, centre - half)  # exact at the ends: no 1e-17
    high = 1.0 if hits >= total else min(1.0, centre + half)
    return (low, high)


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled SMS of a corpus."""

    id: str
    label: str
    text: str
    sender: str | None = None
    addressed_name: str | None = None
    has_name_field: bool = False
    signals: tuple[str, ...] = ()
    source: str | None = None
    variant_of: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class Evaluation:
    """How the analyzer (or the model) did on a corpus."""

    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    topics: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    """(topic, label, verdict) counts; topic is ``unknown`` when an item has none."""
    names_right: int = 0
    names_total: int = 0
    signals_found: int = 0
    signals_expected: int = 0
    misses: tuple[tuple[str, str, str], ...] = ()
    missing_signals: tuple[tuple[str, str], ...] = ()
    lifted: int = 0
    """Verdicts the statistical layer lifted from ``unclear``."""
    lifts: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(label, lifted verdict) counts of those: which lifts were right, which wrong."""

    @property
    def lifted_right(self) -> int:
        """Lifts to the example's own label."""
        return sum(n for (gold, guess), n in self.lifts.items() if gold == guess)

    def _wrong_lifts(self) -> list[tuple[str, str, int]]:
        return sorted((g, v, n) for (g, v), n in self.lifts.items() if g != v)

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

    def recall_interval(self, label: str) -> tuple[float, float]:
        """The 95% Wilson interval of ``recall(label)``."""
        return wilson(self.confusion[(label, label)], self.support(label))

    def precision_interval(self, label: str) -> tuple[float, float]:
        """The 95% Wilson interval of ``precision(label)``."""
        return wilson(self.confusion[(label, label)], self.predicted(label))

    def share(self, gold: str, guess: str) -> float:
        """Share of ``gold`` examples classified ``guess``."""
        support = self.support(gold)
        return self.confusion[(gold, guess)] / support if support else 0.0

    def topic_recall(self, label: str = "scam") -> dict[str, tuple[int, int]]:
        """(right, total) of ``label`` examples per topic (loan, other, unknown)."""
        out: dict[str, tuple[int, int]] = {}
        for (topic, gold, guess), n in sorted(self.topics.items()):
            if gold == label:
                right, total = out.get(topic, (0, 0))
                out[topic] = (right + n * (guess == label), total + n)
        return out

    def recall_by_topic(self) -> dict[str, dict[str, tuple[int, int]]]:
        """Label → topic → (right, total), for every label that has examples."""
        return {label: self.topic_recall(label) for label in LABELS if self.support(label)}

    @property
    def scams_called_safe(self) -> int:
        """Scams classified ``official_notice`` or ``collection``: the worst mistake."""
        return self.confusion[("scam", "official_notice")] + self.confusion[("scam", "collection")]

    @property
    def name_accuracy(self) -> float:
        """Share of examples with an ``addressed_name`` field whose name was read exactly."""
        return self.names_right / self.names_total if self.names_total else 1.0

    @property
    def signal_recall(self) -> float:
        """Share of the corpus's minimum signals that the analyzer reported."""
        return self.signals_found / self.signals_expected if self.signals_expected else 1.0

    def table(self, *, details: bool = True) -> str:
        """A readable report: per-verdict figures with intervals, key errors, confusion."""
        rows = [f"{'verdict':<16}{'support':>8}  {'precision [95% CI]':<22}{'recall [95% CI]'}"]
        for label in LABELS:
            rows.append(
                f"{label:<16}{self.support(label):>8d}  "
                f"{_ci(self.precision(label), self.precision_interval(label)):<22}"
                f"{_ci(self.recall(label), self.recall_interval(label))}"
            )
        rows.append("")
        for label, per_topic in self.recall_by_topic().items():
            for topic, (right, total) in per_topic.items():
                rows.append(f"{label} recall, topic {topic}: {_ratio(right, total)}")
        notices = self.support("official_notice")
        rows += [
            f"lifted from unclear by the model: {self.lifted}, right {self.lifted_right}"
            + "".join(f"; {gold} → {guess}: {n}" for gold, guess, n in self._wrong_lifts()),
            "genuine notices called scam: "
            + _ratio(self.confusion[("official_notice", "scam")], notices),
            f"scams called official_notice or collection: {self.scams_called_safe}",
            "",
            "confusion (rows: label, columns: verdict)",
            f"{'':<16}" + "".join(f"{c[:10]:>11}" for c in LABELS),
        ]
        for gold in LABELS:
            cells = "".join(f"{self.confusion[(gold, guess)]:>11d}" for guess in LABELS)
            rows.append(f"{gold:<16}{cells}")
        if not details:
            return "\n".join(rows)
        rows += [
            "",
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
        """The figures as plain JSON values (intervals as [low, high])."""
        notices = self.support("official_notice")
        as_scam = self.confusion[("official_notice", "scam")]
        return {
            "per_verdict": {
                label: {
                    "support": self.support(label),
                    "precision": self.precision(label),
                    "precision_ci": list(self.precision_interval(label)),
                    "recall": self.recall(label),
                    "recall_ci": list(self.recall_interval(label)),
                }
                for label in LABELS
            },
            "confusion": {
                gold: {guess: self.confusion[(gold, guess)] for guess in LABELS} for gold in LABELS
            },
            "scam_recall_by_topic": _per_topic(self.topic_recall()),
            "recall_by_topic": {
                label: _per_topic(per_topic) for label, per_topic in self.recall_by_topic().items()
            },
            "official_as_scam": self.share("official_notice", "scam"),
            "official_as_scam_ci": list(wilson(as_scam, notices)),
            "scams_called_official_or_collection": self.scams_called_safe,
            "lifted": self.lifted,
            "lifted_right": self.lifted_right,
            "lifted_wrong": [list(w) for w in self._wrong_lifts()],
            "name_accuracy": self.name_accuracy,
            "names": [self.names_right, self.names_total],
            "signal_recall": self.signal_recall,
            "misses": [list(m) for m in self.misses],
            "missing_signals": [list(m) for m in self.missing_signals],
        }


def _per_topic(counts: Mapping[str, tuple[int, int]]) -> dict[str, dict[str, Any]]:
    return {
        topic: {"right": r, "total": t, "recall": r / t, "ci": list(wilson(r, t))}
        for topic, (r, t) in counts.items()
    }


def _ci(value: float, interval: tuple[float, float]) -> str:
    return f"{value:.3f} [{interval[0]:.3f}, {interval[1]:.3f}]"


def _ratio(right: int, total: int) -> str:
    share = right / total if total else 0.0
    return f"{right}/{total} = {_ci(share, wilson(right, total))}"


def examples_from_corpus(data: Mapping[str, Any]) -> list[Example]:
    """The examples of a parsed corpus file (``version`` and ``items``, see its README)."""
    items = data.get("items")
    if not isinstance(items, list):
        raise ValueError("a corpus needs an 'items' list")
    out: list[Example] = []
    for item in items:
        if not isinstance(item, Mapping) or "text" not in item or "label" not in item:
            raise ValueError(f"corpus item without text or label: {item!r:.80}")
        out.append(
            Example(
                id=str(item.get("id", len(out))),
                label=str(item["label"]),
                text=str(item["text"]),
                sender=_str(item.get("sender")),
                addressed_name=_str(item.get("addressed_name")),
                has_name_field="addressed_name" in item,
                signals=tuple(str(s) for s in item.get("signals") or ()),
                source=_str(item.get("source")),
                variant_of=_str(item.get("variant-of")),
                topic=_str(item.get("topic")),
            )
        )
    return out


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def evaluate(analyzer: SmsAnalyzer, examples: Iterable[Example]) -> Evaluation:
    """Run ``analyzer`` on every example and count how it did."""
    pairs = [(e, analyzer.analyze(e.text, e.sender)) for e in examples]
    return _tally(pairs, [v.verdict.value for _, v in pairs])


def _tally(pairs: Sequence[tuple[Example, Verdict]], guesses: Sequence[str]) -> Evaluation:
    confusion: Counter[tuple[str, str]] = Counter()
    topics: Counter[tuple[str, str, str]] = Counter()
    names_right = names_total = found = expected = lifted = 0
    lifts: Counter[tuple[str, str]] = Counter()
    misses: list[tuple[str, str, str]] = []
    missing: list[tuple[str, str]] = []
    for (example, verdict), guess in zip(pairs, guesses, strict=True):
        confusion[(example.label, guess)] += 1
        if verdict.model is not None:
            lifted += 1
            lifts[(example.label, guess)] += 1
        topics[(example.topic or "unknown", example.label, guess)] += 1
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
        topics=topics,
        names_right=names_right,
        names_total=names_total,
        signals_found=found,
        signals_expected=expected,
        misses=tuple(misses),
        missing_signals=tuple(missing),
        lifted=lifted,
        lifts=lifts,
    )


def model_input(analyzer: SmsAnalyzer, text: str, verdict: Verdict) -> str:
    """The model text of ``text``, from the analyzer's folding and ``verdict``'s evidence."""
    return model_text(analyzer.fold(text[:MAX_CHARS]), verdict.evidence)


def source_url(source: str | None) -> str:
    """The first URL (or github.com path) a ``source`` names, else ``DOMAIN.md §n`` when it
    was composed from the project's domain notes, else the source, shortened."""
    if not source:
        return "unknown"
    found = _URL.search(source)
    if found:
        return found.group().rstrip(".;:'\"")
    composed = _DOMAIN_MD.search(source)
    return composed.group() if composed else source[:80]


def _group(source: str | None) -> str:
    url = source_url(source)
    if url.startswith(("http://", "https://", "github.com/")):
        rest = url.split("://", 1)[-1]
        parts = rest.split("/")
        host = parts[0].lower().removeprefix("www.")
        if host == "github.com" and len(parts) >= 3:
            return f"github.com/{parts[1]}/{parts[2]}"
        return host
    return "DOMAIN.md" if source and "DOMAIN.md" in source else "unknown"


def source_groups(examples: Sequence[Example]) -> dict[str, str]:
    """Example id → its source group: the host of its (or its original's) first source
    URL, ``github.com/owner/name`` for code, ``DOMAIN.md`` for texts composed from it."""
    by_id = {e.id: e for e in examples}
    out: dict[str, str] = {}
    for example in examples:
        original = example
        for _ in range(10):  # a variant of a variant still goes with the first original
            parent = by_id.get(original.variant_of or "")
            if parent is None:
                break
            original = parent
        out[example.id] = _group(original.source)
    return out


Trainer = Callable[[Sequence[Example]], SmsModel]
"""Trains a model on some examples (``bot.sms.training.trainer``)."""


@dataclass(frozen=True)
class CrossValidation:
    """Leave-source-out figures: each source group scored by a model trained without it."""

    groups: int
    folds: int
    model_alone: Evaluation
    rules_and_model: Evaluation

    def to_json(self) -> dict[str, Any]:
        """Plain JSON values."""
        return {
            "groups": self.groups,
            "folds": self.folds,
            "model_alone": self.model_alone.to_json(),
            "rules_and_model": self.rules_and_model.to_json(),
        }


def source_folds(groups: Mapping[str, str], folds: int) -> list[list[str]]:
    """The source groups dealt into at most ``folds`` folds, largest group first, so that
    no source is ever on both sides of a split."""
    sizes = Counter(groups.values())
    ordered = sorted(sizes, key=lambda g: (-sizes[g], g))
    count = max(1, min(folds, len(ordered)))
    dealt: list[list[str]] = [[] for _ in range(count)]
    load = [0] * count
    for group in ordered:
        target = min(range(count), key=lambda i: (load[i], i))
        dealt[target].append(group)
        load[target] += sizes[group]
    return dealt


def cross_validate(
    analyzer: SmsAnalyzer, examples: Sequence[Example], train: Trainer, folds: int = 10
) -> CrossValidation:
    """Leave sources out: deal the source groups into ``folds`` folds, train on all folds
    but one, score the one left out, for each fold in turn.

    ``analyzer`` gives the rules' verdicts (it should carry no model); the fold's model
    may lift them exactly as ``SmsAnalyzer`` would with that model attached.
    """
    groups = source_groups(examples)
    rules = [analyzer.analyze(e.text, e.sender) for e in examples]
    texts = [model_input(analyzer, e.text, v) for e, v in zip(examples, rules, strict=True)]
    alone = [""] * len(examples)
    combined = list(rules)
    dealt = source_folds(groups, folds)
    for fold in dealt:
        left_out = set(fold)
        inside = [i for i, e in enumerate(examples) if groups[e.id] in left_out]
        model = train([e for e in examples if groups[e.id] not in left_out])
        for i in inside:
            alone[i] = model.predict(texts[i]).label
            combined[i] = model.lift(rules[i], texts[i], analyzer.rules.risk_floor)
    return CrossValidation(
        groups=len(set(groups.values())),
        folds=len(dealt),
        model_alone=_tally(list(zip(examples, rules, strict=True)), alone),
        rules_and_model=_tally(
            list(zip(examples, combined, strict=True)), [v.verdict.value for v in combined]
        ),
    )
