"""Checks of the step plan (issue 8): step conditions, the plan order, the 6-step cap,
what a rule about *how* someone collects may add, and which rule may explain a cause.

The policy below names contract IDs (DESIGN.md): a step that only fits some situations
may be offered only under conditions that say so, e.g. no 结清证明 for an open loan.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.errors import Problem
from bot.knowledge.checks import Files
from bot.knowledge.model import Condition, any_holds
from bot.knowledge.yamlsrc import Path, YamlDoc

__all__ = ["MANNER_MAX", "POLICY", "check_plan"]

MANNER_MAX = 0
"""The most a ``manner`` rule (threats, channel, lawsuit talk) may add to one cause: even
a few points overturn a close call, so how someone collects changes the steps only."""

SCAM_FLAGS = frozenset(
    {"link", "pay_personal_account", "verification_code", "screen_share_app", "upfront_fee"}
)
MISCONDUCT = frozenset(
    {"legal_threat", "third_party_threat", "night_contact", "many_calls", "contacted_others"}
)
POLICY: dict[str, dict[str, frozenset[str]]] = {
    # step: {fact: values}; every `when` alternative must restrict one of these facts to
    # a subset of its values (so the step needs at least one `when`).
    "get_settlement_proof": {"paid_off": frozenset({"yes"})},
    "dispute_credit_record": {"paid_off": frozenset({"yes", "never_borrowed"})},
    "wait_processing": {"paid_when": frozenset({"today", "1_3_days", "4_7_days"})},
    "verify_legal_claim": {
        "sender": frozenset({"legal_claim"}),
        "red_flags": frozenset({"legal_threat"}),
    },
    "report_scam": {
        "red_flags": SCAM_FLAGS,
        "sms_verdict": frozenset({"scam"}),
        "acted": frozenset({"paid_money", "gave_code", "shared_screen"}),
    },
    "complain_regulator": {
        "red_flags": MISCONDUCT,
        "addressed_to": frozenset({"as_contact"}),
    },
}
"""Issue 8: which facts must hold before a narrow step is offered."""
CLOSING = ("check_credit_report", {"paid_off": "yes"})
"""Every paid-off plan carries the credit-report check (prevention, article 4.1)."""

Add = Callable[[str, Path, str], None]


def check_plan(files: Files, docs: dict[str, YamlDoc]) -> list[Problem]:
    """Every plan problem of a schema-valid knowledge folder."""
    problems: list[Problem] = []

    def add(file: str, path: Path, message: str) -> None:
        problems.append(docs[file].problem(path, message))

    values = {q.fact: {o.id for o in q.options} for q in files.questions.questions}
    values |= {g.fact: set(g.values) for g in files.questions.given}
    for gi, given in enumerate(files.questions.given):
        if any(q.fact == given.fact for q in files.questions.questions):
            add("questions.yaml", ("given", gi, "fact"), "a question already learns this fact")
    for qi, question in enumerate(files.questions.questions):
        if question.ask_when and any(o.next for o in question.options):
            path = ("questions", qi, "ask_when")
            add("questions.yaml", path, "a question that may be passed by cannot branch")
        for ci, cond in enumerate(question.ask_when):
            _condition(values, cond, ("questions", qi, "ask_when", ci), "questions.yaml", add)
    _steps(files, values, add)
    _order(files, add)
    _rules(files, add)
    return problems


def _condition(
    values: dict[str, set[str]], cond: Condition, path: Path, file: str, add: Add
) -> None:
    if not cond:
        add(file, path, "an empty condition: write the facts it needs")
    for fact, wanted in cond.items():
        if fact not in values:
            add(file, (*path, fact), f"no question or given fact '{fact}'")
            continue
        for vi, value in enumerate(wanted):
            if value not in values[fact]:
                add(file, (*path, fact, vi), f"'{fact}' has no value '{value}'")


def _steps(files: Files, values: dict[str, set[str]], add: Add) -> None:
    file = "steps.yaml"
    required = 0
    for si, step in enumerate(files.steps.steps):
        for key in ("when", "unless", "required_when"):
            for ci, cond in enumerate(getattr(step, key)):
                _condition(values, cond, ("steps", si, key, ci), file, add)
        required += bool(step.required_when)
        policy = POLICY.get(step.id)
        if policy is not None:
            if not step.when:
                add(file, ("steps", si), "needs a 'when': " + _shown(policy))
            for ci, cond in enumerate(step.when):
                if not any(f in cond and set(cond[f]) <= ok for f, ok in policy.items()):
                    add(file, ("steps", si, "when", ci), "offered too widely: " + _shown(policy))
    if required > files.steps.plan_size:
        add(file, ("plan_size",), f"{required} steps are required but the plan holds fewer")
    step_id, facts = CLOSING
    closing = next((s for s in files.steps.steps if s.id == step_id), None)
    if closing is not None and not any_holds(closing.required_when, facts):
        index = files.steps.steps.index(closing)
        add(file, ("steps", index), "must be required in every paid-off plan (paid_off: yes)")


def _shown(policy: dict[str, frozenset[str]]) -> str:
    return " or ".join(f"{f} in [{', '.join(sorted(v))}]" for f, v in policy.items())


def _order(files: Files, add: Add) -> None:
    file = "steps.yaml"
    ids = [s.id for s in files.steps.steps]
    order = files.steps.order
    position = {s: i for i, s in enumerate(order)}
    for oi, ident in enumerate(order):
        if ident not in ids:
            add(file, ("order", oi), f"no step '{ident}'")
        elif order.index(ident) != oi:
            add(file, ("order", oi), f"'{ident}' is listed twice")
    for si, step in enumerate(files.steps.steps):
        if step.id not in position:
            add(file, ("steps", si), "not in 'order': the plan cannot place it")
            continue
        for ai, before in enumerate(step.after):
            if before not in position:
                add(file, ("steps", si, "after", ai), f"no step '{before}' in 'order'")
            elif position[before] > position[step.id]:
                add(file, ("steps", si, "after", ai), f"'order' puts it before '{before}'")


def _rules(files: Files, add: Add) -> None:
    file = "rules.yaml"
    for ri, rule in enumerate(files.rules.rules):
        raised = {c for c, points in rule.add.items() if points > 0}
        for ei, cause in enumerate(rule.explains or []):
            if cause not in raised:
                message = f"explains '{cause}' but does not raise it"
                add(file, ("rules", ri, "explains", ei), message)
        if not rule.add and not rule.manner:
            add(file, ("rules", ri), "adds no points: mark it `manner: true` or give `add`")
        if rule.manner:
            for cause, points in rule.add.items():
                if points > MANNER_MAX:
                    message = f"a manner rule adds no points to a cause, not {points}"
                    add(file, ("rules", ri, "add", cause), message)
