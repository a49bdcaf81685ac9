"""The schema of the knowledge folder: pydantic models over the parsed YAML files.

Each model mirrors one YAML node. Cross-references (option → question, cause → step,
step → source, …) are checked later by ``checks``; the models only check shapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bot.i18n import Lang

__all__ = [
    "AUTHORED_LANGS",
    "OUTCOME",
    "Cause",
    "CausesFile",
    "Condition",
    "GivenFact",
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
    "any_holds",
    "holds",
]

OUTCOME = "outcome"
"""The pseudo-question that ends the tree: the ranked causes and the steps."""


AUTHORED_LANGS = (Lang.ZH_HANS, Lang.EN)
"""The languages every text must be written in; the others are derived."""

Ident = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=24)]
"""An ID: short enough that two of them fit in Telegram's 64-byte callback data."""
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Condition = dict[Ident, list[Ident]]
"""Facts and the values any one of which each must have (set facts: the sets intersect)."""


def holds(condition: Condition, facts: Mapping[str, str | frozenset[str]]) -> bool:
    """Whether every fact of ``condition`` is known and has one of its values."""
    for fact, wanted in condition.items():
        value = facts.get(fact)
        if value is None:
            return False
        values = value if isinstance(value, frozenset) else {value}
        if not values.intersection(wanted):
            return False
    return True


def any_holds(conditions: list[Condition], facts: Mapping[str, str | frozenset[str]]) -> bool:
    """Whether at least one of ``conditions`` holds (False for none)."""
    return any(holds(c, facts) for c in conditions)


class _Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


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
    ``in_message: false`` marks a red flag only the user can report (calls at night): no
    SMS signal needs to produce it.
    """

    id: Ident
    label: Text
    synonyms: Synonyms = Field(default_factory=Synonyms)
    dominant: bool = False
    patterns: list[NonEmpty] = Field(default_factory=list)
    days: tuple[int, int] | None = None
    next: Ident | None = None
    in_message: bool = True  # False: only the user can tell (night calls), no SMS shows it


class Question(_Node):
    """A question that learns one fact; ``multi`` questions collect a set of options.

    ``parse`` lets typed times answer it: ``days_ago`` ("前天", "2 days ago") or
    ``duration`` ("逾期十来天", "two months"); options then carry ``days`` ranges.
    ``ask_when`` (any one of these conditions) asks it only when it applies; otherwise
    the tree passes it by (e.g. "did you already pay?" only after a scam sign).
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
    ask_when: list[Condition] = Field(default_factory=list)
    options: list[Option] = Field(min_length=2)


class GivenFact(_Node):
    """A fact no question asks: it comes with an analysed SMS (``sms_verdict``)."""

    fact: Ident
    values: list[Ident] = Field(min_length=1)


class QuestionsFile(_Node):
    """``questions.yaml``: the decision tree."""

    version: int
    start: Ident
    questions: list[Question] = Field(min_length=1)
    given: list[GivenFact] = Field(default_factory=list)


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
    ``explains``: the causes whose "why" this rule may be (default: the cause it raises
    most). ``manner`` marks a rule about *how* someone collects (threats, channel): such a
    rule adds steps and at most ``MANNER_MAX`` points (checked), never the reason it came.
    """

    id: Ident
    when: Condition = Field(min_length=1)
    add: dict[Ident, int] = Field(default_factory=dict)
    explains: list[Ident] | None = None
    manner: bool = False
    steps: list[Ident] = Field(default_factory=list)
    why: Text
    sources: list[Ident] = Field(default_factory=list)


class RulesFile(_Node):
    """``rules.yaml``: how facts rank the causes and which extra steps they call for."""

    version: int
    show_top: int = Field(default=3, ge=1, le=8)
    rules: list[Rule] = Field(min_length=1)


class Step(_Node):
    """One piece of step-by-step guidance: what to do, why, exactly how, and on what authority.

    ``when``: the step is offered only if one of these conditions holds (none: always);
    ``unless``: never if one of these holds; ``required_when``: always in the plan if one
    holds (prevention that ends a paid-off plan); ``after``: steps that must come before
    it in the plan order (checked against ``order`` in steps.yaml).
    """

    id: Ident
    article: str | None = None
    priority: Literal["urgent", "normal", "later"] = "normal"
    when: list[Condition] = Field(default_factory=list)
    unless: list[Condition] = Field(default_factory=list)
    required_when: list[Condition] = Field(default_factory=list)
    after: list[Ident] = Field(default_factory=list)
    title: Text
    why: Text
    how: TextList
    script: Text | None = None
    keep: Text | None = None
    detail: TextList | None = None  # shown below the main text, on request
    sources: list[Ident] = Field(default_factory=list)


class StepsFile(_Node):
    """``steps.yaml``: ``order`` is the sequence every plan follows; ``plan_size`` caps the
    plan (the rest is offered as "more")."""

    version: int
    order: list[Ident] = Field(default_factory=list)
    plan_size: int = Field(default=6, ge=1, le=6)
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
    commands: dict[Ident, list[NonEmpty]] = Field(default_factory=dict)
    """Typed words that act as a command in every channel (``back``, ``返回`` …)."""
