"""Faults the Bot API double cannot play by itself: calls that hang and never land, a
server that goes away (connections refused) and comes back on the same port.

``StallingBotApi`` is a FakeBotApi with ``stall(method, seconds)``: the call is held for
``seconds`` and then the connection is closed without the call having any effect (a
request lost in a black hole; ``FakeBotApi.delay`` is the other kind, held and then
applied). ``OutageServer`` is a BotApiServer on a fixed loopback port: ``outage()`` stops
listening, so every connection is refused, until ``back()``.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from tests.support.bot_api_server import BotApiServer
from tests.support.bot_api_wire import ApiResponse, ConnectionDropped, UploadedFile
from tests.support.fake_bot_api import FakeBotApi

__all__ = ["OutageServer", "StallingBotApi", "free_port"]


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class StallingBotApi(FakeBotApi):
    """FakeBotApi whose calls can also hang and then vanish (``stall``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._stalls: dict[str, list[float]] = {}
        self._stall_lock = threading.Lock()
        self.stalled: list[str] = []
        """Methods of the calls that were stalled, in order (once each stall is over)."""
        self.abandoned: list[str] = []
        """Methods of the stalled calls whose client hung up before the stall ended."""

    def stall(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Hold the next ``times`` calls of ``method`` for up to ``seconds``, then hang up:
        they never take effect. A call whose client hangs up first (it timed out) ends
        then, and counts in ``abandoned``."""
        with self._stall_lock:
            self._stalls.setdefault(method.lower(), []).extend([seconds] * times)

    def stalls_left(self, method: str) -> int:
        """Planned stalls of ``method`` not met yet."""
        with self._stall_lock:
            return len(self._stalls.get(method.lower(), []))

    def handle(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        files: Mapping[str, UploadedFile] | None = None,
        *,
        transport: str = "direct",
        cancelled: Callable[[], bool] | None = None,
    ) -> ApiResponse:
        with self._stall_lock:
            planned = self._stalls.get(method.lower())
            seconds = planned.pop(0) if planned else None
        if seconds is None:
            return super().handle(method, params, files, transport=transport, cancelled=cancelled)
        deadline = time.monotonic() + seconds
        gave_up = False
        while time.monotonic() < deadline and not gave_up:
            time.sleep(0.05)
            gave_up = cancelled is not None and cancelled()
        with self._stall_lock:
            self.stalled.append(method)
            if gave_up:
                self.abandoned.append(method)
        self.wake()
        raise ConnectionDropped(method)


class OutageServer(BotApiServer):
    """A BotApiServer on one fixed loopback port that can stop listening and come back."""

    def __init__(self, api: FakeBotApi) -> None:
        super().__init__(api, port=free_port())
        self.fixed_port = self._address[1]

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``, also while the server is away."""
        return f"http://127.0.0.1:{self.fixed_port}"

    def outage(self) -> None:
        """Stop listening: from now on every connection to the port is refused."""
        self.stop(join_timeout=1.0)

    def back(self) -> None:
        """Listen again on the same port."""
        self.start()
