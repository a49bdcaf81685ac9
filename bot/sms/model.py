"""The statistical layer beside the rules: a character n-gram logistic regression.

Pure Python over the weights of ``knowledge/sms_model.json`` (no numpy at run time).
An SMS becomes its *model text*: the analyzer's matching form with every link, e-mail,
card, phone number, amount, other number and ``**`` mask replaced by one kind token, so
the model learns "a look-alike link", not a particular domain. Its character n-grams
(binary, L2-normalised over the known ones) are scored per label and softmaxed.

The model never decides alone. ``SmsModel.lift`` may turn the rules' ``unclear`` into
``scam`` or ``collection``, and into ``official_notice`` only for a message that asks for
nothing (no link, number to call, account, contact or request, no scam point, not from a
personal number); and only when it is confident, the nearest corpus message of that label
is similar enough, and its explanation can be checked: that message's id and source, and
the phrases that weighed most.
"""

from __future__ import annotations

import math
import operator
import re
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from itertools import chain, count, repeat
from typing import Any

from bot.knowledge.base import Knowledge, localize
from bot.knowledge.model import Lang
from bot.knowledge.sms_model import VerdictId
from bot.knowledge.sms_weights import Lift, SmsWeightsFile
from bot.sms.defang import defang
from bot.sms.extract import Evidence
from bot.sms.numbers import find_cards, mask
from bot.sms.text import Folded
from bot.sms.verdict import Verdict, VerdictKind

__all__ = [
    "MAX_TEXT",
    "TOKENS",
    "ModelOpinion",
    "Prediction",
    "SmsModel",
    "admits",
    "explain",
    "grams",
    "model_text",
]

TOKENS: dict[str, str] = {
    "link:official": "\ue001",
    "link:court": "\ue002",
    "link:shortener": "\ue003",
    "link:lookalike": "\ue004",
    "link:other": "\ue005",
    "email": "\ue006",
    "card": "\ue007",
    "card:masked": "\ue008",
    "phone:official": "\ue010",
    "phone:court": "\ue011",
    "phone:service": "\ue012",
    "phone:bulk_106": "\ue013",
    "phone:toll_free": "\ue014",
    "phone:mobile": "\ue015",
    "phone:landline": "\ue016",
    "phone:other": "\ue017",
    "amount": "\ue020",
    "number:short": "\ue021",
    "number:code": "\ue022",
    "number:long": "\ue023",
    "mask": "\ue030",
}
"""Kind → the one private-use character that stands for it in the model text."""

MAX_TEXT = 600
"""Characters of model text the layer still judges (the tuning corpus's longest SMS has
212; one SMS is at most a few hundred). A longer paste is left to the rules."""

_SHOWN = {tok: "<" + kind.split(":")[0] + ">" for kind, tok in TOKENS.items()}
_DIGITS = re.compile(r"\d+(?:[-., ]\d+)*")
_MASK = re.compile(r"[*＊]{2,}|[x×]{3,}")
_SPACES = re.compile(r"\s+")
_AMOUNT_AFTER = re.compile(r"\s?(?:万元|万|元|块)")
_AMOUNT_BEFORE = ("¥", "￥", "人民币")
_PHRASES = 3
_EDGE = " 【】[]()（）,，.。:：;；!！?？、\"'“”"
"""Stripped from both ends of a phrase shown to the reader."""
_PHRASE_CHARS = 16
_TOP_GRAMS = 12


def model_text(folded: Folded, evidence: Evidence) -> str:
    """The text the model reads: ``folded`` with links, numbers and masks as kind tokens."""
    spans: list[tuple[int, int, str]] = [
        (x.start, x.end, TOKENS.get(f"link:{x.kind}", TOKENS["link:other"]))
        for x in evidence.links
    ]
    text = mask(folded.text, [(s, e) for s, e, _ in spans])
    emails = [(e.start, e.end) for e in evidence.emails]
    spans += [(s, e, TOKENS["email"]) for s, e in emails]
    text = mask(text, emails)
    cards, card_spans = find_cards(folded, text)
    for card, (s, e) in zip(cards, card_spans, strict=False):
        spans.append((s, e, TOKENS["card:masked" if card.masked else "card"]))
    text = mask(text, card_spans)
    phones = {p.number: p.kind for p in evidence.phones}
    for found in _DIGITS.finditer(text):
        spans.append((*found.span(), _number_token(found, text, phones)))
    text = mask(text, [(s, e) for s, e, _ in spans])
    spans += [(*m.span(), TOKENS["mask"]) for m in _MASK.finditer(text)]
    pieces: list[str] = []
    pos = 0
    for start, end, token in sorted(spans):
        if start < pos:
            continue
        pieces += [folded.text[pos:start], token]
        pos = end
    pieces.append(folded.text[pos:])
    return _SPACES.sub(" ", "".join(pieces)).strip()


