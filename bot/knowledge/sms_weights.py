"""Schema of ``knowledge/sms_model.json``: the weights of the SMS statistical layer.

The file is written by ``scripts/train_sms_model.py`` from the labelled corpus and read
by ``bot.sms.model``; see that module for what the numbers mean. It is optional: without
it the analyzer uses its rules alone.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["FILE_NAME", "Lift", "ModelExample", "SmsWeightsFile"]

FILE_NAME = "sms_model.json"
"""The weights file's name in the knowledge folder."""

Label = Literal["scam", "official_notice", "collection", "unclear"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Lift(_Strict):
    """When the model may turn an ``unclear`` verdict into ``label``."""

    label: Literal["scam", "collection", "official_notice"]
    """``official_notice`` only with ``plain_only`` and ``rules_scam_at_most`` 0: the model
    may vouch for a notice that asks for nothing, never for one that asks for something."""
    min_probability: float = Field(gt=0.5, le=1.0)
    min_similarity: float = Field(gt=0.0, le=1.0)
    """Cosine similarity to the nearest corpus message of ``label`` (binary n-grams)."""
    rules_scam_at_most: int | None = None
    """Lift only when the rules' scam score is at most this (None: any)."""
    rules_scam_at_least: int | None = None
    """Lift only when the rules' scam score is at least this (None: any): the model may tip
    a message the rules already find suspicious, not accuse one in which they see nothing."""
    plain_only: bool = False
    """Lift only a message that asks for nothing: no link, number to call, account, contact,
    request or scam signal (the guards refuse it the ``scam`` verdict, bot/sms/verdict.py)."""
    min_chars: int = Field(default=0, ge=0)
    """Lift only a message with at least this many characters besides its 【signature】 and
    white space: a greeting under a signature says too little to vouch for."""

    @model_validator(mode="after")
    def _vouches_only_for_plain_notices(self) -> Lift:
        if self.label == "official_notice" and not (
            self.plain_only and self.rules_scam_at_most == 0
        ):
            raise ValueError(
                "a lift to official_notice needs plain_only: true and rules_scam_at_most: 0"
            )
        return self


class ModelExample(_Strict):
    """A corpus message the model compares against: id, label, source, n-gram indices."""

    id: str
    label: Label
    source: str
    features: tuple[int, ...]


class SmsWeightsFile(_Strict):
    """A multinomial logistic regression over binary, L2-normalised character n-grams."""

    version: Literal[1]
    kind: Literal["char-ngram-logreg"]
    ngram: tuple[int, int]
    labels: tuple[Label, ...]
    corpus_sha256: str
    trained_on: int
    lifts: tuple[Lift, ...]
    bias: tuple[float, ...]
    features: tuple[tuple[str, tuple[float, ...]], ...]
    examples: tuple[ModelExample, ...]

    @model_validator(mode="after")
    def _consistent(self) -> SmsWeightsFile:
        width = len(self.labels)
        if len(set(self.labels)) != width or len(self.bias) != width:
            raise ValueError("labels must be unique and match bias in length")
        low, high = self.ngram
        if not 1 <= low <= high <= 6:
            raise ValueError("ngram must be [low, high] with 1 <= low <= high <= 6")
        grams = [g for g, _ in self.features]
        if len(set(grams)) != len(grams):
            raise ValueError("feature n-grams must be unique")
        if any(len(w) != width for _, w in self.features):
            raise ValueError("every feature needs one weight per label")
        if any(not low <= len(g) <= high for g in grams):
            raise ValueError("a feature n-gram is outside the ngram range")
        count = len(grams)
        for example in self.examples:
            if any(not 0 <= i < count for i in example.features):
                raise ValueError(f"example {example.id}: feature index out of range")
        for lift in self.lifts:
            if lift.label not in self.labels:
                raise ValueError(f"lift to {lift.label}: not a label of the model")
        return self
