"""Views → Telegram messages: HTML with every dynamic string escaped, inline keyboards.

Nothing here decides anything; it lays out the conversation's views
(``bot.conversation.views``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape, unescape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit

from bot.channels.telegram.callbacks import Callback
from bot.conversation.intents import Act
from bot.conversation.views import (
    AnsweredCard,
    Button,
    ChoiceCard,
    NoticeView,
    OutcomeCard,
    PlanCard,
    QuestionCard,
    ReadCard,
    StepCard,
    VerdictCard,
    View,
)
from bot.engine.views import OutcomeView, QuestionView
from bot.knowledge.base import Knowledge
from bot.knowledge.model import Lang
from bot.sms.defang import defang

__all__ = [
    "Screen",
    "answered_screen",
    "answers_line",
    "outcome_screen",
    "question_screen",
    "split_text",
    "step_screen",
    "text_screen",
    "view_screen",
    "wire_keyboard",
]

MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH
STEP_BUTTONS_A_ROW = 3
ANSWERS_SHOWN = 8
"""Answers named on the live question's "so far" line (older ones become "…")."""
ANSWER_CHARS = 24
"""An answer longer than this is shortened on that line."""


@dataclass(frozen=True, slots=True)
class Screen:
    """One message: HTML text and an optional inline keyboard."""

    html: str
    keyboard: InlineKeyboardMarkup | None = None


def _e(text: str) -> str:
    return escape(text, quote=False)


def _button(label: str, callback: Callback) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callback.encode())


def _buttons(rows: Sequence[Sequence[Button]], rev: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(b.label, Callback(b.act, rev, b.arg, b.arg2)) for b in row] for row in rows]
    )


