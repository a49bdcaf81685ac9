"""The live question's "so far" line: what a user sees of earlier answers on the edited message."""

from __future__ import annotations

import json

from bot.channels.telegram.render import (
    ANSWERS_SHOWN,
    MAX_TEXT,
    Screen,
    answers_line,
    question_screen,
    wire_keyboard,
)
from bot.engine.advisor import Advisor
from bot.engine.views import OptionView, QuestionView, question_view
from bot.knowledge.base import Knowledge, localize
from bot.knowledge.model import Lang
from tests.support.telegram_html import parse_html


def test_the_line_names_each_answer_escaped_and_the_newest_last() -> None:
    line = answers_line(["已经全部还清", "<b>今天</b> & 早上"])
    assert line.index("已经全部还清") < line.index("今天")
    text, _ = parse_html(line)  # valid Telegram HTML, the user's words shown as typed
    assert text == "✔ 已经全部还清 · ✔ <b>今天</b> & 早上"


def test_a_long_history_keeps_the_newest_answers_and_shortens_long_ones() -> None:
    answers = [f"answer {n}" for n in range(20)] + ["x" * 200]
    line = answers_line(answers)
    assert line.count("✔") == ANSWERS_SHOWN
    assert "answer 19" in line
    assert "answer 0 " not in line
    assert "x" * 200 not in line
    assert answers_line([]) == ""


def test_the_question_shows_the_answers_given_in_the_users_language(
    knowledge: Knowledge,
) -> None:
    advisor = Advisor(knowledge)
    session = advisor.choose(advisor.new_session(Lang.EN), "paid_off", "yes").session
    view = question_view(advisor, session)
    assert view is not None
    screen = question_screen(view, knowledge, Lang.EN, "x" * 5000)
    assert len(screen.html) <= MAX_TEXT  # edited in place: always one message
    fresh = question_screen(view, knowledge, Lang.EN)
    assert fresh.html.startswith("<i>✔ Yes, fully repaid</i>")


def _red_flags(knowledge: Knowledge, lang: Lang, ticked: set[str]) -> QuestionView:
    question = knowledge.questions["red_flags"]
    options = tuple(
        OptionView(o.id, n, localize(o.label, lang), o.id in ticked)
        for n, o in enumerate(question.options, start=1)
    )
    return QuestionView("red_flags", "1/5", "?", None, options, multi=True, can_back=True)


def _labels(screen: Screen) -> list[str]:
    assert screen.keyboard is not None
    return [b.text for row in screen.keyboard.inline_keyboard for b in row]


def test_kept_keyboards_show_each_users_own_ticks_and_language(knowledge: Knowledge) -> None:
    """Question keyboards are built once and kept: one user's ticks or language must never show
    on another's question, and what is sent is the keyboard shown."""
    none = question_screen(_red_flags(knowledge, Lang.ZH_HANS, set()), knowledge, Lang.ZH_HANS)
    link = question_screen(_red_flags(knowledge, Lang.ZH_HANS, {"link"}), knowledge, Lang.ZH_HANS)
    english = question_screen(_red_flags(knowledge, Lang.EN, {"link"}), knowledge, Lang.EN)
    again = question_screen(_red_flags(knowledge, Lang.ZH_HANS, set()), knowledge, Lang.ZH_HANS)
    assert sum(label.startswith("☑️") for label in _labels(none)) == 0
    assert sum(label.startswith("☑️") for label in _labels(link)) == 1
    assert _labels(again) == _labels(none)
    assert knowledge.text("back", Lang.EN) in _labels(english)
    assert knowledge.text("back", Lang.EN) not in _labels(link)
    for screen in (none, link, english):
        sent = wire_keyboard(screen.keyboard)
        assert screen.keyboard is not None
        assert isinstance(sent, str)
        assert json.loads(sent) == screen.keyboard.to_dict()
