"""A load generator playing Telegram in front of webhook replicas.

Telegram sends one chat's updates one at a time: the next only after the previous got its
HTTP answer; an update that got no 200 (a refused connection, a reset, a 5xx, a timeout)
is sent again, and behind a load balancer that may reach another replica. ``Telegram``
does the same for many chats at once (one thread per chat), each chat a script of typed
messages, each update sent to the replicas in turn, and records what it saw: when each
update was answered, on which attempt, and the chat's newest bot message at that moment.

The updates themselves come from the Bot API test double (``FakeBotApi.user_sends``), so
the double knows the users' messages as the real Telegram would.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

import httpx

from tests.support.fake_bot_api import FakeBotApi

__all__ = ["Answered", "Telegram"]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass(frozen=True)
class Answered:
    """One update of one chat as Telegram saw it answered."""

    chat: int
    step: int
    update_id: int
    replica: int
    """Which replica's 200 it was (index into the URLs)."""
    attempts: int
    screen: str
    """The chat's newest bot message right after the 200."""


@dataclass
class Telegram:
    """Posts each chat's script to the replicas, sequentially per chat."""

    api: FakeBotApi
    urls: Sequence[str]
    secret: str
    request_timeout: float = 30.0
    deadline: float = 120.0
    """Seconds the whole run may take; an update still unanswered then fails the run."""
    answered: list[Answered] = field(default_factory=list)
    in_flight: list[int] = field(default_factory=list)
    """Requests waiting for an answer, per replica."""
    failures: int = 0
    """Attempts that got no 200 (each was sent again)."""
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _turn: itertools.count[int] = field(default_factory=itertools.count)

    def __post_init__(self) -> None:
        self.in_flight = [0] * len(self.urls)

    def run(
        self,
        scripts: Mapping[int, Sequence[str]],
        during: Callable[[Telegram], None] | None = None,
    ) -> list[Answered]:
        """Play every chat's script to the end; ``during`` runs in this thread meanwhile
        (e.g. to kill a replica); return what was answered, in the order it was."""
        stop_at = time.monotonic() + self.deadline
        errors: list[BaseException] = []
        threads = [
            threading.Thread(
                target=self._guard(errors, partial(self._chat, chat, script, stop_at)),
                name=f"chat-{chat}",
                daemon=True,
            )
            for chat, script in scripts.items()
        ]
        for thread in threads:
            thread.start()
        if during is not None:
            during(self)
        for thread in threads:
            thread.join(max(0.0, stop_at - time.monotonic()) + 5)
        if errors:
            raise errors[0]
        if any(thread.is_alive() for thread in threads):
            raise AssertionError(f"chats still unanswered after {self.deadline:g} s")
        return list(self.answered)

    @staticmethod
    def _guard(errors: list[BaseException], work: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                work()
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                errors.append(exc)

        return run

    def _chat(self, chat: int, script: Sequence[str], stop_at: float) -> None:
        with httpx.Client(timeout=self.request_timeout) as client:
            for step, text in enumerate(script):
                update_id = self.api.user_sends(chat, text)
                body = json.dumps(self._update(update_id), ensure_ascii=False).encode()
                replica = next(self._turn) % len(self.urls)
                attempts = 0
                while True:
                    if time.monotonic() > stop_at:
                        raise AssertionError(f"update {update_id} of chat {chat} never answered")
                    attempts += 1
                    if self._post(client, replica, body):
                        break
                    replica = (replica + 1) % len(self.urls)  # as Telegram would: again
                    time.sleep(0.05)
                screen = self._screen(chat)
                with self._lock:
                    self.answered.append(
                        Answered(chat, step, update_id, replica, attempts, screen)
                    )

    def _post(self, client: httpx.Client, replica: int, body: bytes) -> bool:
        headers = {"Content-Type": "application/json", SECRET_HEADER: self.secret}
        with self._lock:
            self.in_flight[replica] += 1
        try:
            reply = client.post(self.urls[replica], content=body, headers=headers)
            ok = reply.status_code == 200
        except httpx.HTTPError:
            ok = False
        finally:
            with self._lock:
                self.in_flight[replica] -= 1
        if not ok:
            with self._lock:
                self.failures += 1
        return ok

    def _update(self, update_id: int) -> dict[str, object]:
        for update in reversed(self.api.pending_updates()):
            if update["update_id"] == update_id:
                return update
        raise AssertionError(f"the double has no update {update_id}")

    def _screen(self, chat: int) -> str:
        mine = [m for m in self.api.messages(chat) if m.from_bot]
        return mine[-1].text if mine else ""
