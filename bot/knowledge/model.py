"""The schema of the knowledge folder: pydantic models over the parsed YAML files.

Each model mirrors one YAML node. Cross-references (option → question, cause → step,
step → source, …) are checked later by ``checks``; the models only check shapes.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bot.i18n import Lang

__all__ = [
    "AUTHORED_LANGS",
    "OUTCOME",
    "Cause",
    "CausesFile",
    "Grade",
    "Ident",
    "Lang",
    "Option",
    "Question",
    "QuestionsFile",
    "Rule",
    "RulesFile",
    "Source",
    "SourcesFile",
    "Step",
    "StepsFile",
    "Text",
    "TextList",
    "TextsFile",
    "UiText",
]

OUTCOME = "outcome"
"""The pseudo-question that ends the tree: the ranked causes and the steps."""


AUTHORED_LANGS = (Lang.ZH_HANS, Lang.EN)
"""The languages every text must be written in; the others are derived."""

Ident = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=24)]
"""An ID: short enough that two of them fit in Telegram's 64-byte callback data."""
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class _Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Text(_Node):
    """One user-facing sentence or paragraph in every authored language."""

    zh_hans: NonEmpty = Field(alias="zh-Hans")
    en: NonEmpty

    def authored(self, lang: Lang) -> str:
        """The authored text for ``lang``; zh-Hant falls back to zh-Hans (converted later)."""
        return self.en if lang is Lang.EN else self.zh_hans


class TextList(_Node):
    """An ordered list of lines (e.g. how-to instructions) in every authored language."""

    zh_hans: list[NonEmpty] = Field(alias="zh-Hans", min_length=1)
    en: list[NonEmpty] = Field(min_length=1)

    def authored(self, lang: Lang) -> list[str]:
        """The authored lines for ``lang``; zh-Hant falls back to zh-Hans."""
        return self.en if lang is Lang.EN else self.zh_hans


class Synonyms(_Node):
    """Words a user may type for an option, per language (Traditional is matched via OpenCC)."""

    zh_hans: list[NonEmpty] = Field(alias="zh-Hans", default_factory=list)
    en: list[NonEmpty] = Field(default_factory=list)


class Option(_Node):
    """One answer to a question; ``next`` overrides the question's default next node.

    A ``dominant`` option (e.g. "not sure") wins when its words appear beside another
    option's: "好像还清了吧" is a hedge, not a yes. ``days`` is the inclusive range of
    days this option covers when its question parses times ("前天" → 2 → 1–3 days).
    ``patterns`` are regular expressions for answers synonyms cannot list (phone numbers).
    """

    id: Ident
    label: Text
    synonyms: Synonyms = Field(default_factory=Synonyms)
    dominant: bool = False
    patterns: list[NonEmpty] = Field(default_factory=list)
    days: tuple[int, int] | None = None
    next: Ident | None = None


class Question(_Node):
    """A question that learns one fact; ``multi`` questions collect a set of options.

    ``parse`` lets typed times answer it: ``days_ago`` ("前天", "2 days ago") or
    ``duration`` ("逾期十来天", "two months"); options then carry ``days`` ranges.
    """

    id: Ident
    fact: Ident
    text: Text
    named_text: Text | None = None  # asked instead when a message named someone: {name}
    hint: Text | None = None
    multi: bool = False
    parse: Literal["days_ago", "duration"] | None = None
    exclusive: list[Ident] = Field(default_factory=list)
    next: Ident | None = None
    options: list[Option] = Field(min_length=2)


class QuestionsFile(_Node):
    """``questions.yaml``: the decision tree."""

    version: int
    start: Ident
    questions: list[Question] = Field(min_length=1)


class Cause(_Node):
    """A likely reason for the SMS, with the steps that address it."""

    id: Ident
    article: str | None = None
    prior: int = Field(default=0, ge=0, le=100)
    title: Text
    summary: Text
    steps: list[Ident] = Field(min_length=1)
    sources: list[Ident] = Field(default_factory=list)


class CausesFile(_Node):
    """``causes.yaml``."""

    version: int
    causes: list[Cause] = Field(min_length=1)


class Rule(_Node):
    """A scoring rule: when every listed fact has one of the listed values, add points.

    For a set-valued fact (``red_flags``) a rule matches when the sets intersect.
    """

    id: Ident
    when: dict[Ident, list[Ident]] = Field(min_length=1)
    add: dict[Ident, int] = Field(min_length=1)
    steps: list[Ident] = Field(default_factory=list)
    why: Text
    sources: list[Ident] = Field(default_factory=list)


class RulesFile(_Node):
    """``rules.yaml``: how facts rank the causes and which extra steps they call for."""

    version: int
    show_top: int = Field(default=3, ge=1, le=8)
    rules: list[Rule] = Field(min_length=1)


class Step(_Node):
    """One piece of step-by-step guidance: what to do, why, exactly how, and on what authority."""

    id: Ident
    article: str | None = None
    priority: Literal["urgent", "normal", "later"] = "normal"
    title: Text
    why: Text
    how: TextList
    script: Text | None = None
    keep: Text | None = None
    detail: TextList | None = None  # shown below the main text, on request
    sources: list[Ident] = Field(default_factory=list)


class StepsFile(_Node):
    """``steps.yaml``."""

    version: int
    steps: list[Step] = Field(min_length=1)


class Grade(StrEnum):
    """How far a source can be trusted (see DOMAIN.md)."""

    FIRM = "firm"
    LIKELY = "likely"
    UNVERIFIED = "unverified"


class Source(_Node):
    """Where a stated number, rule, deadline or app path comes from."""

    id: Ident
    title: NonEmpty
    url: NonEmpty
    grade: Grade
    claims: list[NonEmpty] = Field(min_length=1)
    note: str | None = None
    label: Text | None = None  # the title shown to users, in their language


class SourcesFile(_Node):
    """``sources.yaml``."""

    version: int
    sources: list[Source] = Field(min_length=1)


class UiText(Text):
    """An interface text; ``sources`` back any number or rule it states.

    ``zh-Hant`` is written only where converting zh-Hans cannot be right ("切换为简体中文").
    """

    zh_hant: NonEmpty | None = Field(default=None, alias="zh-Hant")
    sources: list[Ident] = Field(default_factory=list)


class TextsFile(_Node):
    """``texts.yaml``: interface sentences (greeting, help, privacy, re-ask, …)."""

    version: int
    texts: dict[Ident, UiText] = Field(min_length=1)