def view_screen(view: View, k: Knowledge, lang: Lang) -> Screen:
    """The message for one view (a document is sent as a file, not through here)."""
    from bot.channels.telegram.sms_render import card_screen

    if isinstance(view, QuestionCard):
        return question_screen(view.view, k, lang, _e(view.lead) if view.lead else "")
    if isinstance(view, AnsweredCard):
        return answered_screen(view.view, view.answer)
    if isinstance(view, OutcomeCard):
        return outcome_screen(view.view)
    if isinstance(view, PlanCard):
        return plan_screen(view, k)
    if isinstance(view, StepCard):
        return step_screen(view, k)
    if isinstance(view, VerdictCard):
        return card_screen(view, k)
    if isinstance(view, ChoiceCard):
        buttons = list(view.buttons)  # more than three (the /evidence menu): two a row
        rows = (
            [buttons]
            if len(buttons) <= 3
            else [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        )
        return Screen(_e(view.text), _buttons(rows, k.revision))
    if isinstance(view, ReadCard):
        return read_screen(view, k)
    if isinstance(view, NoticeView):
        if view.code is not None:
            return Screen(f"{_e(view.text)}\n\n<code>{_e(view.code)}</code>")
        return text_screen(view.text)
    raise TypeError(f"no Telegram layout for {type(view).__name__}")  # pragma: no cover


def read_screen(card: ReadCard, k: Knowledge) -> Screen:
    """What was read from a screenshot: each bubble quoted, escaped and defanged (a link
    or number in it is not clickable), the button to accept it on the message."""
    parts = [f"<b>{_e(card.lead)}</b>"]
    if card.sender:
        parts.append(_e(card.sender))
    parts += [f"<blockquote>{_e(defang(bubble))}</blockquote>" for bubble in card.bubbles]
    if card.hint:
        parts.append(f"<i>{_e(card.hint)}</i>")
    keyboard = _buttons([list(card.buttons)], k.revision) if card.buttons else None
    return Screen("\n\n".join(parts), keyboard)


def answers_line(answers: Sequence[str]) -> str:
    """The answers so far, compactly ("✔ 已经全部还清 · ✔ 今天"), escaped; "" for none.

    The live message is edited from one question into the next, so this line is what
    keeps the earlier choices in sight."""
    if not answers:
        return ""
    shown = [a if len(a) <= ANSWER_CHARS else a[: ANSWER_CHARS - 1] + "…" for a in answers]
    more = len(shown) > ANSWERS_SHOWN
    line = " · ".join(f"✔ {_e(a)}" for a in shown[-ANSWERS_SHOWN:])
    return f"<i>{'… · ' if more else ''}{line}</i>"


def _question_html(view: QuestionView, prefix: str = "", answers: bool = True) -> str:
    so_far = answers_line(view.answers) if answers else ""
    parts = [so_far] if so_far else []
    if prefix:
        parts.append(prefix)
    parts.append(f"<b>{_e(view.progress)}</b>\n{_e(view.text)}")
    if view.hint:
        parts.append(f"<i>{_e(view.hint)}</i>")
    html = "\n\n".join(parts)
    if len(html) > MAX_TEXT and answers:  # a question is edited in place: one message
        return _question_html(view, prefix, answers=False)
    return _fit(html)


class _Keyboards:
    """Question keyboards already built, by what they show: a question's buttons are the same
    for every user who sees it in one language (for a multiple choice: with the same options
    ticked). PTB's keyboard objects are immutable, so one can be sent many times. Kept for one
    ``Knowledge`` at a time (the bot has one; tests build many)."""

    KEPT = 4096
    """More distinct keyboards than this (only multiple-choice ticks multiply them): start over."""

    def __init__(self) -> None:
        self.knowledge: Knowledge | None = None
        self.built: dict[tuple[object, ...], InlineKeyboardMarkup] = {}
        self.json: dict[int, tuple[InlineKeyboardMarkup, str]] = {}
        """A kept keyboard's JSON for the Bot API, by the keyboard's id (it is held here)."""

    def get(self, view: QuestionView, k: Knowledge, lang: Lang) -> InlineKeyboardMarkup:
        if k is not self.knowledge or len(self.built) >= self.KEPT:
            self.knowledge, self.built, self.json = k, {}, {}
        key = (lang, view.id, view.multi, view.options)
        keyboard = self.built.get(key)
        if keyboard is None:
            keyboard = self.built[key] = _new_question_keyboard(view, k, lang)
            self.json[id(keyboard)] = (keyboard, json.dumps(keyboard.to_dict()))
        return keyboard

    def wire(self, keyboard: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | str | None:
        """``keyboard`` as a Bot API call's ``reply_markup``: a kept one as its JSON, made
        once (PTB would turn it into a dict and dump it on every call), any other as is."""
        kept = self.json.get(id(keyboard)) if keyboard is not None else None
        return kept[1] if kept is not None and kept[0] is keyboard else keyboard


_KEYBOARDS = _Keyboards()
wire_keyboard = _KEYBOARDS.wire


def question_screen(view: QuestionView, k: Knowledge, lang: Lang, prefix: str = "") -> Screen:
    """A question with one button per option, then Done (multi), Back and Start over."""
    return Screen(_question_html(view, prefix), _KEYBOARDS.get(view, k, lang))


def _new_question_keyboard(view: QuestionView, k: Knowledge, lang: Lang) -> InlineKeyboardMarkup:
    rev = k.revision
    rows = []
    for option in view.options:
        label = option.label
        if view.multi and option.id not in k.questions[view.id].exclusive:
            label = ("☑️ " if option.selected else "⬜ ") + label
        rows.append([_button(label, Callback(Act.ANSWER, rev, view.id, option.id))])
    if view.multi:
        rows.append([_button(k.text("done_multi", lang), Callback(Act.DONE, rev, view.id))])
    rows.append(
        [
            _button(k.text("back", lang), Callback(Act.BACK, rev, view.id)),
            _button(k.text("restart", lang), Callback(Act.RESTART, rev)),
        ]
    )
    return InlineKeyboardMarkup(rows)


def answered_screen(view: QuestionView, answer: str) -> Screen:
    """The question as it stays in the chat once answered: the choice shown, no buttons
    (after a typed answer: the next question comes in a new message)."""
    return Screen(f"{_question_html(view, answers=False)}\n\n✔ <b>{_e(answer)}</b>")


def outcome_screen(view: OutcomeView) -> Screen:
    """The lasting summary message: the answers given, ranked causes with their reasons,
    the list of steps."""
    so_far = answers_line(view.answers)
    lines = [so_far, ""] if so_far else []
    lines.append(f"<b>{_e(view.intro)}</b>")
    lines += [_e(cause.line) for cause in view.causes]
    lines.append("")
    lines.append(f"<b>{_e(view.steps_intro)}</b>")
    lines += [f"{n}. {_e(title)}" for n, (_, title, _) in enumerate(view.steps, start=1)]
    lines.append("")
    lines.append(f"<i>{_e(view.disclaimer)}</i>")
    return Screen("\n".join(lines))


def plan_screen(card: PlanCard, k: Knowledge) -> Screen:
    """The guidance message on its summary page: one button per step, three a row."""
    view = card.view
    lines = [f"<b>{_e(view.steps_intro)}</b>"]
    for number, (_, title, done) in enumerate(view.steps, start=1):
        lines.append(f"{number}. {'✓ ' if done else ''}{_e(title)}")
    if view.more_intro:  # "more steps", numbered after the plan's
        lines += ["", _e(view.more_intro)]
        for number, (_, title, done) in enumerate(view.more, start=len(view.steps) + 1):
            lines.append(f"{number}. {'✓ ' if done else ''}{_e(title)}")
    steps = [b for b in card.buttons if b.act is Act.STEP]
    plan, more = steps[: len(view.steps)], steps[len(view.steps) :]
    rows = [plan[i : i + STEP_BUTTONS_A_ROW] for i in range(0, len(plan), STEP_BUTTONS_A_ROW)]
    rows += [more[i : i + STEP_BUTTONS_A_ROW] for i in range(0, len(more), STEP_BUTTONS_A_ROW)]
    rows.append([b for b in card.buttons if b.act is not Act.STEP])
    return Screen("\n".join(lines), _buttons(rows, k.revision))


def step_screen(card: StepCard, k: Knowledge) -> Screen:
    """One guidance step: the main text, and with ``full`` what to say, keep and detail."""
    view = card.view
    parts = [f"<b>{_e(view.header)}</b>{' ✓' if view.done else ''}", _e(view.why)]
    how = "\n".join(f"{n}. {_e(line)}" for n, line in enumerate(view.how, start=1))
    parts.append(f"<b>{_e(view.how_title)}</b>\n{how}")
    if card.full:
        if view.script and view.script_title:
            script = f"<blockquote>{_e(view.script)}</blockquote>"
            parts.append(f"<b>{_e(view.script_title)}</b>\n{script}")
        if view.keep:
            parts.append(_e(view.keep))
        if view.detail and view.detail_title:
            detail = "\n".join(f"• {_e(line)}" for line in view.detail)
            parts.append(f"<b>{_e(view.detail_title)}</b>\n{detail}")
    if card.sources:
        parts.append(f"<i>{_e(card.sources)}</i>")
    return Screen(_fit("\n\n".join(parts)), _buttons(card.buttons, k.revision))


def text_screen(text: str) -> Screen:
    """Plain interface text, escaped, with no buttons."""
    return Screen(_e(text))


_ATOM = re.compile(r"<[^<>]*>|&#?[A-Za-z0-9]+;|[^<&]|[<&]")
_BREAKS = {"\n": 2, " ": 1}


def split_text(html: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut Telegram HTML into pieces of at most ``limit`` visible characters (UTF-16 units).

    A cut never falls inside a tag or an entity such as ``&amp;``: tags open at the cut
    are closed at the end of the piece and opened again at the start of the next, so a
    long ``<code>`` block stays code in every message. Cuts prefer a paragraph break,
    then a line break, then a space, in the second half of a piece; only a text with none
    of those is cut mid-word.
    """
    if len(html.encode("utf-16-le")) // 2 <= limit and _balanced(html):
        return [html]  # s6-cost: it fits whole (tags and entities only add to the length)
    atoms = _ATOM.findall(html)
    chunks: list[str] = []
    start = 0  # where the piece starts, and the tags open there
    opened: tuple[str, ...] = ()
    while start < len(atoms):
        cut, after, stack = _cut(atoms, start, opened, limit)
        if _has_text(atoms[start:cut]):
            chunks.append("".join(opened) + "".join(atoms[start:cut]) + _closing(stack))
        start, opened = after, stack
    return chunks or [html]


_Cut = tuple[int, int, tuple[str, ...]]
_TAG = re.compile(r"<[^<>]*>")


def _balanced(html: str) -> bool:
    """Every tag opened is closed (the whole text is then its one piece, as it is)."""
    stack: list[str] = []
    for tag in _TAG.findall(html):
        _track(stack, tag)
    return not stack


def _cut(atoms: list[str], start: int, opened: tuple[str, ...], limit: int) -> _Cut:
    """Where the piece from ``start`` ends, where the next begins, and the tags open there."""
    stack = list(opened)
    size = 0
    breaks: dict[int, tuple[int, _Cut]] = {}  # priority → (size there, cut)
    index = start
    while index < len(atoms):
        atom = atoms[index]
        if len(atom) > 1 and atom[0] == "<":
            _track(stack, atom)
            index += 1
            continue
        text = unescape(atom) if atom[0] == "&" else atom
        width = len(text.encode("utf-16-le")) // 2
        if size + width > limit and size > 0:
            return _choose(breaks, size, (index, index, tuple(stack)))
        size += width
        index += 1
        priority = _BREAKS.get(text)
        if priority is not None:
            if text == "\n" and index - start > 1 and atoms[index - 2] == "\n":
                priority = 3  # a blank line: a paragraph ends here
            # A line break is dropped at the cut; a space stays, ending the piece.
            end = index - 1 if text == "\n" else index
            breaks[priority] = (size, (end, index, tuple(stack)))
    return len(atoms), len(atoms), tuple(stack)


def _choose(breaks: dict[int, tuple[int, _Cut]], size: int, here: _Cut) -> _Cut:
    """The best break in the second half of the piece, else ``here`` (mid-word)."""
    for priority in sorted(breaks, reverse=True):
        at, cut = breaks[priority]
        if at * 2 >= size:
            return cut
    return here


def _track(stack: list[str], tag: str) -> None:
    if tag.startswith("</"):
        name = tag[2:-1].strip().lower()
        for position in range(len(stack) - 1, -1, -1):
            if _name(stack[position]) == name:
                del stack[position:]
                return
    elif not tag.endswith("/>"):
        stack.append(tag)


def _name(tag: str) -> str:
    return tag[1:-1].split(None, 1)[0].lower() if len(tag) > 2 else ""


def _closing(stack: tuple[str, ...]) -> str:
    return "".join(f"</{_name(tag)}>" for tag in reversed(stack))


def _has_text(atoms: list[str]) -> bool:
    return any(not (len(a) > 1 and a[0] == "<") and not a.isspace() for a in atoms)


def _fit(html: str) -> str:
    # A guidance page is edited in place, so it must fit one message; the knowledge
    # tests keep every step well under the limit, this only guards a future edit.
    return html if len(html) <= MAX_TEXT else split_text(html)[0]
