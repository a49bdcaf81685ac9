"""Send and edit the advisor's screens in a chat, keeping the "anchor" message current.

The anchor is the one message with live buttons: the current question, or the guidance
page. When a newer screen is sent, the older anchor loses its keyboard, so at most one set
of buttons is active and old ones are recognised as stale.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from typing import Literal

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, TelegramError

from bot.channels.telegram.delivery import CURRENT, deliver, with_retry
from bot.channels.telegram.render import (
    Screen,
    guidance_screen,
    outcome_screen,
    question_screen,
    split_text,
    summary_screen,
    text_screen,
)
from bot.engine.advisor import Advisor
from bot.engine.session import Session
from bot.engine.views import outcome_view, question_view, step_view
from bot.knowledge.model import Lang
from bot.service import AdvisorService
from bot.storage.port import EvidenceRecord

__all__ = ["Chat", "with_retry"]

log = logging.getLogger(__name__)


class Chat:
    """One private chat with one user: sends screens and keeps the anchor in the store."""

    def __init__(self, bot: Bot, chat_id: int, user: str, service: AdvisorService) -> None:
        self.bot = bot
        self.chat_id = chat_id
        self.user = user
        self.service = service
        self.advisor: Advisor = service.advisor
        self.k = service.advisor.knowledge

    async def send(self, screen: Screen) -> Message:
        """Send a screen (split if long; the keyboard goes on the last piece)."""
        pieces = split_text(screen.html)
        for piece in pieces[:-1]:
            await self._send_piece(piece, None)
        return await self._send_piece(pieces[-1], screen.keyboard)

    async def _send_piece(self, html: str, keyboard: InlineKeyboardMarkup | None) -> Message:
        return await deliver(
            self.bot,
            self.chat_id,
            lambda: self.bot.send_message(self.chat_id, html, reply_markup=keyboard),
            keyboard,
        )

    async def typing(self) -> None:
        """Show "typing…" (best effort: its failure must not stop the reply itself)."""
        try:
            await with_retry(
                lambda: self.bot.send_chat_action(self.chat_id, "typing"), repeatable=True
            )
        except TelegramError as exc:
            log.info("sendChatAction failed (%s); going on", type(exc).__name__)

    async def keep(self, record: EvidenceRecord, index: int) -> int:
        """Keep one analyzed SMS for /evidence; answering the update again keeps it once."""
        delivery = CURRENT.get()
        origin = f"{delivery.update_id}:{index}" if delivery is not None else None
        return await self.service.add_evidence(self.user, record, origin=origin)

    async def say(self, lang: Lang, text_key: str, **values: object) -> Message:
        """Send one interface text (escaped) with no buttons."""
        return await self.send(text_screen(self.k.text(text_key, lang, **values)))

    async def edit(self, message_id: int, screen: Screen) -> bool:
        """Edit a message in place; False if it no longer exists (then send instead)."""
        try:
            await with_retry(
                lambda: self.bot.edit_message_text(
                    screen.html, self.chat_id, message_id, reply_markup=screen.keyboard
                ),
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
        with suppress(BadRequest):  # already without buttons, or deleted by the user
            await with_retry(
                lambda: self.bot.edit_message_reply_markup(self.chat_id, message_id),
                repeatable=True,
            )

    async def show(
        self, session: Session, prefix: str = "", *, old: int | None | Literal["stored"] = "stored"
    ) -> None:
        """Send the current screen as a new anchor: question, or outcome and guidance.

        ``old`` is the previous anchor, whose buttons are removed ("stored": look it up).
        """
        if old == "stored":
            old = await self.service.anchor(self.user)
        view = question_view(self.advisor, session)
        if view is not None:
            message = await self.send(question_screen(view, self.k, session.lang, prefix))
        else:
            if prefix:
                await self.send(Screen(prefix))  # already escaped HTML
            message = await self.send(self.guidance(session))
        await self.drop_keyboard(old if old != message.message_id else None)
        await self.service.set_anchor(self.user, message.message_id)

    async def show_outcome(self, session: Session) -> None:
        """The summary of causes (kept in the chat), then the guidance page as the anchor."""
        await self.typing()
        await self.send(outcome_screen(outcome_view(self.advisor, session)))
        message = await self.send(self.guidance(session))
        await self.service.set_anchor(self.user, message.message_id)

    def guidance(self, session: Session) -> Screen:
        """The guidance page for the session: its current step, or the step list."""
        lang = session.lang
        if session.step is not None:
            view = step_view(self.advisor, session, session.step)
            if view is not None:
                return guidance_screen(view, self.k, lang)
        return summary_screen(outcome_view(self.advisor, session), self.k, lang)
