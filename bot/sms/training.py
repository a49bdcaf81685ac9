"""Train the SMS model from a labelled corpus: a development tool, never run by the bot.

Needs the ``dev`` extra (scikit-learn, numpy, scipy); importing this module without them
raises ImportError, which ``sms-check --eval`` reports. The result is deterministic:
lbfgs (no random state), single-threaded, features ranked with ties broken by n-gram,
weights rounded. ``scripts/train_sms_model.py`` writes it to ``knowledge/sms_model.json``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from bot.knowledge.sms_weights import Lift, ModelExample, SmsWeightsFile
from bot.sms.analyzer import SmsAnalyzer
from bot.sms.evaluate import Example, Trainer, model_input, source_url
from bot.sms.model import SmsModel, grams

__all__ = ["Settings", "corpus_digest", "render", "train", "trainer"]


@dataclass(frozen=True, slots=True)
class Settings:
    """How the model is trained and when it may lift an ``unclear`` verdict."""

    ngram: tuple[int, int] = (1, 3)
    min_df: int = 2
    """An n-gram must occur in this many training messages to be a feature."""
    max_features: int = 4000
    """Features kept after the first fit, ranked by their largest absolute weight."""
    c: float = 30.0
    """Inverse L2 strength. It and the lift thresholds below were chosen by leave-source-out
    cross-validation on tuning corpora only (C in 3..100, n-grams 1-3/1-4/2-4, 4,000 or
    8,000 features): on the 201-message corpus, out-of-fold scam predictions at p >= 0.8
    were 46/47 right and collection at p >= 0.9 28/28; on a 621-message snapshot, lifts of
    the rules' unclear verdicts were right 39/41 (scam) and 4/4 (collection)."""
    decimals: int = 4
    lifts: tuple[Lift, ...] = (
        # `python scripts/probe_lifts.py --label LABEL` re-reads any of these out of fold on
        # the tuning data (session 10's final rules, 1,494 messages, 159 the rules call
        # unclear): the scam lift below turns 11 scams and 3 others (1 genuine notice); the
        # official one 22 genuine notices and nothing else; a scam lift without the rules'
        # floor of 30 would turn 13 scams and 5 others (2 genuine notices).
        # Session 7: on held-out file 3 (measured before it was retired) every scam lift of a
        # message in which the rules saw nothing (scam score 0) was a genuine notice; the
        # model then only tipped a message the rules already found suspicious (until
        # session 16, below).
        Lift(label="scam", min_probability=0.8, min_similarity=0.3, rules_scam_at_least=30),
        # Session 16: the same without the floor, at p >= 0.9, for a message that asks for
        # something (the guards refuse 'scam' to one that asks for nothing, so short status
        # notices stay out of reach). Chosen on a backtest that no rule or model had seen:
        # each retired held-out file (3-9, 11) read by the rules and model of the commit of
        # its first look (`python scripts/backtest_lifts.py`, 919 messages): scams
        # 108 -> 122 of 219, genuine notices called scam 47 -> 48 of 651. Out of fold on the
        # tuning data (1,979 messages, rules fitted to them) it turns 1 scam and 2 genuine
        # notices: there the rules already catch what the model would.
        Lift(label="scam", min_probability=0.9, min_similarity=0.3),
        # Session 11, tried and not shipped: a scam lift for a message that asks for nothing
        # (p >= 0.95, similarity >= 0.3). Out of fold on the 1,698 tuning messages it turned 11
        # scams and 1 'unclear' and no genuine notice, but the model reads short unsigned status
        # notices the tuning data lacks as scams just as surely ("您的借呗已暂停使用。" 0.97,
        # "尊敬的用户，您的号码即将停机…" 0.98, similarity 0.35-0.48 to a known scam), and the
        # bot's own users get the first kind: tests/unit/test_sms_model.py keeps them unclear.
        Lift(label="collection", min_probability=0.9, min_similarity=0.3, rules_scam_at_most=0),
        # Session 9: a notice that asks for nothing and that the rules cannot place (a
        # booking, a lender's or a utility's own reminder, a code SMS of a sender not in
        # `orgs`). Thresholds set on tuning data only, from a one-off out-of-fold reading
        # (not kept) in which no scam that asks for nothing read as genuine at p 0.8. What
        # `paidoff sms-check --eval --tuning-only` shows for it (leave-source-out, 1,319
        # tuning messages, session 8's rules): genuine recognised 606/731 -> 641/731, scams
        # called genuine 2 -> 2. `min_chars`: "【平安银行】尊敬的客户您好" is a greeting.
        # Session 16: p 0.8 -> 0.7, on the same backtest: genuine notices recognised
        # 388 -> 403 of 651, scams called genuine 13 -> 13 of 219 (0.65 gave 416 and 13, 0.6
        # gave 420 and 14: 0.7 keeps a margin); out of fold on the tuning data 66 -> 70 right
        # and 2 -> 3 wrong (one more scam that asks for nothing called genuine).
        Lift(
            label="official_notice",
            min_probability=0.7,
            min_similarity=0.2,
            rules_scam_at_most=0,
            plain_only=True,
            min_chars=12,
        ),
    )


LABELS = ("scam", "official_notice", "collection", "unclear")


