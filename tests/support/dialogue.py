"""Dialogue scripts (tests/data/dialogues/*.yaml) and a driver that plays them on the engine.

A script is a list of turns: ``user`` (typed text, ``/start``, ``/restart``, ``back``),
``press`` (an option of the current question, or ``done``) and expectations. The same
scripts are played through the terminal chat in a subprocess by the integration tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.engine.advisor import Advisor, Notice, Turn
from bot.engine.session import Session
from bot.i18n import lang_from_code

__all__ = ["Dialogue", "EngineDriver", "check_expectation", "load_dialogues"]

DIALOGUES = Path(__file__).resolve().parents[1] / "data" / "dialogues"
EXPECT_KEYS = {
    "expect_question", "expect_reask", "expect_cause_top", "expect_causes_include",
    "expect_causes_exclude", "expect_steps_include", "expect_steps_first",
}


@dataclass(frozen=True)
class Dialogue:
    """One script: its file name, language and turns."""

    name: str
    lang: str
    turns: list[dict[str, Any]]


def load_dialogues() -> list[Dialogue]:
    """Every script, sorted by file name."""
    out = []
    for path in sorted(DIALOGUES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.append(Dialogue(path.stem, str(data.get("lang", "zh-Hans")), list(data["turns"])))
    return out


class EngineDriver:
    """Plays a dialogue directly on the pure engine."""

    def __init__(self, advisor: Advisor, lang: str) -> None:
        self.advisor = advisor
        self.session: Session = advisor.new_session(lang_from_code(lang))
        self.last: Turn | None = None

    def play(self, turn: dict[str, Any]) -> None:
        """Apply one input turn (``user`` or ``press``)."""
        if "user" in turn:
            text = str(turn["user"])
            if text in {"/start", "/restart"}:
                self.last = self.advisor.restart(self.session)
            elif text == "back":
                self.last = self.advisor.back(self.session)
            else:
                self.last = self.advisor.reply(self.session, text)
        else:
            option = str(turn["press"])
            question = self.advisor.current(self.session)
            assert question is not None, f"press {option!r} but the questions are over"
            if option == "done":
                self.last = self.advisor.confirm(self.session, question.id)
            else:
                self.last = self.advisor.choose(self.session, question.id, option)
        self.session = self.last.session


def check_expectation(advisor: Advisor, driver: EngineDriver, turn: dict[str, Any]) -> None:
    """Assert one ``expect_*`` turn against the driver's current state."""
    session = driver.session
    question = advisor.current(session)
    outcome = advisor.outcome(session)
    causes = [c.id for c in outcome.causes]
    if "expect_question" in turn:
        where = question.id if question else "the outcome"
        assert where == turn["expect_question"], f"expected {turn['expect_question']}, at {where}"
    if turn.get("expect_reask"):
        assert driver.last is not None
        assert driver.last.notice is Notice.REASK
    if "expect_cause_top" in turn:
        assert question is None, f"still asking {question and question.id}"
        assert causes[0] == turn["expect_cause_top"], outcome.causes
    for cause in turn.get("expect_causes_include", []):
        assert cause in causes[:advisor.knowledge.show_top], (cause, outcome.causes)
    for cause in turn.get("expect_causes_exclude", []):
        assert cause not in causes[:advisor.knowledge.show_top], (cause, outcome.causes)
    for step in turn.get("expect_steps_include", []):
        assert step in outcome.steps, (step, outcome.steps)
    if "expect_steps_first" in turn:
        assert outcome.steps[0] == turn["expect_steps_first"], outcome.steps
