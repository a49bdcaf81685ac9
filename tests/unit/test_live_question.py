"""The live question's "so far" line: what a user sees of earlier answers on the edited message."""

from __future__ import annotations

from bot.channels.telegram.render import ANSWERS_SHOWN, MAX_TEXT, answers_line, question_screen
from bot.engine.advisor import Advisor
from bot.engine.views import question_view
from bot.knowledge.base import Knowledge
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
