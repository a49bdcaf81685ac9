"""What to show for a session, with every string in the user's language.

Channels render these views (HTML for Telegram, plain or coloured text for the terminal);
they never look up knowledge texts themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.advisor import Advisor
from bot.engine.session import Session
from bot.knowledge.base import localize, localize_lines
from bot.knowledge.model import Lang
from bot.normalize import fold

__all__ = [
    "CauseView",
    "OptionView",
    "OutcomeView",
    "QuestionView",
    "StepView",
    "answer_text",
    "answers_so_far",
    "outcome_view",
    "question_view",
    "quote_input",
    "score_bar",
    "step_view",
]


@dataclass(frozen=True, slots=True)
class OptionView:
    """One answer button: its number for typing, its label, and whether it is ticked."""

    id: str
    number: int
    label: str
    selected: bool


@dataclass(frozen=True, slots=True)
class QuestionView:
    """The question to ask now."""

    id: str
    progress: str
    text: str
    hint: str | None
    options: tuple[OptionView, ...]
    multi: bool
    can_back: bool
    answers: tuple[str, ...] = ()
    """The options chosen so far, one entry per answered question, oldest first."""


@dataclass(frozen=True, slots=True)
class CauseView:
    """One ranked cause, as a line of the summary."""

    id: str
    line: str
    score: int


@dataclass(frozen=True, slots=True)
class OutcomeView:
    """The summary: ranked causes, then the list of steps."""

    intro: str
    causes: tuple[CauseView, ...]
    steps_intro: str
    steps: tuple[tuple[str, str, bool], ...]  # (step id, title, done)
    disclaimer: str
    more_intro: str | None = None  # "more steps": numbered after the plan's
    more: tuple[tuple[str, str, bool], ...] = ()
    answers: tuple[str, ...] = ()  # the options chosen, one entry per answered question


@dataclass(frozen=True, slots=True)
class StepView:
    """One guidance step in full."""

    id: str
    index: int
    count: int
    header: str
    why: str
    how_title: str
    how: tuple[str, ...]
    script_title: str | None
    script: str | None
    keep: str | None
    done: bool
    detail_title: str | None = None
    detail: tuple[str, ...] = ()


def question_view(advisor: Advisor, session: Session) -> QuestionView | None:
    """The current question, or None when the questions are over."""
    question = advisor.current(session)
    if question is None:
        return None
    lang, k = session.lang, advisor.knowledge
    current, total = advisor.progress(session)
    options = tuple(
        OptionView(o.id, n, localize(o.label, lang), o.id in session.selection)
        for n, o in enumerate(question.options, start=1)
    )
    name = session.context.get("name")
    if question.named_text is not None and name:
        text = localize(question.named_text, lang).format(name=quote_input(name, 20))
    else:
        text = localize(question.text, lang)
    return QuestionView(
        id=question.id,
        progress=k.text("progress", lang, current=current, total=total),
        text=text,
        hint=localize(question.hint, lang) if question.hint else None,
        options=options,
        multi=question.multi,
        can_back=bool(session.answered or session.selection),
        answers=answers_so_far(advisor, session),
    )


def answers_so_far(advisor: Advisor, session: Session) -> tuple[str, ...]:
    """The labels of the options the user chose, one entry per answered question."""
    k, lang = advisor.knowledge, session.lang
    separator = ", " if lang is Lang.EN else "、"
    out = []
    for question_id in session.answered:
        question = k.questions.get(question_id)
        value = session.facts.get(question.fact) if question is not None else None
        if question is None or value is None:
            continue
        chosen = value if isinstance(value, frozenset) else {value}
        labels = [localize(o.label, lang) for o in question.options if o.id in chosen]
        if labels:
            out.append(separator.join(labels))
    return tuple(out)


def quote_input(text: str, limit: int = 40) -> str:
    """A user's own words, shortened and on one line, to quote back ("我没看懂「…」")."""
    flat = " ".join(fold(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def answer_text(advisor: Advisor, lang: Lang, question_id: str, chosen: tuple[str, ...]) -> str:
    """ "Your answer: …" for the options taken, to show under an answered question."""
    labels = []
    for option_id in chosen:
        option = advisor.knowledge.option(question_id, option_id)
        if option is not None:
            labels.append(localize(option.label, lang))
    separator = ", " if lang is Lang.EN else "、"
    return advisor.knowledge.text("chosen", lang, answer=separator.join(labels))


def outcome_view(advisor: Advisor, session: Session) -> OutcomeView:
    """The ranked causes (top few) and the ordered steps."""
    lang, k = session.lang, advisor.knowledge
    outcome = advisor.outcome(session)
    causes = []
    shown = outcome.causes[: k.show_top]
    for cause in shown:
        # Equal scores share a rank ("1, 1, 3"): a tie is told, not hidden by file order.
        ahead = (o for o in shown if o.id in outcome.top or o.score > cause.score)
        rank = 1 if cause.id in outcome.top else 1 + sum(1 for _ in ahead)
        line = k.text(
            "cause_line",
            lang,
            rank=rank,
            title=localize(k.causes[cause.id].title, lang),
            bar=_bar(cause.score),
            why=localize(cause.why, lang),
        )
        causes.append(CauseView(cause.id, line, cause.score))
    steps = tuple(
        (s, localize(k.steps[s].title, lang), s in session.done_steps) for s in outcome.steps
    )
    more = tuple(
        (s, localize(k.steps[s].title, lang), s in session.done_steps) for s in outcome.more
    )
    intro = k.text("outcome_intro", lang)
    if len(outcome.top) > 1:
        intro += "\n" + k.text("causes_tied", lang, count=len(outcome.top))
    return OutcomeView(
        intro=intro,
        causes=tuple(causes),
        steps_intro=k.text("steps_intro", lang, count=len(steps)),
        steps=steps,
        disclaimer=k.text("disclaimer", lang),
        more_intro=k.text("more_steps", lang, count=len(more)) if more else None,
        more=more,
        answers=answers_so_far(advisor, session),
    )


def step_view(advisor: Advisor, session: Session, index: int) -> StepView | None:
    """Step ``index`` of the session's guidance, or None if there is no such step."""
    outcome = advisor.outcome(session)
    steps = outcome.guide
    if not 0 <= index < len(steps):
        return None
    count = len(outcome.steps) if index < len(outcome.steps) else len(steps)
    lang, k = session.lang, advisor.knowledge
    step = k.steps[steps[index]]
    return StepView(
        id=step.id,
        index=index,
        count=count,
        header=k.text(
            "step_header",
            lang,
            number=index + 1,
            count=count,
            title=localize(step.title, lang),
        ),
        why=k.text("step_why", lang, text=localize(step.why, lang)),
        how_title=k.text("step_how", lang),
        how=tuple(localize_lines(step.how, lang)),
        script_title=k.text("step_script", lang) if step.script else None,
        script=localize(step.script, lang) if step.script else None,
        keep=k.text("step_keep", lang, text=localize(step.keep, lang)) if step.keep else None,
        done=step.id in session.done_steps,
        detail_title=k.text("step_detail", lang) if step.detail else None,
        detail=tuple(localize_lines(step.detail, lang)) if step.detail else (),
    )


def score_bar(score: int) -> str:
    """A 0–100 score as five blocks (▰▰▰▱▱): a rank, not a probability."""
    return _bar(score)


def _bar(score: int) -> str:
    filled = max(1, min(5, round(score / 20)))
    return "▰" * filled + "▱" * (5 - filled)
