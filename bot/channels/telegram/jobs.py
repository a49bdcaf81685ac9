"""The reminder job: every few seconds, send the follow-ups and reminders that came due.

Reminders are rows in the store (``bot.storage.port.ReminderStore``), not JobQueue jobs,
so they survive a restart (even SIGKILL) and replicas share them: one repeating JobQueue
job per process calls ``bot.reminders.run_due``, which claims each due row for one caller.
What a reminder says is the conversation's (``Conversation.followups.due``); this module
only finds the chat and shows it.
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram.error import BadRequest, Forbidden
from telegram.ext import Application, ContextTypes

from bot.channels.telegram.deps import DEPS_KEY, Deps
from bot.channels.telegram.screens import Chat
from bot.reminders import Reminder, run_due

__all__ = ["PREFIX", "schedule_reminders", "send_due"]

log = logging.getLogger(__name__)
PREFIX = "tg:"
"""Store keys of Telegram users (``tg:<user id>``; a private chat's id is the user's)."""
_GONE = ("chat not found", "user is deactivated", "bot was blocked")


def schedule_reminders(app: Application, interval: float) -> None:  # type: ignore[type-arg]
    """Run ``send_due`` every ``interval`` seconds (``PAIDOFF_JOB_INTERVAL``)."""
    if app.job_queue is None:  # pragma: no cover - PTB is installed with its job-queue extra
        log.warning("no JobQueue: reminders will not be sent")
        return
    app.job_queue.run_repeating(
        send_due, interval=dt.timedelta(seconds=interval), first=0.0, name="reminders"
    )


async def send_due(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The job: send every reminder due now to its Telegram chat."""
    item = context.bot_data.get(DEPS_KEY)
    if not isinstance(item, Deps) or item.service is None:
        return
    service = item.service

    async def send(reminder: Reminder) -> None:
        chat_id = reminder.user.removeprefix(PREFIX)
        if not chat_id.lstrip("-").isdigit():
            return  # not a chat this bot can write to: retired unsent
        chat = Chat(context.bot, int(chat_id), reminder.user, service)
        async with service.lock(reminder.user):  # not in the middle of the user's update
            reply = await item.conversation().followups.due(reminder)
            try:
                await chat.render(reply)
            except Forbidden:
                log.info("a %s reminder's user blocked the bot; dropped", reminder.kind.value)
            except BadRequest as exc:
                if not any(gone in str(exc).lower() for gone in _GONE):
                    raise
                log.info("a %s reminder's chat is gone; dropped", reminder.kind.value)

    sent = await run_due(service.store, service.clock(), send, prefix=PREFIX)
    if sent:
        log.info("sent %d reminder(s)", sent)
