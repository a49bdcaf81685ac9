"""Over every path through the tree (one red flag at a time, or a scam verdict): ties are
told, plans stay short, ordered and fitting, and each cause's "why" is a rule written for
that cause."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from bot.engine.advisor import Advisor
from bot.engine.scoring import Outcome, explains
from bot.engine.session import FactValue
from bot.engine.views import outcome_view
from bot.knowledge.model import any_holds
from bot.knowledge.plan_checks import MISCONDUCT, SCAM_FLAGS

ACTED = {"paid_money", "gave_code", "shared_screen"}


def _options(advisor: Advisor, fact: str) -> list[str]:
    question = advisor.knowledge.question_for_fact(fact)
    assert question is not None
    return [o.id for o in question.options]


def combinations(advisor: Advisor) -> Iterator[dict[str, FactValue]]:
    """Every path through the tree: what a finished conversation can know."""
    flags = [f for f in _options(advisor, "red_flags") if f != "none"]
    paths: list[dict[str, FactValue]] = []
    for paid in _options(advisor, "paid_off"):
        if paid == "yes":
            for when, loan, overdue in itertools.product(
                _options(advisor, "paid_when"),
                ["jiebei", "credit_loan"],  # the other loans rank as credit_loan does
                _options(advisor, "overdue"),
            ):
                paths.append(
                    {"paid_off": paid, "paid_when": when, "loan": loan, "overdue": overdue}
                )
        elif paid == "never_borrowed":
            paths.append({"paid_off": paid})
        else:
            paths += [{"paid_off": paid, "overdue": o} for o in _options(advisor, "overdue")]
    signs = [(flag, None) for flag in ["none", *flags]] + [("none", "scam")]
    for path, sender, named, (flag, verdict) in itertools.product(
        paths, _options(advisor, "sender"), _options(advisor, "addressed_to"), signs
    ):
        facts: dict[str, FactValue] = {
            **path,
            "sender": sender,
            "addressed_to": named,
            "red_flags": frozenset({flag}),
        }
        if verdict:
            facts["sms_verdict"] = verdict
        if flag in SCAM_FLAGS or verdict:
            for acted in ("none", "paid_money"):
                yield {**facts, "acted": frozenset({acted})}
        else:
            yield facts


@pytest.fixture(scope="module")
def outcomes(advisor: Advisor) -> list[tuple[dict[str, FactValue], Outcome]]:
    out = []
    for facts in combinations(advisor):
        session = advisor.new_session(facts=facts)
        assert advisor.current(session) is None, facts  # a finished conversation
        out.append((facts, advisor.outcome(session)))
    return out


def test_ties_at_the_top_are_told_never_decided_silently(
    advisor: Advisor, outcomes: list[tuple[dict[str, FactValue], Outcome]]
) -> None:
    k = advisor.knowledge
    lang = advisor.new_session().lang
    ties = 0
    for facts, outcome in outcomes[::7]:  # views are slower; every 7th still covers each path
        view = outcome_view(advisor, advisor.new_session(facts=facts))
        firsts = [c.id for c in view.causes if c.line.startswith("1.")]
        assert set(firsts) == set(outcome.top), (facts, [c.line[:12] for c in view.causes])
        if len(outcome.top) > 1:
            ties += 1
            assert len(outcome.top) <= k.show_top, facts  # every tied cause is shown
            assert k.text("causes_tied", lang, count=len(outcome.top)) in view.intro, facts
        else:
            assert k.text("causes_tied", lang, count=2)[:6] not in view.intro, facts
    assert ties < len(outcomes[::7]) // 20  # ties are rare: the rules mostly decide


def test_every_plan_is_short_ordered_and_fits_the_facts(
    advisor: Advisor, outcomes: list[tuple[dict[str, FactValue], Outcome]]
) -> None:
    k = advisor.knowledge
    position = {s: i for i, s in enumerate(k.order)}
    for facts, outcome in outcomes:
        plan, offered = outcome.steps, set(outcome.guide)
        assert 1 <= len(plan) <= k.plan_size == 6, facts
        assert list(plan) == sorted(plan, key=position.__getitem__), (facts, plan)
        assert not set(plan) & set(outcome.more)
        for step_id in offered:
            step = k.steps[step_id]
            assert not step.when or any_holds(step.when, facts), (facts, step_id)
        flags, acted = _chosen(facts, "red_flags"), _chosen(facts, "acted")
        if facts["paid_off"] == "yes":
            assert "check_credit_report" in plan, facts
        else:
            assert "get_settlement_proof" not in offered, facts
        if facts["paid_off"] in {"no", "unsure"}:
            assert "dispute_credit_record" not in offered, facts
        if "report_scam" in offered:
            assert flags & SCAM_FLAGS or facts.get("sms_verdict") == "scam", facts
        if "complain_regulator" in offered:
            assert flags & MISCONDUCT or facts["addressed_to"] == "as_contact", facts
        if "verify_legal_claim" in offered:
            assert facts["sender"] == "legal_claim" or "legal_threat" in flags, facts
        if acted & ACTED:
            assert plan[0] == "stop_the_loss", (facts, plan)
        elif flags & SCAM_FLAGS or facts.get("sms_verdict") == "scam":
            assert plan[0] == "protect_info", (facts, plan)


def test_a_causes_why_is_a_rule_written_for_it_or_its_summary(
    advisor: Advisor, outcomes: list[tuple[dict[str, FactValue], Outcome]]
) -> None:
    rules = {r.id: r for r in advisor.knowledge.rules}
    for facts, outcome in outcomes:
        for cause in outcome.causes:
            if cause.rule is None:
                assert cause.why == advisor.knowledge.causes[cause.id].summary
            else:
                assert cause.id in explains(rules[cause.rule]), (facts, cause.id, cause.rule)


def test_a_scam_is_never_explained_as_a_mass_mailing(advisor: Advisor) -> None:
    facts: dict[str, FactValue] = {
        "paid_off": "yes",
        "paid_when": "over_7_days",
        "loan": "jiebei",
        "overdue": "never",
        "sender": "unknown",
        "addressed_to": "no_name",
        "red_flags": frozenset({"none"}),
    }
    outcome = advisor.outcome(advisor.new_session(facts=facts))
    scam = next(c for c in outcome.causes if c.id == "scam")
    assert scam.rule != "no_name"
    assert "群发" not in scam.why.zh_hans


def test_a_scam_verdict_puts_scam_first_whatever_the_answers(
    outcomes: list[tuple[dict[str, FactValue], Outcome]],
) -> None:
    for facts, outcome in outcomes:
        if facts.get("sms_verdict") == "scam":
            assert "scam" in outcome.top, facts


def test_a_message_naming_someone_else_is_decisive_unless_money_is_at_stake(
    outcomes: list[tuple[dict[str, FactValue], Outcome]],
) -> None:
    for facts, outcome in outcomes:
        flags = _chosen(facts, "red_flags")
        plain = not flags & SCAM_FLAGS and "sms_verdict" not in facts
        if facts["addressed_to"] == "someone_else" and plain:
            assert outcome.top == ("info_mismatch",), facts


def test_how_they_collect_never_outweighs_why_the_message_came(
    advisor: Advisor, outcomes: list[tuple[dict[str, FactValue], Outcome]]
) -> None:
    """Adding a threat or night calls to a plain case never changes its top cause."""
    by_key = {_key(f): o for f, o in outcomes}
    manner = MISCONDUCT
    for facts, outcome in outcomes:
        flags = _chosen(facts, "red_flags")
        if flags & manner and "acted" not in facts:
            plain = by_key.get(_key({**facts, "red_flags": frozenset({"none"})}))
            assert plain is not None
            assert outcome.top == plain.top, facts


def _chosen(facts: dict[str, FactValue], fact: str) -> frozenset[str]:
    """The options ticked for a multi-select fact (none when it is not known)."""
    value = facts.get(fact, frozenset())
    return value if isinstance(value, frozenset) else frozenset({value})


def _key(facts: dict[str, FactValue]) -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted((k, str(sorted(v)) if isinstance(v, frozenset) else v) for k, v in facts.items())
    )