def _number_token(found: re.Match[str], text: str, phones: Mapping[str, str]) -> str:
    digits = re.sub(r"\D", "", found.group())
    kind = phones.get(digits) or phones.get(digits[-11:])
    if kind is not None:
        return TOKENS.get(f"phone:{kind}", TOKENS["phone:other"])
    before = text[max(0, found.start() - 3) : found.start()]
    if before.endswith(_AMOUNT_BEFORE) or _AMOUNT_AFTER.match(text, found.end()):
        return TOKENS["amount"]
    if len(digits) <= 3:
        return TOKENS["number:short"]
    return TOKENS["number:code"] if len(digits) <= 8 else TOKENS["number:long"]


def grams(text: str, low: int, high: int) -> list[tuple[int, str]]:
    """Every (position, n-gram) of ``text`` with ``low`` to ``high`` characters, no spaces."""
    out: list[tuple[int, str]] = []
    for size in range(low, high + 1):
        for at in range(len(text) - size + 1):
            gram = text[at : at + size]
            if " " not in gram:
                out.append((at, gram))
    return out


@dataclass(frozen=True, slots=True)
class Prediction:
    """The model's label for a model text, its probability, and the n-grams it knew."""

    label: str
    probability: float
    probabilities: Mapping[str, float]
    present: frozenset[int]


@dataclass(frozen=True, slots=True)
class ModelOpinion:
    """Why the model lifted an ``unclear`` verdict: a person can check every part of it."""

    label: str
    probability: float
    nearest_id: str
    nearest_source: str
    similarity: float
    phrases: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """Plain JSON values."""
        return {
            "label": self.label,
            "probability": round(self.probability, 3),
            "nearest": {
                "id": self.nearest_id,
                "source": self.nearest_source,
                "similarity": round(self.similarity, 3),
            },
            "phrases": list(self.phrases),
        }


_COMMON = 24
"""A feature that this many examples of a label or more share is counted by bit masks."""


class _Neighbours:
    """The examples of one label, for ``SmsModel.nearest``: how many n-grams each shares
    with a message, counted two ways that give the same integers. A feature few examples
    have is counted through its postings (``Counter`` in C); one that many have (``的``,
    ``您``: most of the postings) is a bit of each example's mask, and the shared ones are
    ``(mask & message).bit_count()``, made by ``map`` in C for every example at once."""

    def __init__(self, weights: SmsWeightsFile, label: str) -> None:
        examples = [
            (n, x.features)
            for n, x in enumerate(weights.examples)
            if x.label == label and x.features
        ]
        self._numbers = [n for n, _ in examples]  # ascending: the earliest wins a tie
        self._sizes = [len(features) for _, features in examples]
        postings: dict[int, list[int]] = {}
        for local, (_, features) in enumerate(examples):
            for feature in features:
                postings.setdefault(feature, []).append(local)
        common = sorted(f for f, having in postings.items() if len(having) >= _COMMON)
        self._bit = {feature: 1 << i for i, feature in enumerate(common)}
        self._masks = [sum(self._bit.get(f, 0) for f in features) for _, features in examples]
        self._rare = {f: having for f, having in postings.items() if f not in self._bit}

    def nearest(self, present: frozenset[int]) -> tuple[int, float] | None:
        """The nearest example's number and similarity; None when none shares an n-gram."""
        bit, rare = self._bit, self._rare
        wanted = 0
        lists: list[list[int]] = []
        for feature in present:
            one = bit.get(feature)
            if one is not None:
                wanted |= one
            else:
                having = rare.get(feature)
                if having is not None:
                    lists.append(having)
        if wanted:
            counts = list(map(int.bit_count, map(operator.and_, self._masks, repeat(wanted))))
        else:
            counts = [0] * len(self._masks)
        for local, shared in Counter(chain.from_iterable(lists)).items():
            counts[local] += shared
        if not any(counts):
            return None
        # count / math.sqrt(both * size), example by example, made by ``map`` in C
        roots = map(math.sqrt, map(operator.mul, repeat(len(present)), self._sizes))
        similarities = list(map(operator.truediv, counts, roots))
        best = max(similarities)
        return self._numbers[similarities.index(best)], best


