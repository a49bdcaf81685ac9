"""Views → Telegram messages: HTML with every dynamic string escaped, inline keyboards.

Nothing here decides anything; it lays out what the engine's views say.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit

from bot.channels.telegram.callbacks import Action, Callback
from bot.engine.views import OutcomeView, QuestionView, StepView
from bot.knowledge.base import Knowledge
from bot.knowledge.model import Lang

__all__ = [
    "Screen",
    "answered_screen",
    "forget_screen",
    "guidance_screen",
    "language_screen",
    "outcome_screen",
    "question_screen",
    "split_text",
    "summary_screen",
    "text_screen",
]

MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH


@dataclass(frozen=True, slots=True)
class Screen:
    """One message: HTML text and an optional inline keyboard."""

    html: str
    keyboard: InlineKeyboardMarkup | None = None


def _e(text: str) -> str:
    return escape(text, quote=False)


def _button(label: str, callback: Callback) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callback.encode())


def _question_html(view: QuestionView, prefix: str = "") -> str:
    parts = [prefix] if prefix else []
    parts.append(f"<b>{_e(view.progress)}</b>\n{_e(view.text)}")
    if view.hint:
        parts.append(f"<i>{_e(view.hint)}</i>")
    return "\n\n".join(parts)


def question_screen(view: QuestionView, k: Knowledge, lang: Lang, prefix: str = "") -> Screen:
    """A question with one button per option, then Done (multi), Back and Start over."""
    rev = k.revision
    rows = []
    for option in view.options:
        label = option.label
        if view.multi and option.id not in k.questions[view.id].exclusive:
            label = ("☑️ " if option.selected else "⬜ ") + label
        rows.append([_button(label, Callback(Action.ANSWER, rev, view.id, option.id))])
    if view.multi:
        rows.append([_button(k.text("done_multi", lang), Callback(Action.DONE, rev, view.id))])
    rows.append(
        [
            _button(k.text("back", lang), Callback(Action.BACK, rev, view.id)),
            _button(k.text("restart", lang), Callback(Action.RESTART, rev)),
        ]
    )
    return Screen(_question_html(view, prefix), InlineKeyboardMarkup(rows))


def answered_screen(view: QuestionView, answer: str) -> Screen:
    """The question as it stays in the chat once answered: the choice shown, no buttons."""
    return Screen(f"{_question_html(view)}\n\n✔ <b>{_e(answer)}</b>")


def outcome_screen(view: OutcomeView) -> Screen:
    """The lasting summary message: ranked causes with their reasons, the list of steps."""
    lines = [f"<b>{_e(view.intro)}</b>"]
    lines += [_e(cause.line) for cause in view.causes]
    lines.append("")
    lines.append(f"<b>{_e(view.steps_intro)}</b>")
    lines += [f"{n}. {_e(title)}" for n, (_, title, _) in enumerate(view.steps, start=1)]
    lines.append("")
    lines.append(f"<i>{_e(view.disclaimer)}</i>")
    return Screen("\n".join(lines))


def summary_screen(view: OutcomeView, k: Knowledge, lang: Lang) -> Screen:
    """The guidance message on its summary page: one button per step."""
    rev = k.revision
    lines = [f"<b>{_e(view.steps_intro)}</b>"]
    rows = []
    for number, (_, title, done) in enumerate(view.steps, start=1):
        mark = "✓ " if done else ""
        lines.append(f"{number}. {mark}{_e(title)}")
        label = mark + k.text("open_step", lang, number=number)
        rows.append(_button(label, Callback(Action.STEP, rev, str(number - 1))))
    grid = [rows[i : i + 3] for i in range(0, len(rows), 3)]
    if view.more_intro:  # "more steps", numbered after the plan's, on buttons of their own
        lines += ["", _e(view.more_intro)]
        more = []
        for number, (_, title, done) in enumerate(view.more, start=len(view.steps) + 1):
            mark = "✓ " if done else ""
            lines.append(f"{number}. {mark}{_e(title)}")
            label = mark + k.text("open_step", lang, number=number)
            more.append(_button(label, Callback(Action.STEP, rev, str(number - 1))))
        grid += [more[i : i + 3] for i in range(0, len(more), 3)]
    grid.append([_button(k.text("restart", lang), Callback(Action.RESTART, rev))])
    return Screen("\n".join(lines), InlineKeyboardMarkup(grid))


def guidance_screen(view: StepView, k: Knowledge, lang: Lang) -> Screen:
    """One guidance step in full, with Done / Next / Back to summary."""
    rev = k.revision
    parts = [f"<b>{_e(view.header)}</b>{' ✓' if view.done else ''}", _e(view.why)]
    how = "\n".join(f"{n}. {_e(line)}" for n, line in enumerate(view.how, start=1))
    parts.append(f"<b>{_e(view.how_title)}</b>\n{how}")
    if view.script and view.script_title:
        parts.append(f"<b>{_e(view.script_title)}</b>\n<blockquote>{_e(view.script)}</blockquote>")
    if view.keep:
        parts.append(_e(view.keep))
    if view.sources:
        parts.append(f"<i>{_e(view.sources)}</i>")
    index = str(view.index)
    first_row = [_button(k.text("done_step", lang), Callback(Action.FINISH, rev, index))]
    if view.index + 1 < view.count:
        nxt = Callback(Action.STEP, rev, str(view.index + 1))
        first_row.append(_button(k.text("next_step", lang), nxt))
    keyboard = InlineKeyboardMarkup(
        [
            first_row,
            [
                _button(k.text("to_summary", lang), Callback(Action.STEP, rev, "")),
                _button(k.text("restart", lang), Callback(Action.RESTART, rev)),
            ],
        ]
    )
    return Screen(_fit("\n\n".join(parts)), keyboard)


def text_screen(text: str) -> Screen:
    """Plain interface text, escaped, with no buttons."""
    return Screen(_e(text))


def forget_screen(k: Knowledge, lang: Lang) -> Screen:
    """The /forget confirmation."""
    rev = k.revision
    row = [
        _button(k.text("forget_yes", lang), Callback(Action.FORGET, rev, "yes")),
        _button(k.text("forget_no", lang), Callback(Action.FORGET, rev, "no")),
    ]
    return Screen(_e(k.text("forget_confirm", lang)), InlineKeyboardMarkup([row]))


def language_screen(k: Knowledge, lang: Lang) -> Screen:
    """The /lang picker."""
    rev = k.revision
    choices = [("简体中文", "zh-Hans"), ("繁體中文", "zh-Hant"), ("English", "en")]
    rows = [[_button(label, Callback(Action.LANG, rev, code)) for label, code in choices]]
    return Screen(_e(k.text("lang_choose", lang)), InlineKeyboardMarkup(rows))


def split_text(html: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut a long HTML text at paragraph, then line boundaries, into pieces of ``limit``.

    The renderers keep tags within one paragraph, so a cut between paragraphs is safe.
    """
    chunks: list[str] = []
    current = ""
    for paragraph in html.split("\n\n"):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        while len(paragraph) > limit:
            cut = paragraph.rfind("\n", 0, limit)
            cut = cut if cut > 0 else limit
            chunks.append(paragraph[:cut])
            paragraph = paragraph[cut:].lstrip("\n")
        current = paragraph
    if current:
        chunks.append(current)
    return chunks


def _fit(html: str) -> str:
    # A guidance page is edited in place, so it must fit one message; the knowledge
    # tests keep every step well under the limit, this only guards a future edit.
    return html if len(html) <= MAX_TEXT else split_text(html)[0]
