"""The expert table (tests/data/advice_table.yaml) played as dialogues on the engine.

Each row's facts are answered question by question, in the order the tree asks them
(option IDs are pressed, other values typed, set facts ticked then confirmed); an SMS
verdict is given up front, as a channel gives it after analysing a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.engine.advisor import Advisor, Notice
from bot.engine.scoring import Outcome
from bot.engine.session import FactValue

__all__ = ["TABLE", "Row", "load_rows", "play_row"]

TABLE = Path(__file__).resolve().parents[1] / "data" / "advice_table.yaml"


@dataclass(frozen=True)
class Row:
    """One expert judgement: facts in, the top cause(s) and first step expected."""

    id: str
    facts: dict[str, Any]
    sms_verdict: str | None
    top: frozenset[str]
    first: str
    includes: tuple[str, ...]
    excludes: tuple[str, ...]
    why: str


def load_rows() -> list[Row]:
    """Every row, each with the table's base facts under its own."""
    data = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    base = dict(data["base"])
    return [
        Row(
            id=str(r["id"]),
            facts={**base, **r["facts"]},
            sms_verdict=r.get("sms_verdict"),
            top=frozenset(r["top"]),
            first=str(r["first"]),
            includes=tuple(r.get("includes", ())),
            excludes=tuple(r.get("excludes", ())),
            why=str(r["why"]),
        )
        for r in data["rows"]
    ]


def play_row(advisor: Advisor, row: Row) -> Outcome:
    """Answer the row's facts as the tree asks them; the outcome where the questions end.

    Facts the tree does not ask on this path (a payoff date after "not paid") are ignored,
    as in a real conversation; a question the row does not answer fails the row.
    """
    given: dict[str, FactValue] = {"sms_verdict": row.sms_verdict} if row.sms_verdict else {}
    session = advisor.new_session(facts=given)
    while (question := advisor.current(session)) is not None:
        assert question.fact in row.facts, f"{row.id}: the row does not answer {question.id}"
        value = row.facts[question.fact]
        ids = {o.id for o in question.options}
        if question.multi:
            for option in value:
                turn = advisor.choose(session, question.id, str(option))
                assert turn.notice in {Notice.TOGGLED, Notice.ANSWERED}, (row.id, option)
                session = turn.session
            if advisor.current(session) is question:
                session = advisor.confirm(session, question.id).session
        elif str(value) in ids:
            session = advisor.choose(session, question.id, str(value)).session
        else:
            turn = advisor.reply(session, str(value))
            assert turn.notice is Notice.ANSWERED, f"{row.id}: {value!r} was not understood"
            session = turn.session
    return advisor.outcome(session)
