"""The shipped knowledge base keeps DESIGN.md's contracts and can reach every outcome."""

from __future__ import annotations

import itertools

import pytest

from bot.engine.advisor import Advisor
from bot.engine.scoring import rank
from bot.knowledge.base import Knowledge, localize
from bot.knowledge.model import AUTHORED_LANGS, Lang
from bot.knowledge.safety_checks import TEXT_VALUES

FACTS = {
    "paid_off": {"yes", "no", "unsure"},
    "paid_when": {"today", "1_3_days", "4_7_days", "over_7_days"},
    "overdue": {"never", "short", "long", "unsure"},
    "sender": {"official", "bulk_106", "mobile", "landline", "legal_claim", "unknown"},
    "addressed_to": {"me", "someone_else", "no_name"},
    "loan": {"jiebei", "credit_loan", "other_platform", "not_said"},  # an extension
    "red_flags": {
        "link", "pay_personal_account", "verification_code", "screen_share_app",
        "upfront_fee", "legal_threat", "third_party_threat", "none",
    },
}
CAUSES = {
    "processing_delay", "system_error", "overdue_record", "info_mismatch",
    "third_party_agency", "scam", "still_owing", "other_lender",
}
STEPS = {
    "verify_status", "contact_support", "keep_evidence", "protect_info", "check_credit_report",
    "read_terms", "set_reminders", "communicate_early", "wait_processing",
    "get_settlement_proof", "report_scam", "complain_regulator", "dispute_credit_record",
    "verify_legal_claim", "wrong_number_notice",
}


def test_every_contract_fact_and_value_is_asked(knowledge: Knowledge) -> None:
    for fact, values in FACTS.items():
        question = knowledge.question_for_fact(fact)
        assert question is not None, fact
        assert {o.id for o in question.options} >= values


def test_every_contract_cause_and_step_exists(knowledge: Knowledge) -> None:
    assert set(knowledge.causes) >= CAUSES
    assert set(knowledge.steps) >= STEPS


def _all_outcomes(advisor: Advisor) -> list[tuple[dict[str, object], tuple[str, ...], str]]:
    singles = ["paid_off", "paid_when", "loan", "overdue", "sender", "addressed_to"]
    flag_sets = [frozenset({f}) for f in sorted(FACTS["red_flags"])]
    out = []
    known = {q.fact: sorted(o.id for o in q.options) for q in advisor.knowledge.questions.values()}
    for combo in itertools.product(*(known[f] for f in singles)):  # contract values and more
        facts: dict[str, object] = dict(zip(singles, combo, strict=True))
        if facts["paid_off"] != "yes":  # the tree asks these only after "yes"
            if facts["paid_when"] != "today" or facts["loan"] != "jiebei":
                continue
            del facts["paid_when"], facts["loan"]
        for flags in flag_sets:
            facts["red_flags"] = flags
            outcome = rank(advisor.knowledge, facts)  # type: ignore[arg-type]
            out.append((dict(facts), outcome.steps, outcome.causes[0].id))
    return out


def test_every_cause_can_come_first_and_every_step_can_be_advised(advisor: Advisor) -> None:
    outcomes = _all_outcomes(advisor)
    assert {top for _, _, top in outcomes} >= CAUSES
    assert {s for _, steps, _ in outcomes for s in steps} >= STEPS  # new steps extend them


def test_every_outcome_has_a_first_step_and_a_why(advisor: Advisor) -> None:
    for facts, steps, _ in _all_outcomes(advisor):
        assert steps, facts


@pytest.mark.parametrize("lang", list(Lang))
def test_every_text_exists_in_every_language(knowledge: Knowledge, lang: Lang) -> None:
    for step in knowledge.steps.values():
        assert localize(step.title, lang).strip()
        assert localize(step.why, lang).strip()
    for key in knowledge.texts:
        assert knowledge.text(key, lang, **_dummy_values()).strip()


def _dummy_values() -> dict[str, object]:
    # Every value the code fills into some text (the table `paidoff check` holds them to).
    return dict.fromkeys(set().union(*TEXT_VALUES.values()), "1")


def test_traditional_is_derived_from_simplified(knowledge: Knowledge) -> None:
    welcome = knowledge.text("welcome", Lang.ZH_HANT)
    assert "還清助手" in welcome
    assert knowledge.text("welcome", Lang.ZH_HANS) != welcome


def test_the_scam_outcome_puts_protection_first(advisor: Advisor) -> None:
    session = advisor.new_session(
        facts={"paid_off": "yes", "paid_when": "today", "overdue": "never", "sender": "official",
               "addressed_to": "me", "red_flags": frozenset({"link", "verification_code"})}
    )
    outcome = advisor.outcome(session)
    assert outcome.causes[0].id == "scam"
    assert outcome.steps[0] == "protect_info"  # safety first; reporting comes with complaints
    assert "report_scam" in outcome.steps


def test_authored_languages_are_simplified_and_english() -> None:
    assert AUTHORED_LANGS == (Lang.ZH_HANS, Lang.EN)