def corpus_digest(examples: Sequence[Example]) -> str:
    """SHA-256 of what training reads from each example (id, label, text, sender, source)."""
    rows = [[e.id, e.label, e.text, e.sender, e.source, e.variant_of] for e in examples]
    blob = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()


def train(
    analyzer: SmsAnalyzer, examples: Sequence[Example], settings: Settings | None = None
) -> SmsWeightsFile:
    """The weights learnt from ``examples`` (read through the rules-only ``analyzer``)."""
    conf = settings or Settings()
    texts = [model_input(analyzer, e.text, analyzer.analyze(e.text, e.sender)) for e in examples]
    docs = [sorted({g for _, g in grams(t, *conf.ngram)}) for t in texts]
    labels = [e.label for e in examples]
    counts: dict[str, int] = {}
    for doc in docs:
        for gram in doc:
            counts[gram] = counts.get(gram, 0) + 1
    vocab = sorted(g for g, n in counts.items() if n >= conf.min_df)
    coef, _ = _fit(docs, labels, vocab, conf.c)
    strength = np.abs(coef).max(axis=0)
    ranked = sorted(range(len(vocab)), key=lambda i: (-round(float(strength[i]), 9), vocab[i]))
    kept = sorted(vocab[i] for i in ranked[: conf.max_features])
    coef, bias = _fit(docs, labels, kept, conf.c)
    rounded = np.round(coef.T, conf.decimals)
    features = [
        (gram, tuple(float(w) + 0.0 for w in rounded[i]))
        for i, gram in enumerate(kept)
        if np.any(rounded[i] != 0)
    ]
    index = {g: i for i, (g, _) in enumerate(features)}
    by_id = {e.id: e for e in examples}
    return SmsWeightsFile(
        version=1,
        kind="char-ngram-logreg",
        ngram=conf.ngram,
        labels=LABELS,
        corpus_sha256=corpus_digest(examples),
        trained_on=len(examples),
        lifts=conf.lifts,
        bias=tuple(float(b) + 0.0 for b in np.round(bias, conf.decimals)),
        features=tuple(features),
        examples=tuple(
            ModelExample(
                id=e.id,
                label=e.label,
                source=source_url(_original(e, by_id).source),
                features=tuple(sorted(index[g] for g in doc if g in index)),
            )
            for e, doc in zip(examples, docs, strict=True)
        ),
    )


def _original(example: Example, by_id: dict[str, Example]) -> Example:
    seen = example
    while seen.variant_of in by_id and seen.source is None:
        seen = by_id[seen.variant_of or ""]
    return seen


def _fit(
    docs: Sequence[Sequence[str]], labels: Sequence[str], vocab: Sequence[str], c: float
) -> tuple[np.ndarray, np.ndarray]:
    """(coefficients per label × feature, intercepts) in the order of ``LABELS``."""
    column = {g: i for i, g in enumerate(vocab)}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for row, doc in enumerate(docs):
        present = [column[g] for g in doc if g in column]
        for col in present:
            rows.append(row)
            cols.append(col)
            values.append(1.0 / np.sqrt(len(present)))
    matrix = csr_matrix((values, (rows, cols)), shape=(len(docs), len(vocab)))
    target = np.array([LABELS.index(label) for label in labels])
    model = LogisticRegression(
        solver="lbfgs", C=c, max_iter=5000, tol=1e-8, class_weight="balanced"
    )
    with threadpool_limits(limits=1):
        model.fit(matrix, target)
    coef = np.zeros((len(LABELS), len(vocab)))
    bias = np.zeros(len(LABELS))
    for k, cls in enumerate(model.classes_):
        coef[int(cls)] = model.coef_[k]
        bias[int(cls)] = model.intercept_[k]
    # Labels absent from the training set can never win.
    for k in range(len(LABELS)):
        if k not in set(int(c) for c in model.classes_):
            bias[k] = -30.0
    return coef, bias


def trainer(analyzer: SmsAnalyzer, settings: Settings | None = None) -> Trainer:
    """A ``bot.sms.evaluate.Trainer``: examples in, a scoring model out."""

    def fit(examples: Sequence[Example]) -> SmsModel:
        return SmsModel(train(analyzer, examples, settings))

    return fit


def render(weights: SmsWeightsFile) -> str:
    """The file's text: stable key order, one feature and one example a line (diffable)."""
    head = weights.model_dump(mode="json", exclude={"features", "examples"})
    lines = ["{"]
    for key, value in head.items():
        lines.append(f"  {json.dumps(key)}: {_dump(value)},")
    lines.append('  "features": [')
    lines += [
        f"    {_dump([g, list(w)])}{',' if i < len(weights.features) - 1 else ''}"
        for i, (g, w) in enumerate(weights.features)
    ]
    lines.append("  ],")
    lines.append('  "examples": [')
    lines += [
        f"    {_dump(e.model_dump(mode='json'))}{',' if i < len(weights.examples) - 1 else ''}"
        for i, e in enumerate(weights.examples)
    ]
    lines += ["  ]", "}", ""]
    return "\n".join(lines)


_PRIVATE = re.compile("[\ue000-\uf8ff]")


def _dump(value: object) -> str:
    # Chinese stays readable; the private-use kind tokens are written as \\uXXXX escapes.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _PRIVATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
