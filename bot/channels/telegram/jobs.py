"""The reminder job: every few seconds, send the follow-ups and reminders that came due.

Reminders are rows in the store (``bot.storage.port.ReminderStore``), not JobQueue jobs,
so they survive a restart (even SIGKILL) and replicas share them: one repeating JobQueue
job per process calls ``bot.reminders.run_due``, which claims each due row for one caller.
What a reminder says is the conversation's (``Conversation.followups.due``); this module
only finds the chat and shows it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from telegram.error import BadRequest, Forbidden, NetworkError
from telegram.ext import Application, ContextTypes

from bot.channels.telegram.delivery import unreachable
from bot.channels.telegram.deps import DEPS_KEY, Deps
from bot.channels.telegram.inbox import INBOX_KEY, Inbox
from bot.channels.telegram.screens import Chat
from bot.reminders import Reminder, run_due
from bot.reminders.runner import Postponed
from bot.storage.scope import lead_jobs, quiet

__all__ = ["PREFIX", "schedule_reminders", "send_due"]

log = logging.getLogger(__name__)
PREFIX = "tg:"
"""Store keys of Telegram users (``tg:<user id>``; a private chat's id is the user's)."""
_GONE = ("chat not found", "user is deactivated", "bot was blocked")
WAIT_FOR_CHAT = 5.0
"""Seconds a reminder waits for the chat's updates to be answered before it is left to
the next claim (after the lease)."""


class ChatBusy(Postponed):
    """The chat's updates are still being answered (perhaps kept while Telegram cannot be
    reached): the reminder is sent later, the others go on."""

    rest = False


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
    if not await lead_jobs(service.store):  # another replica runs the jobs (issue 12)
        return
    inbox = context.bot_data.get(INBOX_KEY)

    async def send(reminder: Reminder) -> None:
        if isinstance(inbox, Inbox):
            await _quiet(inbox, reminder.user)
        chat_id = reminder.user.removeprefix(PREFIX)
        if not chat_id.lstrip("-").isdigit():
            return  # not a chat this bot can write to: retired unsent
        chat = Chat(context.bot, int(chat_id), reminder.user, service)
        # Not in the middle of the user's update, here or on another replica.
        async with quiet(service.store, reminder.user), service.lock(reminder.user):
            if not any(r.id == reminder.id for r in await service.reminders(reminder.user)):
                return  # cancelled or /forget while it waited for the chat: not sent
            reply = await item.conversation().followups.due(reminder)
            try:
                await chat.render(reply)
            except NetworkError as exc:
                if unreachable(exc):  # kept until Telegram is back, like an update
                    raise Postponed from exc
                raise
            except Forbidden:
                log.info("a %s reminder's user blocked the bot; dropped", reminder.kind.value)
            except BadRequest as exc:
                if not any(gone in str(exc).lower() for gone in _GONE):
                    raise
                log.info("a %s reminder's chat is gone; dropped", reminder.kind.value)

    sent = await run_due(service.store, service.clock(), send, prefix=PREFIX)
    if sent:
        log.info("sent %d reminder(s)", sent)


async def _quiet(inbox: Inbox, key: str) -> None:
    """Wait until no update of the chat is waiting or being answered.

    An update answered again after a crash looks for a message of unknown fate just past
    the newest one it recorded: a reminder sent into the chat meanwhile would be taken for
    it. At start every pending update is queued before this job first runs.
    """
    waited = 0.0
    while inbox.answering(key):
        if waited >= WAIT_FOR_CHAT:
            raise ChatBusy
        await asyncio.sleep(0.1)
        waited += 0.1
