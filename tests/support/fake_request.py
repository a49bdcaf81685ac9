"""In-process PTB transport for tests: a ``BaseRequest`` that talks to a FakeBotApi, no sockets.

It receives exactly what PTB would put on the wire (``RequestData.json_parameters`` - strings,
JSON for non-strings - plus ``multipart_data`` files), decodes it like the HTTP server does and
runs it through the same FakeBotApi checks, so handler tests fail exactly like the real API
would.  Calls run in a worker thread (long-polling getUpdates must not block the event loop);
``read_timeout`` is honoured like httpx does (``TimedOut``), and a ``drop`` fault surfaces as
``NetworkError``, the error PTB raises when the server hangs up.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any
from urllib.parse import urlsplit

import httpx
from telegram import Bot
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.ext import ApplicationBuilder
from telegram.ext._applicationbuilder import InitApplicationBuilder
from telegram.request import BaseRequest, RequestData

from tests.support.bot_api_wire import (
    ConnectionDropped,
    UploadedFile,
    decode_params,
    error,
    split_bot_path,
    split_file_path,
)
from tests.support.fake_bot_api import FakeBotApi


class FakeRequest(BaseRequest):
    """``telegram.request.BaseRequest`` backed by a FakeBotApi (use one per Bot/Application)."""

    def __init__(self, api: FakeBotApi, *, read_timeout: float | None = 5.0) -> None:
        self.api = api
        self._read_timeout = read_timeout

    @property
    def read_timeout(self) -> float | None:
        """Default read timeout; PTB adds the long-poll ``timeout`` to it for getUpdates."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Nothing to set up: no connection pool."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Serve ``POST .../bot<token>/<method>`` and ``GET .../file/bot<token>/<path>``."""
        path = urlsplit(url).path
        timeout = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        if (file_route := split_file_path(path)) is not None:
            status, body, _ = self.api.download(*file_route)
            return status, body
        route = split_bot_path(path)
        if route is None:
            return 404, error(404, "Not Found").to_bytes()
        fields = request_data.json_parameters if request_data else {}
        files = _files(request_data.multipart_data) if request_data else {}
        gave_up = threading.Event()
        call = asyncio.to_thread(
            self.api.handle_request,
            route[0],
            route[1],
            decode_params(fields),
            files,
            transport="in-process",
            cancelled=gave_up.is_set,
        )
        try:
            response = await asyncio.wait_for(call, timeout)
        except TimeoutError:
            self._give_up(gave_up)
            raise TimedOut from None
        except asyncio.CancelledError:
            self._give_up(gave_up)
            raise
        except ConnectionRefusedError:
            cause = httpx.ConnectError("[Errno 111] Connection refused")
            raise NetworkError(f"httpx.ConnectError: {cause}") from cause
        except ConnectionDropped as exc:
            raise NetworkError(
                "httpx.RemoteProtocolError: Server disconnected without sending a response."
            ) from exc
        return response.status, response.to_bytes()

    def _give_up(self, gave_up: threading.Event) -> None:
        """The client stopped waiting: let a long-poll in the worker thread return now."""
        gave_up.set()
        self.api.wake()


def _files(multipart: dict[str, Any]) -> dict[str, UploadedFile]:
    """PTB's ``multipart_data`` (name -> (filename, bytes | file handle, mimetype))."""
    files = {}
    for name, (filename, content, mimetype) in multipart.items():
        data = content if isinstance(content, bytes) else content.read()
        files[name] = UploadedFile(str(filename), bytes(data), mimetype or "")
    return files


def fake_bot(api: FakeBotApi, **kwargs: Any) -> Bot:
    """A PTB ``Bot`` wired to ``api`` through both request slots (``async with fake_bot(api)``)."""
    return Bot(api.token, request=FakeRequest(api), get_updates_request=FakeRequest(api), **kwargs)


def fake_application_builder(api: FakeBotApi) -> InitApplicationBuilder:
    """``ApplicationBuilder`` with token and both request slots pointing at ``api``."""
    return (
        ApplicationBuilder()
        .token(api.token)
        .request(FakeRequest(api))
        .get_updates_request(FakeRequest(api))
    )


__all__ = ["FakeRequest", "fake_application_builder", "fake_bot"]
