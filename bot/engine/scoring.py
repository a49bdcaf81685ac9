"""Rank the causes from the facts and put the guidance steps in order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.engine.session import FactValue
from bot.knowledge.base import Knowledge
from bot.knowledge.model import Rule, Text

__all__ = ["Outcome", "RankedCause", "rank"]

_PRIORITY = {"urgent": 0, "normal": 1, "later": 2}
STEP_CAUSE_SHARE = 0.5
"""A cause contributes its steps when its score is at least this share of the top score."""


@dataclass(frozen=True, slots=True)
class RankedCause:
    """A cause with its score (0–100) and the rule that raised it most (its "why")."""

    id: str
    score: int
    why: Text
    rule: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """All causes with a positive score, best first, and the steps to take, in order."""

    causes: tuple[RankedCause, ...]
    steps: tuple[str, ...]


def rank(knowledge: Knowledge, facts: Mapping[str, FactValue]) -> Outcome:
    """Score every cause from ``facts`` and order the steps they call for."""
    fired = [r for r in knowledge.rules if _fires(r, facts)]
    scores: list[tuple[str, int]] = []
    for cause in knowledge.causes.values():
        score = cause.prior + sum(r.add.get(cause.id, 0) for r in fired)
        if score > 0:
            scores.append((cause.id, min(100, score)))
    scores.sort(key=lambda item: -item[1])  # stable: ties keep the order of causes.yaml
    ranked: list[RankedCause] = []
    used: set[str] = set()
    for cause_id, score in scores:
        # The rule that raised this cause most, unless a better-ranked cause already
        # shows it: then the next one, so that no two lines give the same reason.
        best = max(
            (r for r in fired if r.add.get(cause_id, 0) > 0 and r.id not in used),
            key=lambda r: r.add[cause_id],
            default=None,
        )
        if best is not None:
            used.add(best.id)
        why = best.why if best else knowledge.causes[cause_id].summary
        ranked.append(RankedCause(cause_id, score, why, best.id if best else None))
    return Outcome(tuple(ranked), _steps(knowledge, ranked, fired))


def _fires(rule: Rule, facts: Mapping[str, FactValue]) -> bool:
    for fact, wanted in rule.when.items():
        value = facts.get(fact)
        if value is None:
            return False
        values = value if isinstance(value, frozenset) else {value}
        if not values.intersection(wanted):
            return False
    return True


def _steps(knowledge: Knowledge, ranked: list[RankedCause], fired: list[Rule]) -> tuple[str, ...]:
    if not ranked:
        return ()
    floor = ranked[0].score * STEP_CAUSE_SHARE
    chosen: list[str] = []
    for cause in ranked[: knowledge.show_top]:
        if cause.score >= floor:
            chosen += knowledge.causes[cause.id].steps
    for rule in fired:
        chosen += rule.steps
    unique = list(dict.fromkeys(chosen))
    return tuple(sorted(unique, key=lambda s: _PRIORITY[knowledge.steps[s].priority]))
