"""Every dialogue script, played on the engine, ends where a careful advisor would."""

from __future__ import annotations

import pytest

from bot.engine.advisor import Advisor
from tests.support.dialogue import (
    EXPECT_KEYS,
    Dialogue,
    EngineDriver,
    check_expectation,
    load_dialogues,
)

DIALOGUES = load_dialogues()


@pytest.mark.parametrize("dialogue", DIALOGUES, ids=[d.name for d in DIALOGUES])
def test_dialogue_on_engine(advisor: Advisor, dialogue: Dialogue) -> None:
    driver = EngineDriver(advisor, dialogue.lang)
    for number, turn in enumerate(dialogue.turns, start=1):
        if EXPECT_KEYS & turn.keys():
            try:
                check_expectation(advisor, driver, turn)
            except AssertionError as exc:
                raise AssertionError(f"{dialogue.name} turn {number}: {exc}") from None
        else:
            driver.play(turn)


def test_dialogues_cover_every_option_and_every_top_cause(advisor: Advisor) -> None:
    """Together the scripts use every option of every question and reach every cause."""
    used: set[tuple[str, str]] = set()
    tops: set[str] = set()
    for dialogue in DIALOGUES:
        driver = EngineDriver(advisor, dialogue.lang)
        for turn in dialogue.turns:
            if EXPECT_KEYS & turn.keys():
                continue
            driver.play(turn)
            last = driver.last
            if last is not None and last.question:
                used |= {(last.question, o) for o in last.chosen}
            if (
                last is not None
                and last.question
                and last.notice
                and last.notice.value == "toggled"
            ):
                used |= {(last.question, o) for o in last.session.selection}
        if advisor.current(driver.session) is None:
            tops.add(advisor.outcome(driver.session).causes[0].id)
    every = {(q.id, o.id) for q in advisor.knowledge.questions.values() for o in q.options}
    assert every - used == set()
    assert tops == set(advisor.knowledge.causes)


@pytest.mark.parametrize("dialogue", DIALOGUES, ids=[d.name for d in DIALOGUES])
def test_every_expectation_names_something_that_exists(
    advisor: Advisor, dialogue: Dialogue
) -> None:
    """A misspelt key or ID would make its check pass without checking anything."""
    k = advisor.knowledge
    named = {
        "expect_question": {*k.questions, "the outcome"},
        "expect_cause_top": set(k.causes),
        "expect_causes_include": set(k.causes),
        "expect_causes_exclude": set(k.causes),
        "expect_steps_include": set(k.steps),
        "expect_steps_first": set(k.steps),
    }
    for number, turn in enumerate(dialogue.turns, start=1):
        unknown = turn.keys() - EXPECT_KEYS - {"user", "press"}
        assert not unknown, f"{dialogue.name} turn {number}: unknown keys {unknown}"
        for key, known in named.items():
            values = turn.get(key, [])
            for value in values if isinstance(values, list) else [values]:
                assert value in known, f"{dialogue.name} turn {number}: no {key} {value!r}"
