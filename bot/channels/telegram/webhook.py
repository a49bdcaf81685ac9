"""The webhook listener: secret checked before the body is read, body capped, replays dropped.

PTB's built-in listener reads bodies of up to 100 MB before it looks at the secret, and
binds every interface. This one answers 403 from the headers alone, refuses a body
larger than any update (413), listens on ``PAIDOFF_WEBHOOK_LISTEN`` (loopback unless the
operator says otherwise) and hands each ``update_id`` to the application once.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from collections import OrderedDict
from contextlib import suppress
from http import HTTPStatus
from typing import Any

from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.web import Application as WebApp
from tornado.web import RequestHandler, stream_request_body

from bot.channels.telegram.app import startup_call
from bot.channels.telegram.deps import DEPS_KEY

__all__ = ["MAX_BODY", "UpdateDedupe", "accept_update", "serve_webhook"]

log = logging.getLogger(__name__)

MAX_BODY = 1 << 20
"""Largest request body read (1 MiB): an update with a 4,096-character text and its
entities is a few kilobytes; Telegram's own limit for a webhook update is far below this."""
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class UpdateDedupe:
    """The last ``size`` update IDs seen; Telegram re-sends an update it thinks was lost.

    In memory and bounded: after a restart a replay is handled again. A durable inbox
    keyed by ``update_id`` can replace ``seen`` without changing the listener.
    """

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._ids: OrderedDict[int, None] = OrderedDict()

    def known(self, update_id: int) -> bool:
        """True if ``update_id`` came before (without remembering it)."""
        return update_id in self._ids

    def seen(self, update_id: int) -> bool:
        """True if ``update_id`` came before; otherwise remember it and return False."""
        if update_id in self._ids:
            return True
        self._ids[update_id] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return False


async def accept_update(
    app: Application,  # type: ignore[type-arg]
    data: dict[str, Any],
    dedupe: UpdateDedupe,
) -> bool:
    """Queue one update for the application unless its ``update_id`` was seen; True if queued.

    The one place a webhook update enters the bot: a durable inbox records it here.
    """
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        return False
    if dedupe.known(update_id):
        log.info("webhook: update %d received again; ignored", update_id)
        return False
    update = Update.de_json(data, app.bot)
    await app.update_queue.put(update)  # the inbox records it (and dedupes durably) here
    dedupe.seen(update_id)  # only once it is recorded: a failed put gets Telegram's retry
    return True


@stream_request_body
class _Hook(RequestHandler):
    """POST /<path>: the header checks run in ``prepare``, before any body byte is read."""

    def initialize(
        self,
        app: Application,  # type: ignore[type-arg]
        secret: str,
        dedupe: UpdateDedupe,
    ) -> None:
        self.app = app
        self.secret = secret
        self.dedupe = dedupe
        self.body = bytearray()
        self.refused = False

    def _refuse(self, status: HTTPStatus) -> None:
        self.refused = True
        self.set_status(status)
        self.finish()

    def prepare(self) -> None:
        if self.request.method != "POST":
            self._refuse(HTTPStatus.METHOD_NOT_ALLOWED)
            return
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("webhook: request without the right secret refused")
            self._refuse(HTTPStatus.FORBIDDEN)
            return
        length = self.request.headers.get("Content-Length")
        if length is None or not length.isdigit() or int(length) > MAX_BODY:
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return
        self.request.connection.set_max_body_size(MAX_BODY)  # type: ignore[union-attr]

    def data_received(self, chunk: bytes) -> None:
        if self.refused:
            return
        self.body += chunk
        if len(self.body) > MAX_BODY:
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    async def post(self) -> None:
        if self.refused:
            return
        try:
            data = json.loads(bytes(self.body))
        except (ValueError, UnicodeDecodeError):
            self.set_status(HTTPStatus.BAD_REQUEST)
            return
        if not isinstance(data, dict):
            self.set_status(HTTPStatus.BAD_REQUEST)
            return
        try:
            await accept_update(self.app, data, self.dedupe)
        except (ValueError, TypeError, KeyError):  # not an update PTB can read
            log.warning("webhook: a body that is not a Telegram update was refused")
            self.set_status(HTTPStatus.BAD_REQUEST)
            return
        self.set_status(HTTPStatus.OK)

    def get(self) -> None:  # only reached when prepare let it through, which it never does
        self.set_status(HTTPStatus.METHOD_NOT_ALLOWED)


async def serve_webhook(
    app: Application,  # type: ignore[type-arg]
    *,
    url: str,
    path: str,
    secret: str,
    listen: str,
    port: int,
    allowed_updates: list[str],
) -> None:
    """Run the bot behind the webhook until SIGINT/SIGTERM (the documented custom-server
    pattern: initialise, register the webhook, start, serve, then stop in reverse)."""
    dedupe = UpdateDedupe()
    routes = WebApp([(f"/{path}", _Hook, {"app": app, "secret": secret, "dedupe": dedupe})])
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        # Listen first: Telegram may call as soon as the webhook is registered.
        server = HTTPServer(routes, max_body_size=MAX_BODY, max_buffer_size=MAX_BODY)
        server.listen(port, address=listen)
        log.info("webhook listening on %s:%d", listen, port)
        try:
            settings = app.bot_data[DEPS_KEY].settings
            await startup_call(  # one log line per failed attempt, then again
                "setWebhook",
                lambda: app.bot.set_webhook(
                    url, secret_token=secret, allowed_updates=allowed_updates
                ),
                settings,
            )
            await stop.wait()
        finally:
            server.stop()
            await app.stop()
    finally:
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
        await app.shutdown()
