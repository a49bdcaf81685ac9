"""Sending to Telegram safely: retry only what provably did not arrive, send each reply once.

``with_retry`` retries a Bot API call after a failure before the request left (connection
refused, connect or pool timeout). After anything else (a timeout, a reset, a 5xx) the
call may have been applied, so only ``repeatable`` calls (edits, chat actions) are retried
blindly. A 429 is not retried here: PTB's ``AIORateLimiter`` (``bot.channels.telegram.app``)
already waits ``retry_after`` and tries again; one that outlasts its retries fails the
attempt, and the inbox answers the update again later (a transient failure).

``deliver`` sends one message as part of answering an update (``Delivery``, set by the
inbox for the update being handled). Every message sent is recorded in the chat's journal;
when an update is answered again (after a crash or a failed attempt) the messages already
recorded are not sent again, and a send whose fate is unknown is looked for before it is
repeated: because a chat's updates are answered one at a time and every bot message is
recorded before the next is sent, a bot message newer than the newest recorded one can only
be that very send. ``editMessageReplyMarkup`` with the keyboard it should have finds it
(a user's message "can't be edited"; past the newest message it is "not found").
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

import httpx
from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.storage.port import InboxStore

__all__ = [
    "CURRENT",
    "Delivery",
    "HasId",
    "Sent",
    "deliver",
    "not_sent",
    "transient",
    "unreachable",
    "with_retry",
]

log = logging.getLogger(__name__)
T = TypeVar("T")
RETRIES = 2
PROBES = 6
"""Message ids after the newest recorded one to look at for a send of unknown fate."""
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def not_sent(exc: BaseException) -> bool:
    """True when the request provably never reached Telegram (so a retry cannot duplicate)."""
    if isinstance(exc, RetryAfter):
        return True
    if isinstance(exc, TimedOut) and "Pool timeout" in str(exc):
        return True
    return isinstance(exc.__cause__, _NEVER_SENT) or str(exc).startswith(
        tuple(f"httpx.{kind.__name__}" for kind in _NEVER_SENT)
    )


def transient(exc: BaseException | None) -> bool:
    """A failure that may pass on its own (network, 5xx, 429), worth answering again later."""
    return isinstance(exc, NetworkError | RetryAfter) and not isinstance(exc, BadRequest)


def unreachable(exc: BaseException | None) -> bool:
    """Telegram could not be reached at all (the request never left): nothing, not even
    an apology, can be sent until it is back, so an update is kept until then."""
    return isinstance(exc, NetworkError) and not_sent(exc)


async def with_retry(call: Callable[[], Awaitable[T]], *, repeatable: bool = False) -> T:
    """Run a Bot API call; retry never-sent failures, others only if ``repeatable``
    (429s are the rate limiter's)."""
    for attempt in range(RETRIES + 1):
        try:
            return await call()
        except BadRequest:
            raise
        except NetworkError as exc:  # TimedOut included
            if attempt == RETRIES or not (repeatable or not_sent(exc)):
                raise
            await asyncio.sleep(0.5 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass
class Delivery:
    """Answering one update in one chat: its journal, and how the attempt went."""

    store: InboxStore
    chat_key: str
    chat_id: int
    update_id: int
    floor: int = 0
    """Message ids up to this are known (recorded bot messages, the update's own message)."""
    sent: list[int] = field(default_factory=list)
    replay: bool = False
    position: int = 0
    final: bool = True
    """False while a failed attempt will be tried again (then the user is not told yet)."""
    failed: BaseException | None = None

    async def begin(self, user: str | None, own_message: int | None) -> None:
        """Open the journal (rolling the session back when this update is answered again)."""
        start = await self.store.journal_begin(self.chat_key, self.update_id, user)
        self.replay, self.sent, self.position = start.replay, list(start.sent), 0
        self.floor = max(start.last_msg or 0, own_message or 0, *self.sent, 0)

    async def record(self, message_id: int) -> None:
        self.sent.append(message_id)
        self.position = len(self.sent)
        self.floor = max(self.floor, message_id)
        await self.store.journal_sent(self.chat_key, message_id)

    def recorded(self) -> int | None:
        """The next send's message id when an earlier attempt already sent it."""
        if self.position < len(self.sent):
            self.position += 1
            return self.sent[self.position - 1]
        return None

    async def find(self, bot: Bot, keyboard: InlineKeyboardMarkup | None) -> int | None:
        """The bot message an interrupted send left in the chat, if there is one."""
        for message_id in range(self.floor + 1, self.floor + 1 + PROBES):
            try:
                await with_retry(
                    lambda m=message_id: bot.edit_message_reply_markup(  # type: ignore[misc]
                        self.chat_id, m, reply_markup=keyboard
                    ),
                    repeatable=True,
                )
            except BadRequest as exc:
                text = str(exc).lower()
                if "not modified" in text:
                    return message_id
                if "can't be edited" in text:
                    continue  # the user's own message
                return None  # not found: nothing past the newest message
            return message_id
        return None


CURRENT: ContextVar[Delivery | None] = ContextVar("paidoff_delivery", default=None)


class HasId(Protocol):
    """What a send gives back that is used: the message's id (a PTB ``Message`` has it)."""

    @property
    def message_id(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Sent:
    """A sent message by its id alone (Telegram's reply not parsed into a ``Message``)."""

    message_id: int


def _stub(chat_id: int, message_id: int) -> Sent:
    """A message sent by an earlier attempt (only its id is ever used)."""
    return Sent(message_id)


async def deliver(
    bot: Bot,
    chat_id: int,
    send: Callable[[], Awaitable[HasId]],
    keyboard: InlineKeyboardMarkup | None,
) -> HasId:
    """Send one message of an update's answer exactly once (see the module docstring)."""
    delivery = CURRENT.get()
    if delivery is None or delivery.chat_id != chat_id:
        return await with_retry(send)
    known = delivery.recorded()
    if known is not None:
        return _stub(chat_id, known)
    if delivery.replay:  # an earlier attempt may have been cut off during this very send
        delivery.replay = False
        found = await delivery.find(bot, keyboard)
        if found is not None:
            await delivery.record(found)
            return _stub(chat_id, found)
    for attempt in range(RETRIES + 1):
        try:
            message = await with_retry(send)
        except (BadRequest, RetryAfter):
            raise
        except NetworkError as exc:
            found = await delivery.find(bot, keyboard)
            if found is not None:
                log.info(
                    "a send of unknown fate had arrived (%s); not sending it again", _kind(exc)
                )
                await delivery.record(found)
                return _stub(chat_id, found)
            if attempt == RETRIES:
                raise
            await asyncio.sleep(0.5 * (attempt + 1))
            continue
        await delivery.record(message.message_id)
        return message
    raise AssertionError("unreachable")  # pragma: no cover


def _kind(exc: TelegramError) -> str:
    return type(exc).__name__
