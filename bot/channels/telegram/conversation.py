"""The conversation handlers: commands, text, photos and button taps in private chats.

Each handler turns the update into an intent, lets the conversation answer it under the
user's lock and shows the reply; ``bot.conversation`` decides, ``Chat`` lays it out.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.channels.telegram.callbacks import Callback
from bot.channels.telegram.delivery import CURRENT, with_retry
from bot.channels.telegram.deps import deps, log_id, user_key, user_lang
from bot.channels.telegram.screens import Chat
from bot.conversation.intents import Command, Intent, Photo, Typed
from bot.conversation.views import Reply
from bot.ocr.image import MAX_IMAGE_BYTES

__all__ = [
    "COMMANDS",
    "on_button",
    "on_command",
    "on_photo",
    "on_text",
]

log = logging.getLogger(__name__)
TYPING_RENEW = 4.5
"""Seconds between "typing…" actions while a screenshot is being read."""
Context = ContextTypes.DEFAULT_TYPE
COMMANDS = (
    "start", "help", "restart", "lang", "check", "evidence", "reminders", "privacy", "forget",
)  # fmt: skip
"""The commands of the menu, in its order; each is answered by ``on_command``."""


async def _answer(update: Update, context: Context, intent: Intent) -> None:
    """Let the conversation answer ``intent`` and show its reply, under the user's lock."""
    chat_obj = update.effective_chat
    if chat_obj is None:
        return
    item = deps(context)
    service, user = item.ready(), user_key(update)
    chat = Chat(context.bot, chat_obj.id, user, service)
    query = update.callback_query
    pressed = query.message.message_id if query is not None and query.message else None

    typing: list[asyncio.Task[None]] = []

    async def progress(note: Reply) -> None:
        await chat.render(note)  # "正在识别…", after "typing…"
        typing.append(asyncio.create_task(_keep_typing(chat)))

    async with service.lock(user):
        delivery = CURRENT.get()
        origin = str(delivery.update_id) if delivery is not None else None
        try:
            reply = await item.conversation().handle(
                user, intent, user_lang(update), origin, progress
            )
        finally:
            for task in typing:
                task.cancel()
        if query is not None:
            await _answer_query(update, reply.toast)
        await chat.render(reply, pressed)


async def _keep_typing(chat: Chat) -> None:
    """Telegram shows "typing…" for about 5 s: renew it while a photo waits or is read."""
    while True:
        await asyncio.sleep(TYPING_RENEW)
        await chat.typing()


async def on_command(update: Update, context: Context) -> None:
    """Any command of the menu (``/start sms`` is the deep link asking for an SMS)."""
    message = update.effective_message
    if message is None or not message.text:
        return
    name = message.text.split()[0].lstrip("/").split("@")[0].lower()
    arg = context.args[0] if context.args else ""
    if name == "start":
        log.info("start user=%s", log_id(update))
    await _answer(update, context, Command(name, arg))


async def on_text(update: Update, context: Context) -> None:
    """Typed or pasted text, or a forwarded message."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    await _answer(update, context, Typed(message.text, message.forward_origin is not None))


async def on_photo(update: Update, context: Context) -> None:
    """A picture (a screenshot of an SMS, most likely): a photo or an image sent as a file.

    Refused by its ``file_size`` before any download when it is over the OCR limit;
    otherwise downloaded and handed to the conversation, which reads it.
    """
    message = update.effective_message
    if message is None:
        return
    await _answer(update, context, await _photo(message, context))


async def _photo(message: Message, context: Context) -> Photo:
    """The picture as an intent: its bytes, or why there are none."""
    if message.photo:
        largest = max(message.photo, key=lambda p: (p.file_size or 0, p.width * p.height))
        file_id, size = largest.file_id, largest.file_size
    elif message.document is not None:
        file_id, size = message.document.file_id, message.document.file_size
    else:  # pragma: no cover - the handler's filter lets only these through
        return Photo()
    if size is not None and size > MAX_IMAGE_BYTES:
        return Photo(too_large=True)
    if deps(context).reader is None:
        return Photo()  # nothing here reads pictures: ask for the text
    try:
        found = await with_retry(lambda: context.bot.get_file(file_id), repeatable=True)
        data = bytes(await with_retry(found.download_as_bytearray, repeatable=True))
    except TelegramError as exc:
        log.info("photo download failed (%s)", type(exc).__name__)
        return Photo()
    if len(data) > MAX_IMAGE_BYTES:
        return Photo(too_large=True)
    return Photo(data=data)


async def on_button(update: Update, context: Context) -> None:
    """Any inline button."""
    query = update.callback_query
    if query is None:
        return
    intent = Callback.intent(query.data, deps(context).knowledge.revision)
    await _answer(update, context, intent)


async def _answer_query(update: Update, text: str | None = None) -> None:
    query = update.callback_query
    if query is None:
        return
    try:
        await with_retry(lambda: query.answer(text))
    except Exception:  # noqa: BLE001 - a late answer must not stop the reply itself
        log.info("answerCallbackQuery failed for user=%s", log_id(update))