class SmsModel:
    """Scores model texts with the weights of one ``sms_model.json``."""

    def __init__(self, weights: SmsWeightsFile) -> None:
        self._file = weights
        self._labels = weights.labels
        self._low, self._high = weights.ngram
        self._bias = weights.bias
        self._index = {gram: i for i, (gram, _) in enumerate(weights.features)}
        self._sizes = range(self._low, self._high + 1)
        # What ``phrases`` may show: n-grams without a space, of one character only a token.
        self._shown = {
            gram: i
            for gram, i in self._index.items()
            if " " not in gram and (len(gram) > 1 or gram in _SHOWN)
        }
        self._weights = [w for _, w in weights.features]
        self._near: dict[str, _Neighbours] = {x: _Neighbours(weights, x) for x in self._labels}
        # Per label, how far each feature pulls towards it (its weight there minus the
        # mean of the others): computed once, not per n-gram of every message.
        others = max(1, len(self._labels) - 1)
        self._pull = [
            [w[k] - (sum(w) - w[k]) / others for w in self._weights]
            for k in range(len(self._labels))
        ]

    @property
    def weights(self) -> SmsWeightsFile:
        """The weights file this model scores with."""
        return self._file

    def predict(self, text: str) -> Prediction:
        """The most likely label of a model text (see ``model_text``)."""
        # the known n-grams, added in the same order as one loop over sizes then positions
        # would (so ``present`` iterates, and its weights add up, exactly as they did)
        every = [
            text[at : at + size] for size in self._sizes for at in range(len(text) - size + 1)
        ]
        present = frozenset({i for i in map(self._index.get, every) if i is not None})
        logits = list(self._bias)
        if present:
            scale = 1.0 / math.sqrt(len(present))
            sums = map(sum, zip(*(self._weights[f] for f in present), strict=True))
            logits = [b + w * scale for b, w in zip(logits, sums, strict=True)]
        top = max(logits)
        exps = [math.exp(x - top) for x in logits]
        total = sum(exps)
        probs: dict[str, float] = {
            label: e / total for label, e in zip(self._labels, exps, strict=True)
        }
        best = max(range(len(logits)), key=lambda k: (logits[k], -k))
        label = self._labels[best]
        return Prediction(label, probs[label], probs, present)

    def nearest(self, present: frozenset[int], label: str) -> tuple[int, float] | None:
        """The corpus example of ``label`` most like ``present`` (cosine), and how alike."""
        near = self._near.get(label)
        return near.nearest(present) if near is not None else None

    def phrases(self, text: str, label: str) -> tuple[str, ...]:
        """The stretches of ``text`` whose n-grams pushed most towards ``label``."""
        towards = self._pull[self._labels.index(label)]
        found: list[tuple[int, str, int]] = []  # (position, n-gram, feature) by size, position
        for size in self._sizes:
            every = [text[at : at + size] for at in range(len(text) - size + 1)]
            ids = map(self._shown.get, every)
            found += [(at, g, i) for at, g, i in zip(count(), every, ids) if i is not None]
        pull = {gram: towards[i] for _, gram, i in found}
        strong = set(sorted((g for g in pull if pull[g] > 0), key=lambda g: -pull[g])[:_TOP_GRAMS])
        spans = sorted((at, at + len(g), g) for at, g, _ in found if g in strong)
        merged: list[tuple[int, int, set[str]]] = []
        for start, end, gram in spans:
            if merged and start < merged[-1][1]:
                last = merged[-1]
                merged[-1] = (last[0], max(last[1], end), last[2] | {gram})
            else:
                merged.append((start, end, {gram}))
        ranked = sorted(merged, key=lambda m: (-sum(pull[g] for g in m[2]), m[0]))
        out: list[str] = []
        for start, end, _ in ranked:
            piece = text[start:end].strip(_EDGE)
            shown = "".join(_SHOWN.get(c, c) for c in piece)[:_PHRASE_CHARS]
            if shown and shown not in out:
                out.append(shown)
            if len(out) == _PHRASES:
                break
        return tuple(out)

    def lift(self, verdict: Verdict, text: str, risk_floor: Mapping[VerdictId, int]) -> Verdict:
        """``verdict`` lifted from ``unclear`` when a lift rule of the file allows it.

        A model text longer than ``MAX_TEXT`` is never lifted: that is several times the
        longest message the model was trained on, so its scores there mean little (and
        scoring it would cost more than all the rules).
        """
        if verdict.verdict is not VerdictKind.UNCLEAR or len(text) > MAX_TEXT:
            return verdict
        guess = self.predict(text)
        for rule in self._file.lifts:
            if not admits(rule, guess, verdict.refused, verdict.scores.scam, text):
                continue
            near = self.nearest(guess.present, rule.label)
            if near is None or near[1] < rule.min_similarity:
                continue
            example = self._file.examples[near[0]]
            opinion = ModelOpinion(
                label=rule.label,
                probability=guess.probability,
                nearest_id=example.id,
                nearest_source=example.source,
                similarity=near[1],
                phrases=self.phrases(text, rule.label),
            )
            # as bot/sms/verdict.py scores a verdict: the scam score, at least the new label's
            # floor (not the floor of the ``unclear`` it was lifted from)
            risk = max(min(100, max(0, verdict.scores.scam)), risk_floor.get(rule.label, 0))
            return replace(verdict, verdict=VerdictKind(rule.label), risk=risk, model=opinion)
        return verdict


