"""`paidoff check` refuses plans that break issue 8's rules, naming file, line and node."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_knowledge_broken import Edit, _replace, assert_refused, folder

__all__ = ["folder"]  # the fixture, shared with the other broken-folder tests

# (case, edit, file, node fragment, message fragment)
CASES: list[tuple[str, Edit, str, str, str]] = [
    (
        "settlement proof for anyone",
        _replace(
            "steps.yaml",
            '    when: [{paid_off: ["yes"]}]\n    after: [verify_status]\n',
            "    after: [verify_status]\n",
        ),
        "steps.yaml",
        "steps[get_settlement_proof]",
        "needs a 'when'",
    ),
    (
        "dispute for someone still owing",
        _replace(
            "steps.yaml",
            '      - {paid_off: ["yes"]}\n      - {paid_off: [never_borrowed]',
            '      - {paid_off: ["yes", "no"]}\n      - {paid_off: [never_borrowed]',
        ),
        "steps.yaml",
        "steps[dispute_credit_record].when",
        "offered too widely",
    ),
    (
        "a complaint without misconduct",
        _replace(
            "steps.yaml",
            "      - {addressed_to: [as_contact]}\n",
            "      - {addressed_to: [as_contact, me]}\n",
        ),
        "steps.yaml",
        "steps[complain_regulator].when",
        "offered too widely",
    ),
    (
        "a condition on an unknown value",
        _replace(
            "steps.yaml",
            "    when: [{paid_when: [today, 1_3_days, 4_7_days]}]",
            "    when: [{paid_when: [today, yesterday]}]",
        ),
        "steps.yaml",
        "steps[wait_processing].when",
        "'paid_when' has no value 'yesterday'",
    ),
    (
        "a step missing from the order",
        _replace("steps.yaml", "verify_legal_claim, wait_processing,", "wait_processing,"),
        "steps.yaml",
        "steps[verify_legal_claim]",
        "not in 'order'",
    ),
    (
        "the dispute ordered before the credit report",
        _replace(
            "steps.yaml",
            "check_credit_report,\n        dispute_credit_record,",
            "dispute_credit_record,\n        check_credit_report,",
        ),
        "steps.yaml",
        "steps[dispute_credit_record].after",
        "'order' puts it before",
    ),
    (
        "a plan of seven",
        _replace("steps.yaml", "plan_size: 6", "plan_size: 7"),
        "steps.yaml",
        "plan_size",
        "less than or equal to 6",
    ),
    (
        "paid-off plans without the credit report",
        _replace("steps.yaml", '    required_when: [{paid_off: ["yes"]}]\n', ""),
        "steps.yaml",
        "steps[check_credit_report]",
        "every paid-off plan",
    ),
    (
        "a threat that ranks causes",
        _replace("rules.yaml", "    manner: true\n", "    manner: true\n    add: {scam: 20}\n"),
        "rules.yaml",
        "rules[bulk_sender].add",
        "a manner rule adds no points",
    ),
    (
        "a why for a cause the rule does not raise",
        _replace(
            "rules.yaml", "    explains: [info_mismatch]\n", "    explains: [scam, other_lender]\n"
        ),
        "rules.yaml",
        "rules[no_name].explains",
        "explains 'other_lender' but does not raise it",
    ),
    (
        "a question asked on an unknown fact",
        _replace(
            "questions.yaml", "      - {sms_verdict: [scam]}", "      - {sms_verdikt: [scam]}"
        ),
        "questions.yaml",
        "questions[acted].ask_when",
        "no question or given fact 'sms_verdikt'",
    ),
]


@pytest.mark.parametrize(
    ("case", "edit", "file", "node", "message"), CASES, ids=[c[0] for c in CASES]
)
def test_a_broken_plan_is_refused(
    folder: Path, case: str, edit: Edit, file: str, node: str, message: str
) -> None:
    assert_refused(folder, case, edit, file, node, message)
