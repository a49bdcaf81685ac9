"""An analyzed SMS as a Telegram card: verdict, the message with its dangerous parts
marked, the evidence explained, and what to do right now."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.telegram.callbacks import Callback
from bot.channels.telegram.render import Screen
from bot.conversation.views import Button, VerdictCard
from bot.knowledge.base import Knowledge
from bot.sms.defang import defang, host_spans
from bot.sms.verdict import Verdict
from bot.sms.view import VerdictView

__all__ = ["card_screen"]

QUOTE_CHARS = 1200
"""Longer messages are quoted up to here; the card must fit one Telegram message."""
MAX_CARD = 3800
"""HTML length a card may take (Telegram counts 4,096 visible characters; tags are extra)."""


def _e(text: str) -> str:
    return escape(text, quote=False)


def _quote(verdict: Verdict, limit: int) -> str:
    """The original text, escaped and defanged, with the spans of scam signals in bold
    underline. A mark never cuts a host in two, so every host is defanged whole."""
    text = verdict.text[:limit]
    hosts = host_spans(text)
    spans = sorted(
        _widen(s.start, s.end, hosts)
        for s in verdict.signals
        if s.weight.scam > 0 and s.mark and s.end <= len(text)
    )
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue  # overlapping marks: keep the first
        out.append(_e(defang(text[pos:start])))
        out.append(f"<b><u>{_e(defang(text[start:end]))}</u></b>")
        pos = end
    out.append(_e(defang(text[pos:])))
    more = "…" if len(verdict.text) > limit else ""
    return f"<blockquote>{''.join(out)}{more}</blockquote>"


def _widen(start: int, end: int, hosts: list[tuple[int, int]]) -> tuple[int, int]:
    for first, last in hosts:
        if first < end and start < last:  # overlaps a host: cover all of it
            start, end = min(start, first), max(end, last)
    return start, end


def card_screen(card: VerdictCard, k: Knowledge) -> Screen:
    """The Telegram message for a conversation's verdict card."""
    return _fitted(card.verdict, k, card.buttons, card.view)


def _fitted(
    verdict: Verdict, k: Knowledge, buttons: tuple[Button, ...], view: VerdictView
) -> Screen:
    """The card as one message (its buttons belong to it): the quote shrinks until the
    whole card, escaped, fits Telegram's limit."""
    limit = QUOTE_CHARS
    while True:
        screen = _card(verdict, view, k, buttons, limit)
        if len(screen.html) <= MAX_CARD or limit < 50:
            return screen
        limit //= 2


def _card(
    verdict: Verdict, view: VerdictView, k: Knowledge, buttons: tuple[Button, ...], limit: int
) -> Screen:
    parts = [
        f"{view.mark} <b>{_e(view.title)}</b> · {_e(view.risk)}",
        _e(view.meaning),
        _quote(verdict, limit),
    ]
    if view.why is not None:
        parts.append(f"<i>{_e(view.why)}</i>")
    if view.seen:
        seen = [f"<b>{_e(view.seen_title)}</b>"]
        seen += [f"• 「{_e(text)}」— {_e(explain)}" for text, explain in view.seen]
        parts.append("\n".join(seen))
    parts.append(f"<b>{_e(view.now_title)}</b>\n{_e(view.now)}")
    row = [
        InlineKeyboardButton(
            b.label, callback_data=Callback(b.act, k.revision, b.arg, b.arg2).encode()
        )
        for b in buttons
    ]
    return Screen("\n\n".join(parts), InlineKeyboardMarkup([row]))