def admits(
    rule: Lift, guess: Prediction, refused: Collection[str], scam_score: int, text: str
) -> bool:
    """Whether lift ``rule`` may turn an ``unclear`` verdict into the model's ``guess`` for
    model text ``text``, the rules having refused the verdicts ``refused`` and scored
    ``scam_score``: every test of ``SmsModel.lift`` but the nearest known message's
    similarity (``scripts/backtest_lifts.py`` replays lifts with it)."""
    if rule.label != guess.label or guess.probability < rule.min_probability:
        return False
    if rule.label in refused:
        return False  # a guard of bot/sms/verdict.py refuses this verdict
    if rule.plain_only and VerdictKind.SCAM.value not in refused:
        return False  # it asks for something: only the rules may vouch for it
    if rule.min_chars and _content_chars(text) < rule.min_chars:
        return False
    if rule.rules_scam_at_most is not None and scam_score > rule.rules_scam_at_most:
        return False
    return rule.rules_scam_at_least is None or scam_score >= rule.rules_scam_at_least


_SIGNATURE = re.compile(r"【[^】]{0,30}】|\[[^\]]{0,30}\]|\s+")


def _content_chars(text: str) -> int:
    """How many characters a model text has besides its signatures and white space."""
    return len(_SIGNATURE.sub("", text))


def explain(opinion: ModelOpinion, k: Knowledge, lang: Lang) -> str:
    """The why-line of a verdict the model lifted (text ``sms_model_why``), localised."""
    source = opinion.nearest_source
    if source.startswith(("http://", "https://", "github.com/")):
        source = defang(source.split("://", 1)[-1].split("/", 1)[0])  # the page's host
    return k.text(
        "sms_model_why_plain" if opinion.label == VerdictKind.OFFICIAL_NOTICE else "sms_model_why",
        lang,
        label=localize(k.sms.verdicts[opinion.label], lang),  # type: ignore[index]
        percent=round(opinion.probability * 100),
        nearest=opinion.nearest_id,
        source=source,
        # The phrases are pieces of the SMS: a host in one is never left live.
        phrases="".join(f"「{defang(p)}」" for p in opinion.phrases) or "—",
    )
