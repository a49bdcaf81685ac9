"""Show a conversation's ``Reply`` in a chat, keeping the "anchor" message current.

The anchor is the one message with live buttons: the current question, or the guidance
page. When a newer one is sent, the older anchor loses its keyboard, so at most one set
of buttons is active and old ones are recognised as stale.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from html import escape
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, TelegramError

from bot.channels.telegram.delivery import HasId, Sent, deliver, with_retry
from bot.channels.telegram.render import (
    Screen,
    split_text,
    text_screen,
    view_screen,
    wire_keyboard,
)
from bot.conversation.views import (
    AnsweredCard,
    DocumentView,
    PlanCard,
    QuestionCard,
    Reply,
    StepCard,
    View,
)
from bot.knowledge.model import Lang
from bot.service import AdvisorService

__all__ = ["Chat", "with_retry"]

log = logging.getLogger(__name__)
LIVE = (QuestionCard, PlanCard, StepCard)
"""Views whose message becomes the anchor."""


class Chat:
    """One private chat with one user: sends screens and keeps the anchor in the store."""

    def __init__(self, bot: Bot, chat_id: int, user: str, service: AdvisorService) -> None:
        self.bot = bot
        self.chat_id = chat_id
        self.user = user
        self.service = service
        self.k = service.advisor.knowledge

    async def render(self, reply: Reply, pressed: int | None = None) -> None:
        """Show ``reply``; ``pressed`` is the message whose button was tapped (edited in
        place when the reply says so).

        A tap moves the live message on: the answered question is not kept as a message of
        its own but edited into the next question (or the summary), whose "so far" line
        shows the answers. One Bot API call a tap instead of two; Telegram counts every
        call naming a chat against the bot's ~30 messages/s. A typed answer or a command
        (the user's own message is now below the live one) gets a new message instead,
        the old one keeping its question and the answer."""
        anchor = reply.anchor
        lang = reply.lang or Lang.ZH_HANS
        if reply.slow:
            await self.typing()
        views = reply.views
        in_place = reply.in_place and pressed is not None
        old = anchor
        if reply.stale and pressed is not None and pressed == anchor:
            in_place = True  # an old keyboard of the live message: show it as it is now
        elif reply.stale or reply.forgot:
            await self.drop_keyboard(pressed if reply.stale else anchor)
            if pressed == anchor or reply.forgot:
                old = None
        if in_place and len(views) > 1 and isinstance(views[0], AnsweredCard):
            views = views[1:]  # the next screen shows the answer in its "so far" line
        new: int | None = None
        retired = False  # the anchor was edited into a screen without live buttons
        for index, view in enumerate(views):
            if isinstance(view, DocumentView):
                await self.send_document(view)
                continue
            screen = view_screen(view, self.k, lang)
            if isinstance(view, AnsweredCard):
                target = pressed if in_place else anchor
                if target is None or not await self.edit(target, screen):
                    await self.send(screen)
                if target == old:
                    old, retired = None, True  # its buttons went with the edit
                continue
            first = index == 0 and in_place and pressed is not None
            if first and pressed is not None and await self.edit(pressed, screen):
                if _live(view):
                    if old is not None and old != pressed:
                        await self.drop_keyboard(old)
                    old, new = pressed, pressed
                elif old == pressed:
                    old, retired = None, True
                continue
            message = await self.send(screen)
            if _live(view):
                if old is not None and old != message.message_id:
                    await self.drop_keyboard(old)
                old, new = message.message_id, message.message_id
        # The store already holds ``anchor`` (read at the start of this update, under the
        # user's lock): a tap that edits the live message into the next question keeps it,
        # and writing it again would cost a transaction an update for nothing.
        if new is not None and new != anchor:
            await self.service.set_anchor(self.user, new)
        elif retired and anchor is not None:
            await self.service.set_anchor(self.user, None)

    async def send(self, screen: Screen) -> HasId:
        """Send a screen (split if long; the keyboard goes on the last piece)."""
        pieces = split_text(screen.html)
        for piece in pieces[:-1]:
            await self._send_piece(piece, None)
        return await self._send_piece(pieces[-1], screen.keyboard)

    async def _send_piece(self, html: str, keyboard: InlineKeyboardMarkup | None) -> HasId:
        async def send() -> Sent:
            data = {"chat_id": self.chat_id, "text": html, "reply_markup": wire_keyboard(keyboard)}
            return Sent(int((await _call(self.bot, "sendMessage", data, text=True))["message_id"]))

        return await deliver(self.bot, self.chat_id, send, keyboard)

    async def send_document(self, document: DocumentView) -> None:
        """Send a file with its caption."""
        upload = InputFile(document.content, filename=document.filename)
        caption = escape(document.caption, False)
        await deliver(
            self.bot,
            self.chat_id,
            lambda: self.bot.send_document(self.chat_id, upload, caption=caption),
            None,
        )

    async def typing(self) -> None:
        """Show "typing…" (best effort: its failure must not stop the reply itself)."""
        try:
            await with_retry(
                lambda: self.bot.send_chat_action(self.chat_id, "typing"), repeatable=True
            )
        except TelegramError as exc:
            log.info("sendChatAction failed (%s); going on", type(exc).__name__)

    async def say(self, lang: Lang, text_key: str, **values: object) -> HasId:
        """Send one interface text (escaped) with no buttons."""
        return await self.send(text_screen(self.k.text(text_key, lang, **values)))

    async def edit(self, message_id: int, screen: Screen) -> bool:
        """Edit a message in place; False if it no longer exists (then send instead)."""
        data = {
            "chat_id": self.chat_id,
            "message_id": message_id,
            "text": screen.html,
            "reply_markup": wire_keyboard(screen.keyboard),
        }
        try:
            await with_retry(
                lambda: _call(self.bot, "editMessageText", dict(data), text=True),
                repeatable=True,
            )
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return True
            log.info("edit failed (%s); sending a new message instead", exc)
            return False
        return True

    async def drop_keyboard(self, message_id: int | None) -> None:
        """Remove the buttons of an older screen (best effort)."""
        if message_id is None:
            return
        data = {"chat_id": self.chat_id, "message_id": message_id}
        with suppress(BadRequest):  # already without buttons, or deleted by the user
            await with_retry(
                lambda: _call(self.bot, "editMessageReplyMarkup", dict(data)), repeatable=True
            )


def _live(view: View) -> bool:
    return isinstance(view, LIVE)


async def _call(bot: Bot, method: str, data: dict[str, Any], *, text: bool = False) -> Any:
    """A Bot API call whose reply stays JSON: only a sent message's id is ever read, and
    PTB's typed methods would build a whole ``Message`` (its chat, sender, entities and
    keyboard) from every reply (s5-cost: ~0.5 ms of CPU a call). Through ``Bot._post``,
    so the rate limiter and the error mapping are the same; the application's defaults
    (HTML, no link previews) are put in as the typed methods would."""
    defaults = getattr(bot, "defaults", None)
    if text and defaults is not None:
        data.setdefault("parse_mode", defaults.parse_mode)
        data.setdefault("link_preview_options", defaults.link_preview_options)
    return await bot._post(method, data)
