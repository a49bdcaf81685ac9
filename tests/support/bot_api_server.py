"""Loopback HTTP server speaking the Telegram Bot API, backed by a FakeBotApi (for PTB over HTTP).

Routes, like api.telegram.org:

* ``GET|POST /bot<token>/<method>`` - form-urlencoded, multipart/form-data or JSON bodies (and
  query strings); a malformed token gets 404, a wrong one 401;
* ``GET /file/bot<token>/<file_path>`` - file downloads after getFile;
* ``POST /_test/<user action>`` (JSON kwargs) and ``GET /_test/messages?chat_id=N`` - a small
  control surface for manual runs of ``python -m tests.support.bot_api_server``.

Point PTB at it with ``base_url=f"{server.base_url}/bot"`` and
``base_file_url=f"{server.base_url}/file/bot"`` (or use :meth:`BotApiServer.bot`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import select
import signal
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

from telegram import Bot
from telegram.ext import ApplicationBuilder
from telegram.ext._applicationbuilder import InitApplicationBuilder

from tests.support.bot_api_wire import (
    ConnectionDropped,
    decode_params,
    error,
    ok,
    parse_body,
    split_bot_path,
    split_file_path,
)
from tests.support.fake_bot_api import DEFAULT_TOKEN, FakeBotApi

_USER_ACTIONS = frozenset({
    "user_sends", "user_presses", "user_edits", "user_sends_sticker", "user_blocks_bot",
})  # fmt: skip


class _HttpServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that remembers its connections so it can close them on stop."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], api: FakeBotApi) -> None:
        super().__init__(address, _Handler)
        self.api = api
        self.track_lock = threading.Lock()
        self.connections: set[socket.socket] = set()
        self.workers: set[threading.Thread] = set()

    def get_request(self) -> tuple[socket.socket, Any]:
        """Accept with ``TCP_NODELAY``: the handler writes headers and body separately, and
        Nagle's algorithm would hold the body for the client's delayed ACK (~40–50 ms a
        call on loopback, where Telegram's own front end answers at once)."""
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        with self.track_lock:
            self.connections.add(request)
            self.workers.add(threading.current_thread())
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.track_lock:
                self.connections.discard(request)
                self.workers.discard(threading.current_thread())

    def close_connections(self, join_timeout: float) -> None:
        """Hang up on every client and wait for the handler threads to finish."""
        with self.track_lock:
            connections, workers = list(self.connections), list(self.workers)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by the peer
                connection.shutdown(socket.SHUT_RDWR)
        for worker in workers:
            worker.join(join_timeout)


class _Handler(BaseHTTPRequestHandler):
    """One Bot API HTTP exchange per request, keep-alive like Telegram's front end."""

    protocol_version = "HTTP/1.1"
    server: _HttpServer

    def log_message(self, format: str, *args: Any) -> None:
        """Silence per-request logging (the FakeBotApi records every call)."""

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _dispatch(self) -> None:
        url = urlsplit(self.path)
        body = self._body()
        api = self.server.api
        if url.path.startswith("/_test/"):
            self._control(url.path.removeprefix("/_test/"), url.query, body)
            return
        if (file_route := split_file_path(url.path)) is not None:
            self._send(*api.download(*file_route))
            return
        route = split_bot_path(url.path)
        if route is None:
            self._send(404, error(404, "Not Found").to_bytes())
            return
        try:
            fields, files = parse_body(self.headers.get("Content-Type", ""), body)
        except ValueError as exc:
            self._send(400, error(400, f"Bad Request: {exc}").to_bytes())
            return
        params = decode_params({**dict(parse_qsl(url.query)), **fields})
        try:
            response = api.handle_request(
                *route, params, files, transport="http", cancelled=self._client_gone
            )
        except (ConnectionDropped, ConnectionRefusedError):
            self.close_connection = True  # hang up without a single byte of response
            return
        self._send(response.status, response.to_bytes())

    def _control(self, action: str, query: str, body: bytes) -> None:
        api = self.server.api
        try:
            if action == "messages":
                chat_id = int(dict(parse_qsl(query))["chat_id"])
                result: Any = [
                    {"message_id": m.message_id, "text": m.text, "buttons": m.buttons,
                     "edit_count": m.edit_count}
                    for m in api.messages(chat_id)
                ]  # fmt: skip
            elif action in _USER_ACTIONS:
                result = getattr(api, action)(**json.loads(body or b"{}"))
            else:
                self._send(404, error(404, "Not Found").to_bytes())
                return
        except (AssertionError, KeyError, TypeError, ValueError) as exc:
            self._send(400, error(400, f"Bad Request: {exc}").to_bytes())
            return
        self._send(200, ok(result).to_bytes())

    def _client_gone(self) -> bool:
        """True once the client closed its end (a long-poll it abandoned)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    def _send(self, status: int, payload: bytes, content_type: str = "application/json") -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client went away (e.g. a superseded long-poll)
            self.close_connection = True


class BotApiServer:
    """Runs a FakeBotApi behind a real HTTP server on 127.0.0.1 (ephemeral port by default)."""

    def __init__(self, api: FakeBotApi, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.api = api
        self._address = (host, port)
        self._server: _HttpServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        """Bind and serve in a background thread; returns self."""
        if self._server is not None:
            raise RuntimeError("BotApiServer already started")
        self._server = _HttpServer(self._address, self.api)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"BotApiServer:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self, join_timeout: float = 5.0) -> None:
        """Release long-polls, hang up on clients, close the socket and join every thread."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._server = self._thread = None
        self.api.release_waiters()
        server.shutdown()
        thread.join(join_timeout)
        server.close_connections(join_timeout)
        server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound TCP port."""
        if self._server is None:
            raise RuntimeError("BotApiServer is not running")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        return f"http://{self._address[0]}:{self.port}"

    @property
    def bot_base_url(self) -> str:
        """Value for PTB's ``base_url`` (the token is appended by PTB)."""
        return f"{self.base_url}/bot"

    @property
    def file_base_url(self) -> str:
        """Value for PTB's ``base_file_url``."""
        return f"{self.base_url}/file/bot"

    def bot(self, **kwargs: Any) -> Bot:
        """A PTB ``Bot`` (real HTTPXRequest) talking to this server."""
        return Bot(
            self.api.token, base_url=self.bot_base_url, base_file_url=self.file_base_url, **kwargs
        )

    def application_builder(self) -> InitApplicationBuilder:
        """``ApplicationBuilder`` with token, base_url and base_file_url set for this server."""
        return (
            ApplicationBuilder()
            .token(self.api.token)
            .base_url(self.bot_base_url)
            .base_file_url(self.file_base_url)
        )


def main(argv: list[str] | None = None) -> int:
    """Run a standalone fake Bot API until SIGINT/SIGTERM; prints the base URL first."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 = pick a free port")
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    args = parser.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with BotApiServer(FakeBotApi(args.token), host=args.host, port=args.port) as server:
        print(server.base_url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
    return 0


__all__ = ["BotApiServer", "main"]

if __name__ == "__main__":
    raise SystemExit(main())
