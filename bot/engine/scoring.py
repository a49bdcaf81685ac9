"""Rank the causes from the facts and put the guidance steps in order.

Ties are real: causes with the same top score are all "first" (``Outcome.top``) and the
channels say they are equally likely; file order decides nothing. The plan holds at most
``plan_size`` steps, chosen by relevance (safety, the top causes, what the facts call
for, then the other likely causes), then put in the order declared in steps.yaml; the
other steps that apply are offered as ``more``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import chain, zip_longest

from bot.engine.session import FactValue
from bot.knowledge.base import Knowledge
from bot.knowledge.model import Rule, Step, Text, any_holds, holds

__all__ = ["Outcome", "RankedCause", "applies", "explains", "rank"]

TOP_HEAD = 2
"""How many of the top cause's steps come before the steps the facts call for."""

STEP_CAUSE_SHARE = 0.5
"""A cause contributes its steps to the plan when its score is at least this share of the
top score; the steps of the other shown causes go to "more"."""


@dataclass(frozen=True, slots=True)
class RankedCause:
    """A cause with its score (0–100) and the rule written for it that fired (its "why")."""

    id: str
    score: int
    why: Text
    rule: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """All causes with a positive score, best first; the plan; the further steps.

    ``top`` lists every cause sharing the best score (more than one: equally likely).
    """

    causes: tuple[RankedCause, ...]
    steps: tuple[str, ...]
    more: tuple[str, ...] = ()
    top: tuple[str, ...] = ()

    @property
    def guide(self) -> tuple[str, ...]:
        """The plan, then the further steps: what the guidance buttons number."""
        return self.steps + self.more


def rank(knowledge: Knowledge, facts: Mapping[str, FactValue]) -> Outcome:
    """Score every cause from ``facts`` and plan the steps they call for."""
    fired = [r for r in knowledge.rules if holds(r.when, facts)]
    raw: list[tuple[str, int]] = []
    for cause in knowledge.causes.values():
        points = cause.prior + sum(r.add.get(cause.id, 0) for r in fired)
        if points > 0:
            raw.append((cause.id, points))
    raw.sort(key=lambda item: (-item[1], item[0]))  # equal points: a tie, told as such
    # Rank on the points themselves; scale to 0–100 only for showing, so that capping
    # never turns two different strengths into a tie at 100.
    scale = 100 / raw[0][1] if raw and raw[0][1] > 100 else 1.0
    best_points = raw[0][1] if raw else 0
    ranked: list[RankedCause] = []
    used: set[str] = set()
    for cause_id, points in raw:
        score = round(points * scale)
        # The rule written for this cause that raised it most, unless a better-ranked
        # cause already shows it: then the next one, so that no two lines repeat a reason.
        best = max(
            (r for r in fired if cause_id in explains(r) and r.id not in used),
            key=lambda r: r.add[cause_id],
            default=None,
        )
        if best is not None:
            used.add(best.id)
        why = best.why if best else knowledge.causes[cause_id].summary
        ranked.append(RankedCause(cause_id, score, why, best.id if best else None))
    top = tuple(c for c, points in raw if points == best_points)
    steps, more = _plan(knowledge, ranked, top, fired, facts)
    return Outcome(tuple(ranked), steps, more, top)


def explains(rule: Rule) -> frozenset[str]:
    """The causes whose "why" ``rule`` may be: as declared, else the one it raises most."""
    if rule.explains is not None:
        return frozenset(rule.explains)
    best = max(rule.add.values(), default=0)
    return frozenset(c for c, p in rule.add.items() if p == best and p > 0)


def applies(step: Step, facts: Mapping[str, FactValue]) -> bool:
    """Whether ``step`` fits these facts (its ``when`` and ``unless`` conditions)."""
    if step.when and not any_holds(step.when, facts):
        return False
    return not any_holds(step.unless, facts)


def _plan(
    knowledge: Knowledge,
    ranked: list[RankedCause],
    top: tuple[str, ...],
    fired: list[Rule],
    facts: Mapping[str, FactValue],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not ranked:
        return (), ()
    steps, causes = knowledge.steps, knowledge.causes
    shown = ranked[: knowledge.show_top]
    floor = ranked[0].score * STEP_CAUSE_SHARE
    rule_steps = [s for r in fired for s in r.steps]
    urgent = [s for s in rule_steps if steps[s].priority == "urgent"]
    # The first steps of the top cause(s) matter most, then what the facts call for (a
    # threat → complain), then the rest of the top cause's steps, then other likely causes.
    tied = _interleave([s for s in causes[c].steps if applies(steps[s], facts)] for c in top)
    likely = [s for c in shown if c.id not in top and c.score >= floor for s in causes[c.id].steps]
    rest = [s for c in shown if c.score < floor for s in causes[c.id].steps]
    order = chain(urgent, tied[:TOP_HEAD], rule_steps, tied[TOP_HEAD:], likely)
    wanted = [s for s in dict.fromkeys(order) if applies(steps[s], facts)]
    required = [s.id for s in steps.values() if any_holds(s.required_when, facts)]
    plan = list(dict.fromkeys(required))[: knowledge.plan_size]
    for step_id in wanted:
        if len(plan) >= knowledge.plan_size:
            break
        if step_id not in plan:
            plan.append(step_id)
    further = [
        s for s in dict.fromkeys(chain(wanted, rest)) if s not in plan and applies(steps[s], facts)
    ]
    return _ordered(knowledge, plan), _ordered(knowledge, further)


def _interleave(lists: Iterable[list[str]]) -> list[str]:
    return [s for group in zip_longest(*lists) for s in group if s is not None]


def _ordered(knowledge: Knowledge, step_ids: list[str]) -> tuple[str, ...]:
    position = {s: i for i, s in enumerate(knowledge.order)}
    return tuple(sorted(step_ids, key=lambda s: position.get(s, len(position))))
