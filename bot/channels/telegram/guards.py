"""Handlers around the conversation: flood control, groups, non-text input, edits, errors."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from contextlib import suppress
from html import escape

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.channels.telegram.delivery import (
    CURRENT,
    deliver,
    transient,
    unreachable,
    with_retry,
)
from bot.channels.telegram.deps import deps, log_id, user_key, user_lang
from bot.knowledge.base import Knowledge
from bot.knowledge.model import Lang

__all__ = [
    "FloodGuard",
    "on_edited",
    "on_error",
    "on_group",
    "on_unsupported",
    "reset_notice",
]

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE


class FloodGuard:
    """Per-user flood control: beyond ``limit`` updates in ``window`` seconds, drop them.

    Runs first (handler group -1), so a flood costs a few microseconds per update and
    never reaches the store or the engine; the user is told once per window. An update
    counts once: the inbox answering it again after a failed attempt (Telegram out of
    reach) is the same message, not one more.
    """

    def __init__(self, limit: int = 20, window: float = 10.0) -> None:
        self.limit = limit
        self.window = window
        self._seen: dict[int, deque[tuple[float, int]]] = {}
        self._warned: dict[int, float] = {}

    async def __call__(self, update: Update, context: Context) -> None:
        user = update.effective_user
        if user is None:
            return
        now = time.monotonic()
        self._prune(now)
        seen = self._seen.setdefault(user.id, deque())
        while seen and seen[0][0] < now - self.window:
            seen.popleft()
        if any(update_id == update.update_id for _, update_id in seen):
            return  # an attempt again at an update already let through
        if len(seen) < self.limit:
            seen.append((now, update.update_id))
            return
        if self._warned.get(user.id, 0.0) < now - self.window and update.effective_chat:
            self._warned[user.id] = now
            log.warning("flood: dropping updates from user=%s", log_id(update))
            text = escape(deps(context).knowledge.text("slow_down", user_lang(update)), False)
            chat_id = update.effective_chat.id
            await deliver(
                context.bot, chat_id, lambda: context.bot.send_message(chat_id, text), None
            )
        if update.callback_query is not None:
            with suppress(TelegramError):  # stop the spinner on the tapped button
                await update.callback_query.answer()
        raise ApplicationHandlerStop

    def _prune(self, now: float) -> None:
        # Forget users quiet for a whole window, so no per-user state outlives its use.
        if len(self._seen) < 1024:
            return
        old = [u for u, seen in self._seen.items() if not seen or seen[-1][0] < now - self.window]
        for user_id in old:
            self._seen.pop(user_id, None)
            self._warned.pop(user_id, None)


async def on_group(update: Update, context: Context) -> None:
    """In a group, answer only commands and mentions: invite to a private chat, store nothing."""
    message = update.effective_message
    if message is None or update.effective_chat is None:
        return
    text = message.text or ""
    username = context.bot.username
    mentioned = bool(username) and f"@{username}".lower() in text.lower()
    if not (text.startswith("/") or mentioned):
        return
    k, lang = deps(context).knowledge, user_lang(update)
    button = InlineKeyboardButton(
        k.text("group_button", lang), url=f"https://t.me/{username}?start=from_group"
    )
    keyboard = InlineKeyboardMarkup([[button]])
    await deliver(
        context.bot,
        message.chat_id,
        lambda: message.reply_text(
            escape(k.text("group_invite", lang), False), reply_markup=keyboard
        ),
        keyboard,
    )


async def _tell(update: Update, context: Context, key: str) -> None:
    """Send one interface text in a private chat, in the user's language."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return
    session, _ = await deps(context).ready().load(user_key(update), user_lang(update))
    text = deps(context).knowledge.text(key, session.lang)
    await deliver(
        context.bot, chat.id, lambda: context.bot.send_message(chat.id, escape(text, False)), None
    )


async def on_unsupported(update: Update, context: Context) -> None:
    """Stickers, photos, voice and other non-text messages: say what works."""
    await _tell(update, context, "unsupported")


async def on_edited(update: Update, context: Context) -> None:
    """An edited message: the original was already used; say how to correct it."""
    await _tell(update, context, "edited")


def reset_notice(bot: Bot, k: Knowledge) -> Callable[[str, Lang], Awaitable[None]]:
    """What the service calls when a user's saved session was unreadable and was reset."""

    async def tell(user: str, lang: Lang) -> None:
        if not user.startswith("tg:") or not user[3:].lstrip("-").isdigit():
            return
        text = escape(k.text("session_reset", lang), False)
        try:
            await with_retry(lambda: bot.send_message(int(user[3:]), text))
        except TelegramError:
            log.warning("could not tell a user that their session was reset")

    return tell


async def on_error(update: object, context: Context) -> None:
    """Log the failure (never the message text) and tell the user, unless it is retried.

    A transient failure (network, 5xx, 429) while the inbox will answer the update again
    is logged in one line and not shown: the next attempt replays it from the state before.
    So is Telegram being unreachable, even on the last attempt: the inbox keeps the update.
    """
    tag = log_id(update) if isinstance(update, Update) else "-"
    delivery = CURRENT.get()
    if delivery is not None:
        delivery.failed = context.error
        if transient(context.error) and (not delivery.final or unreachable(context.error)):
            log.warning("transient failure for user=%s: %r", tag, context.error)
            return
    log.error("error while handling an update for user=%s", tag, exc_info=context.error)
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is None:
        return
    try:
        text = escape(deps(context).knowledge.text("error", user_lang(update)), False)  # type: ignore[arg-type]
        await deliver(context.bot, chat.id, lambda: context.bot.send_message(chat.id, text), None)
    except Exception:  # noqa: BLE001 - the error handler must never raise
        log.warning("could not tell user=%s about the error", tag)
