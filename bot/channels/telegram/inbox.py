"""Durable receipt and fair per-chat answering of Telegram updates.

Telegram forgets an update once the next ``getUpdates`` asks past it (or once a webhook
call got its 200). PTB's updater puts each fetched update into ``update_queue`` before it
asks again, so ``InboxQueue.put`` is the confirmation point: it records the update in the
database (``Inbox.receive``) before returning. A recorded update is marked done only after
its replies are sent; at start-up everything still pending is answered first. A crash
(SIGKILL, OOM) therefore loses no update Telegram considers delivered.

Answering: one queue per chat, one update of a chat at a time (in order), and at most
``slots`` chats at once, taken in turn (a FIFO semaphore), so one user's slow work or
backlog never stalls the others. An attempt that fails on a transient error (network,
5xx, 429) is tried again after a pause, replaying from the session as it was before (see
``bot.channels.telegram.delivery``); while Telegram cannot be reached at all it is kept
and tried again at the last pause until it can (telling the user could not work either).

Each attempt runs in the store's update scope (``bot.storage.scope``): on PostgreSQL one
transaction under the chat's advisory lock, so replicas sharing the database answer a
chat one update at a time too, and an update already applied (by this replica or
another) is not applied again. A webhook answers Telegram only once its update is
answered (``Inbox.submit``): Telegram sends a chat's next update only after that, so no
update of a chat can overtake an earlier one on another replica.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Bot, Update

from bot.channels.telegram.delivery import CURRENT, Delivery, transient, unreachable
from bot.storage.port import InboxStore
from bot.storage.scope import applying

__all__ = ["INBOX_KEY", "Inbox", "InboxQueue", "chat_key"]

log = logging.getLogger(__name__)
INBOX_KEY = "paidoff_inbox"
"""Where the application keeps its Inbox in ``bot_data`` (webhook code and tests use it)."""
Handler = Callable[[Update], Awaitable[None]]
RETRY_DELAYS = (1.0, 3.0, 10.0)
"""Pauses before answering an update again after a transient failure; then it is given up,
unless Telegram cannot be reached at all: then the last pause repeats until it can."""


def chat_key(update: Update) -> str:
    """The key of the conversation an update belongs to: ``tg:<user>`` in a private chat
    (the session key too), ``tgchat:<id>`` for any other chat."""
    chat, user = update.effective_chat, update.effective_user
    if chat is not None and chat.type != chat.PRIVATE:
        return f"tgchat:{chat.id}"
    if user is not None:
        return f"tg:{user.id}"
    return f"tgchat:{chat.id if chat else 0}"


class Inbox:
    """Records updates, answers them per chat in order and fairly, replays the pending."""

    def __init__(self, slots: int = 8, retry_delays: tuple[float, ...] = RETRY_DELAYS) -> None:
        self.retry_delays = retry_delays
        self._slots = asyncio.Semaphore(slots)
        self._queues: dict[str, deque[Update]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._answered: dict[int, asyncio.Future[bool]] = {}
        """Per queued update id: resolved once it is answered (True) or given up (False)."""
        self._store: InboxStore | None = None
        self._handle: Handler | None = None
        self._bot: Bot | None = None
        self._idle = asyncio.Event()
        self._idle.set()

    async def start(self, store: InboxStore, bot: Bot, handle: Handler) -> int:
        """Attach the store and handler, and queue every update still pending; returns how many."""
        self._store, self._bot, self._handle = store, bot, handle
        pending = await store.inbox_pending()
        for _, data in pending:
            update = Update.de_json(json.loads(data), bot)
            if update is not None:
                self._enqueue(update)
        if pending:
            log.info("answering %d updates received before the last stop", len(pending))
        return len(pending)

    async def receive(self, update: Update) -> bool:
        """Record ``update`` and queue it; False (and nothing queued) for an id seen before.

        This is the one deduplication by ``update_id``, for polling and webhooks alike.
        """
        store = self._require()
        data = json.dumps(update.to_dict(), ensure_ascii=False, separators=(",", ":"))
        if not await store.inbox_add(update.update_id, chat_key(update), data, time.time()):
            log.debug("update %d was already received; ignored", update.update_id)
            return False
        self._enqueue(update)
        return True

    async def submit(self, update: Update) -> bool:
        """Record ``update``, answer it here and return once it is answered (the webhook).

        An update recorded before is answered here too unless it was applied: its first
        receiver may have died, and the update scope makes applying it happen once. True
        when answered (or already applied); False when it could not be (the process is
        stopping, or the store kept failing): Telegram should send it again.
        """
        store = self._require()
        data = json.dumps(update.to_dict(), ensure_ascii=False, separators=(",", ":"))
        if not await store.inbox_add(update.update_id, chat_key(update), data, time.time()):
            log.debug(
                "update %d was received before; answering it unless applied", update.update_id
            )
        answered = self._answered.get(update.update_id)
        if answered is None:
            answered = self._enqueue(update)
        return await asyncio.shield(answered)

    def answering(self, key: str) -> bool:
        """True while updates of chat ``key`` wait or are being answered (s5-follow: the
        reminder job does not write into a chat whose update is being replayed)."""
        return key in self._workers

    async def wait_idle(self) -> None:
        """Until every queued update is answered (tests; draining at shutdown)."""
        await self._idle.wait()

    async def stop(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109 - a bounded drain
        """Let queued updates finish for up to ``timeout`` s; the rest stay pending in the DB."""
        try:
            if not self._idle.is_set():
                await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            log.warning(
                "stopping with %d chats still queued; they resume at start", len(self._workers)
            )
        for task in list(self._workers.values()):
            task.cancel()
        await asyncio.gather(*self._workers.values(), return_exceptions=True)
        self._workers.clear()
        self._queues.clear()
        for waiting in self._answered.values():
            if not waiting.done():
                waiting.set_result(False)  # still pending in the store: sent again later
        self._answered.clear()
        self._idle.set()

    def _require(self) -> InboxStore:
        if self._store is None:
            raise RuntimeError("the inbox is not started")
        return self._store

    def _enqueue(self, update: Update) -> asyncio.Future[bool]:
        key = chat_key(update)
        self._queues.setdefault(key, deque()).append(update)
        answered = self._answered.get(update.update_id)
        if answered is None:
            answered = self._answered[update.update_id] = (
                asyncio.get_running_loop().create_future()
            )
        if key not in self._workers:
            self._idle.clear()
            self._workers[key] = asyncio.create_task(self._run(key), name=f"inbox:{key}")
        return answered

    async def _run(self, key: str) -> None:
        queue = self._queues[key]
        try:
            while queue:
                update = queue[0]
                answered = False
                attempt = 0
                while True:  # the last pause repeats while Telegram cannot be reached
                    final = attempt >= len(self.retry_delays)
                    try:
                        async with self._slots:
                            ok = answered = await self._answer(key, update, final=final)
                    except Exception:  # the store failed: it stays pending for the next start
                        log.exception("could not answer update %d", update.update_id)
                        ok = final
                    if ok:
                        break
                    delays = self.retry_delays or (1.0,)
                    await asyncio.sleep(delays[min(attempt, len(delays) - 1)])
                    attempt += 1
                queue.popleft()
                waiting = self._answered.pop(update.update_id, None)
                if waiting is not None and not waiting.done():
                    waiting.set_result(answered)
        finally:
            self._workers.pop(key, None)
            if not queue:
                self._queues.pop(key, None)
            if not self._workers:
                self._idle.set()

    async def _answer(self, key: str, update: Update, *, final: bool) -> bool:
        """One attempt; False when it failed transiently and should be tried again."""
        store, handle = self._require(), self._handle
        assert handle is not None
        chat = update.effective_chat
        delivery = Delivery(store, key, chat.id if chat else 0, update.update_id, final=final)
        message = update.effective_message
        private = key.startswith("tg:")
        own = message.message_id if message is not None and update.callback_query is None else None
        user = key if private else None
        async with applying(store, key, user, update.update_id) as scope:
            if scope.applied_before:
                log.info("update %d was applied before; not again", update.update_id)
                return True
            token = CURRENT.set(delivery)
            try:
                await delivery.begin(user, own)
                await handle(update)
            finally:
                CURRENT.reset(token)
            if transient(delivery.failed) and (not final or unreachable(delivery.failed)):
                log.info(
                    "update %d failed (%s); trying again", update.update_id, _name(delivery.failed)
                )
                scope.keep = False  # rolled back where the store can; replayed from before
                return False
        return True  # kept: marked applied (and done in the inbox) with its effects


def _name(exc: BaseException | None) -> str:
    return type(exc).__name__ if exc is not None else "-"


class InboxQueue(asyncio.Queue[Any]):
    """PTB's ``update_queue`` with the inbox behind it: an update is recorded before
    ``put`` returns (so before polling confirms it, or a webhook answers 200)."""

    def __init__(self, inbox: Inbox) -> None:
        super().__init__()
        self.inbox = inbox

    async def put(self, item: Any) -> None:
        """Record and queue an update; anything else (PTB's stop signal) goes through."""
        if isinstance(item, Update):
            await self.inbox.receive(item)
            return
        await super().put(item)
