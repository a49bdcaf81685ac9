"""The screens of a session as views: the question, the answered question, the guidance."""

from __future__ import annotations

from bot.conversation.followups import followup_offers
from bot.conversation.intents import Act
from bot.conversation.views import (
    AnsweredCard,
    Button,
    NoticeView,
    OutcomeCard,
    PlanCard,
    QuestionCard,
    StepCard,
    Tone,
    View,
)
from bot.engine.advisor import Advisor, Turn
from bot.engine.session import Session
from bot.engine.views import answer_text, outcome_view, question_view, step_view
from bot.knowledge.base import localize
from bot.knowledge.model import Grade

__all__ = ["after_answer", "current", "guidance", "step_card"]

MAX_SOURCES = 3
"""Sources named on a step's line; more are counted ("…")."""


def current(
    advisor: Advisor, session: Session, lead: str = "", tone: Tone = Tone.INFO
) -> tuple[View, ...]:
    """What the user should see now: the question (``lead`` said with it), or the guidance."""
    view = question_view(advisor, session)
    if view is not None:
        return (QuestionCard(view, lead, tone),)
    said: tuple[View, ...] = (NoticeView(lead, tone),) if lead else ()
    return (*said, guidance(advisor, session))


def after_answer(advisor: Advisor, before: Session, turn: Turn) -> tuple[View, ...]:
    """The answered question, then the next one, or the outcome and the first step."""
    view = question_view(advisor, before)
    answered: tuple[View, ...] = ()
    if view is not None and turn.question:
        answer = answer_text(advisor, turn.session.lang, turn.question, turn.chosen)
        answered = (AnsweredCard(view, answer),)
    if advisor.current(turn.session) is None:
        return (*answered, outcome(advisor, turn.session), guidance(advisor, turn.session))
    return (*answered, *current(advisor, turn.session))


def outcome(advisor: Advisor, session: Session) -> OutcomeCard:
    """The lasting summary of causes and plan."""
    return OutcomeCard(outcome_view(advisor, session))


def guidance(advisor: Advisor, session: Session, full: bool = False) -> View:
    """The guidance page: the current step, or the plan."""
    if session.step is not None:
        card = step_card(advisor, session, session.step, full)
        if card is not None:
            return card
    view = outcome_view(advisor, session)
    k, lang = advisor.knowledge, session.lang
    buttons = [
        Button(("✓ " if done else "") + k.text("open_step", lang, number=n), Act.STEP, str(n - 1))
        for n, (_, _, done) in enumerate((*view.steps, *view.more), start=1)
    ]
    buttons.append(Button(k.text("to_questions", lang), Act.REVISE))
    buttons.append(Button(k.text("restart", lang), Act.RESTART))
    return PlanCard(view, tuple(buttons))


def step_card(advisor: Advisor, session: Session, index: int, full: bool) -> StepCard | None:
    """Step ``index``: its main text, with a Details button unless ``full``."""
    view = step_view(advisor, session, index)
    if view is None:
        return None
    k, lang = advisor.knowledge, session.lang
    first = [Button(k.text("done_step", lang), Act.FINISH, str(index))]
    if index + 1 < view.count:
        first.append(Button(k.text("next_step", lang), Act.STEP, str(index + 1)))
    rows = [tuple(first)]
    offers = followup_offers(advisor, session, view.id)  # s5-follow: a reminder to set
    if offers:
        rows.append(offers)
    if not full and (view.script or view.keep or view.detail):
        rows.append((Button(k.text("step_more", lang), Act.DETAIL, str(index)),))
    rows.append(
        (
            Button(k.text("to_summary", lang), Act.STEP, ""),
            Button(k.text("to_questions", lang), Act.REVISE),
            Button(k.text("restart", lang), Act.RESTART),
        )
    )
    step = k.steps[view.id]
    cited = [k.sources[s] for s in step.sources if s in k.sources]
    grades = list(Grade)  # firm first: the line is cut, and never before an official source
    cited.sort(key=lambda source: grades.index(source.grade))
    names = [localize(s.label, lang) if s.label else s.title for s in cited]
    sep = ", " if lang.value == "en" else "、"
    shown = sep.join(names[:MAX_SOURCES]) + ("…" if len(names) > MAX_SOURCES else "")
    sources = k.text("step_sources", lang, text=shown) if names else None
    return StepCard(view, full, sources, tuple(rows))
