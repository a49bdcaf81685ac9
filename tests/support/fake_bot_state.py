"""State, fault plan and waiting primitives of the fake Telegram Bot API (base of FakeBotApi).

Everything here is guarded by one re-entrant lock with a ``threading.Condition`` on it, so the
HTTP server threads, the in-process request's worker threads and the test body can all touch
the same state.  Readers return frozen snapshots, never live objects.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import threading
import time
from collections.abc import Callable
from typing import Any, Self, TypeVar

from tests.support.bot_api_wire import JSONDict
from tests.support.fake_bot_models import (
    DEFAULT_TOKEN,
    CallbackQueryView,
    Fault,
    MessageView,
    RecordedCall,
    SentFile,
    StoredFile,
    StoredMessage,
    scope_key,
)
from tests.support.telegram_rules import DEFAULT_UPDATE_TYPES, inline_buttons

T = TypeVar("T")


class FakeBotState:
    """Locked state of the fake Bot API plus the test-side readers, faults and waits."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "paid_off_advisor_bot",
        bot_name: str = "Paid-Off Advisor",
    ) -> None:
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self.token = token
        bot_id = token.split(":", 1)[0]
        self.bot_user: JSONDict = {
            "id": int(bot_id) if bot_id.isdigit() else 1, "is_bot": True,
            "first_name": bot_name, "username": bot_username, "can_join_groups": True,
            "can_read_all_group_messages": False, "supports_inline_queries": False,
            "can_connect_to_business": False, "has_main_web_app": False,
        }  # fmt: skip
        self._chats: dict[int, JSONDict] = {}
        self._users: dict[int, JSONDict] = {}
        self._blocked: set[int] = set()
        self._messages: dict[int, dict[int, StoredMessage]] = {}
        self._updates: list[JSONDict] = []
        self._next_update_id = 1
        self._calls: list[RecordedCall] = []
        self._faults: dict[str, list[Fault]] = {}
        self._queries: dict[str, CallbackQueryView] = {}
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._actions: list[tuple[int, str, float]] = []
        self._files: dict[str, StoredFile] = {}
        self._sent_files: list[SentFile] = []
        self.downloads: list[str] = []
        """File paths served by ``/file/bot<token>/<path>``, in order."""
        self._webhook: JSONDict | None = None
        self._allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self._poll_generation = 0
        self._release_epoch = 0
        self._waiting_polls = 0
        self._listeners: set[Callable[[], None]] = set()
        self._ids = itertools.count(1)
        self._started = time.monotonic()

    # ----------------------------------------------------------------- internals
    def _changed(self) -> None:
        """Wake long-polls and waiters; call with the lock held."""
        self._cond.notify_all()
        for listener in list(self._listeners):
            listener()

    def wake(self) -> None:
        """Re-evaluate every waiting long-poll/wait_for (e.g. after a client gave up)."""
        with self._cond:
            self._changed()

    def release_waiters(self) -> None:
        """Make every long-poll in progress return ``[]`` now (used on server shutdown)."""
        with self._cond:
            self._release_epoch += 1
            self._changed()

    def _next_message_id(self, chat_id: int) -> int:
        chat = self._messages.setdefault(chat_id, {})
        return max(chat, default=0) + 1

    def _store(self, message: StoredMessage) -> StoredMessage:
        self._messages.setdefault(message.chat_id, {})[message.message_id] = message
        return message

    def _new_file(self, kind: str, content: bytes | None, ext: str, **kw: Any) -> StoredFile:
        n = next(self._ids)
        stored = StoredFile(
            f"{kind[:2].upper()}ACAgFake{n:06d}",
            f"AgADFake{n:06d}",
            f"{kind}s/file_{n}.{ext}",
            content,
            **kw,
        )
        self._files[stored.file_id] = stored
        return stored

    def _record(self, call: RecordedCall) -> None:
        with self._cond:
            self._calls.append(call)
            self._changed()

    # ------------------------------------------------------------------- readers
    def messages(
        self, chat_id: int, *, include_user: bool = False, include_deleted: bool = False
    ) -> list[MessageView]:
        """Current state of the bot's messages in a chat (optionally the user's too), by id."""
        with self._lock:
            stored = self._messages.get(chat_id, {})
            return [
                m.view() for _, m in sorted(stored.items())
                if (include_user or m.from_bot) and (include_deleted or not m.deleted)
            ]  # fmt: skip

    def last_message(self, chat_id: int) -> MessageView | None:
        """The bot's newest not-deleted message in the chat, or None."""
        found = self.messages(chat_id)
        return found[-1] if found else None

    def message(self, chat_id: int, message_id: int) -> MessageView:
        """One message (bot's or user's) by id; KeyError if it never existed."""
        with self._lock:
            return self._messages[chat_id][message_id].view()

    def calls(self, method: str | None = None) -> list[RecordedCall]:
        """Recorded calls, oldest first; ``method`` is matched case-insensitively."""
        with self._lock:
            if method is None:
                return list(self._calls)
            return [c for c in self._calls if c.method.lower() == method.lower()]

    def callback_queries(self) -> list[CallbackQueryView]:
        """Every callback query issued by ``user_presses``, with the bot's answer if any."""
        with self._lock:
            return list(self._queries.values())

    def commands(self, *, scope: Any = None, language_code: str = "") -> list[tuple[str, str]]:
        """Commands set for exactly this scope and language: [(command, description)]."""
        with self._lock:
            stored = self._commands.get((scope_key(scope), language_code), [])
            return [(c["command"], c["description"]) for c in stored]

    def chat_actions(self, chat_id: int | None = None) -> list[str]:
        """Chat actions (``typing``...) the bot sent, oldest first."""
        with self._lock:
            return [a for c, a, _ in self._actions if chat_id is None or c == chat_id]

    def documents(self, chat_id: int | None = None) -> list[SentFile]:
        """Documents and photos the bot sent, with their bytes."""
        with self._lock:
            return [f for f in self._sent_files if chat_id is None or f.chat_id == chat_id]

    def pending_updates(self) -> list[JSONDict]:
        """Updates not yet confirmed by a getUpdates offset."""
        with self._lock:
            return copy.deepcopy(self._updates)

    def last_update(self) -> JSONDict:
        """The newest update (a copy), without copying every unconfirmed one (benchmarks)."""
        with self._lock:
            return copy.deepcopy(self._updates[-1])

    def calls_since(self, start: int) -> list[RecordedCall]:
        """Recorded calls from number ``start`` on (``len(calls())`` taken before)."""
        with self._lock:
            return self._calls[start:]

    @property
    def call_count(self) -> int:
        """How many calls were recorded so far."""
        with self._lock:
            return len(self._calls)

    @property
    def waiting_polls(self) -> int:
        """getUpdates calls in progress (``wait_for(lambda a: a.waiting_polls)`` = bot polls)."""
        with self._lock:
            return self._waiting_polls

    @property
    def webhook_url(self) -> str:
        """The URL set by setWebhook, or ``""``."""
        with self._lock:
            return str(self._webhook["url"]) if self._webhook else ""

    def dump(self, limit: int = 15) -> str:
        """Human-readable summary of recent calls and every chat, for assertion messages."""
        with self._lock:
            lines = [f"last {min(limit, len(self._calls))} of {len(self._calls)} calls:"]
            for c in self._calls[-limit:]:
                params = json.dumps(c.params, ensure_ascii=False, default=str)
                outcome = c.description or "ok"
                lines.append(
                    f"  +{c.time - self._started:7.3f}s {c.method} [{c.status}] "
                    f"{outcome[:60]} {params[:160]}"
                )
            lines.append(f"pending updates: {len(self._updates)}")
            for chat_id, stored in self._messages.items():
                lines.append(f"chat {chat_id}:")
                for m in list(stored.values())[-8:]:
                    who = "bot " if m.from_bot else "user"
                    flags = f" edits={m.edit_count}" + (" DELETED" if m.deleted else "")
                    lines.append(
                        f"  #{m.message_id} {who}{flags}: {m.parsed.text[:100]!r} "
                        f"{inline_buttons(m.markup) or ''}"
                    )
            return "\n".join(lines)

    # -------------------------------------------------------------------- faults
    def inject(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int | None = None,
        times: int = 1,
        description: str | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (``"*"`` = any) with an error.

        429 carries ``"parameters": {"retry_after": N}`` like Telegram (N defaults to 1, since
        PTB only raises RetryAfter for a non-zero value).  The call has no effect.
        """
        if status == 429:
            retry_after = 1 if retry_after is None else retry_after
            description = description or f"Too Many Requests: retry after {retry_after}"
        default = {500: "Internal Server Error", 502: "Bad Gateway", 403: "Forbidden"}
        fault = Fault(
            "error",
            times,
            status=status,
            retry_after=retry_after,
            description=description or default.get(status, f"Error {status}"),
        )
        self._add_fault(method, fault)

    def delay(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Hold the next ``times`` calls for ``seconds`` before processing (they still apply)."""
        self._add_fault(method, Fault("delay", times, seconds=seconds))

    def drop(self, method: str, *, times: int = 1) -> None:
        """Close the connection of the next ``times`` calls without answering (no effect)."""
        self._add_fault(method, Fault("drop", times))

    def reset(self, method: str, *, times: int = 1) -> None:
        """Apply the next ``times`` calls, then close the connection without answering: the
        request arrived and took effect, but the client only sees a dropped connection."""
        self._add_fault(method, Fault("reset", times))

    def refuse(self, method: str, *, times: int = 1) -> None:
        """Refuse the connection of the next ``times`` calls: they never reach the API (the
        in-process request raises PTB's NetworkError from ``httpx.ConnectError``; over
        HTTP the connection is closed unanswered)."""
        self._add_fault(method, Fault("refuse", times))

    def faults_left(self, method: str) -> int:
        """How many planned faults of ``method`` have not been met yet.

        A ``delay`` is met when the call arrives, so ``faults_left(m) == 0`` after
        ``delay(m, s)`` means that call is being held right now.
        """
        with self._lock:
            return sum(f.remaining for f in self._faults.get(method.lower(), []))

    def clear_faults(self) -> None:
        """Forget every planned fault."""
        with self._lock:
            self._faults.clear()

    def _add_fault(self, method: str, fault: Fault) -> None:
        if fault.remaining < 1:
            raise ValueError("times must be >= 1")
        with self._lock:
            self._faults.setdefault(method.lower(), []).append(fault)

    def _take_fault(self, method: str) -> Fault | None:
        with self._lock:
            for key in (method.lower(), "*"):
                planned = self._faults.get(key)
                if planned:
                    fault = planned[0]
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        planned.pop(0)
                    return fault
            return None

    # ------------------------------------------------------------------- waiting
    def wait_for(
        self, predicate: Callable[[Self], T | None], timeout: float = 5.0, what: str = ""
    ) -> T:
        """Block until ``predicate(api)`` is truthy and return its value.

        The predicate runs under the state lock, so it may call the readers.  Do not call
        this from a coroutine whose event loop also runs the bot: use ``async_wait_for``.

        Raises:
            AssertionError: on timeout, with a dump of recent calls and chats.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while not (value := predicate(self)):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    report = self._timeout_report(what or repr(predicate), timeout, True)
                    raise AssertionError(report)
                self._cond.wait(remaining)
            return value

    async def async_wait_for(
        self,
        predicate: Callable[[Self], T | None],
        timeout: float = 5.0,  # noqa: ASYNC109 - on expiry we raise a diagnostic AssertionError
        what: str = "",
    ) -> T:
        """``wait_for`` for coroutines: yields to the event loop while waiting."""
        loop = asyncio.get_running_loop()
        event = asyncio.Event()

        def wake() -> None:
            with contextlib.suppress(RuntimeError):  # loop already closed
                loop.call_soon_threadsafe(event.set)

        with self._lock:
            self._listeners.add(wake)
        try:
            deadline = loop.time() + timeout
            while True:
                event.clear()
                with self._lock:
                    value = predicate(self)
                if value:
                    return value
                remaining = deadline - loop.time()
                if remaining <= 0:
                    report = self._timeout_report(what or repr(predicate), timeout, False)
                    raise AssertionError(report)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), remaining)
        finally:
            with self._lock:
                self._listeners.discard(wake)

    def _reply_predicate(
        self, chat_id: int, after_message_id: int | None
    ) -> Callable[[Self], MessageView | None]:
        with self._lock:
            if after_message_id is None:
                users = [i for i, m in self._messages.get(chat_id, {}).items() if not m.from_bot]
                after_message_id = max(users, default=0)
        anchor = after_message_id

        def newer(api: Self) -> MessageView | None:
            found = [m for m in api.messages(chat_id) if m.message_id > anchor]
            return found[0] if found else None

        return newer

    def wait_for_reply(
        self, chat_id: int, after_message_id: int | None = None, timeout: float = 5.0
    ) -> MessageView:
        """Block until the bot sends a message in ``chat_id`` newer than ``after_message_id``
        (default: the user's latest message there) and return the first such message."""
        what = f"a bot message in chat {chat_id} after #{after_message_id or 'last user msg'}"
        return self.wait_for(self._reply_predicate(chat_id, after_message_id), timeout, what)

    async def async_wait_for_reply(
        self,
        chat_id: int,
        after_message_id: int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - see async_wait_for
    ) -> MessageView:
        """``wait_for_reply`` for coroutines (use when the bot runs in the same event loop)."""
        what = f"a bot message in chat {chat_id} after #{after_message_id or 'last user msg'}"
        predicate = self._reply_predicate(chat_id, after_message_id)
        return await self.async_wait_for(predicate, timeout, what)

    def _timeout_report(self, what: str, timeout: float, blocking: bool) -> str:
        hint = ""
        with contextlib.suppress(RuntimeError):
            if blocking and asyncio.get_running_loop():
                hint = (
                    "\n(hint: a blocking wait ran inside an event loop; if the bot runs in "
                    "this loop use `await api.async_wait_for(...)`)"
                )
        return f"timed out after {timeout}s waiting for {what}{hint}\n{self.dump()}"


__all__ = ["FakeBotState"]
