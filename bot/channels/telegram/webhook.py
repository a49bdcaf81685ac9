"""The webhook listener: answers Telegram only after the update is answered.

PTB's built-in listener answers 200 as soon as an update is queued and handles it later;
with two replicas behind one address, Telegram then sends a chat's next update while the
first is still being handled, and it may reach the other replica first (measured: about a
third of same-chat updates overtaken). This one follows PTB's custom-webhook pattern
(Starlette + uvicorn, an application built with ``updater(None)``) and answers 200 only
once the inbox has answered the update: applied, replies sent and journaled
(``Inbox.submit``). Telegram sends a chat's updates one at a time, waiting for that 200,
so a chat's next update can only arrive after its previous one took effect, on whichever
replica. A failure to answer (the store down, the process stopping) is a 503, and
Telegram sends the update again, perhaps to another replica.

What the earlier listener guaranteed stays: the secret is checked from the headers alone
(403), a body larger than any update is refused before it is read (413), the listener
binds ``PAIDOFF_WEBHOOK_LISTEN`` (loopback unless the operator says otherwise), and a
redelivered ``update_id`` is applied once (the inbox and the update scope dedupe it).
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import logging
import signal
import socket
from collections.abc import Awaitable, Callable
from contextlib import suppress
from http import HTTPStatus
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.channels.telegram.app import startup_call
from bot.channels.telegram.deps import DEPS_KEY
from bot.channels.telegram.inbox import INBOX_KEY, Inbox
from bot.errors import PaidOffError, StorageError

__all__ = ["MAX_BODY", "SECRET_HEADER", "Submit", "accept_update", "serve_webhook", "webhook_app"]

log = logging.getLogger(__name__)

MAX_BODY = 1 << 20
"""Largest request body read (1 MiB): an update with a 4,096-character text and its
entities is a few kilobytes; Telegram's own limit for a webhook update is far below this."""
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
GRACE = 20.0
"""Seconds a stopping replica lets requests in progress finish (their updates' answers)."""

Submit = Callable[[dict[str, Any]], Awaitable[bool]]
"""Answer one update (its JSON object); True once answered, False to have it sent again;
ValueError/TypeError/KeyError when it is not an update."""


def webhook_app(path: str, secret: str, submit: Submit) -> Starlette:
    """The ASGI application: POST /<path> only, everything checked before ``submit``."""

    async def hook(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("webhook: request without the right secret refused")
            return Response(status_code=HTTPStatus.FORBIDDEN)
        length = request.headers.get("content-length")
        if length is None or not length.isdigit() or int(length) > MAX_BODY:
            return Response(status_code=HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                return Response(status_code=HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        try:
            data = json.loads(bytes(body))
        except (ValueError, UnicodeDecodeError):
            return Response(status_code=HTTPStatus.BAD_REQUEST)
        if not isinstance(data, dict):
            return Response(status_code=HTTPStatus.BAD_REQUEST)
        try:
            answered = await submit(data)
        except (ValueError, TypeError, KeyError):  # not an update PTB can read
            log.warning("webhook: a body that is not a Telegram update was refused")
            return Response(status_code=HTTPStatus.BAD_REQUEST)
        except StorageError as exc:
            log.warning("webhook: could not record an update (%s); Telegram will resend", exc)
            return Response(status_code=HTTPStatus.SERVICE_UNAVAILABLE)
        return Response(status_code=HTTPStatus.OK if answered else HTTPStatus.SERVICE_UNAVAILABLE)

    return Starlette(routes=[Route(f"/{path}", hook, methods=["POST"])])


async def accept_update(
    app: Application,  # type: ignore[type-arg]
    data: dict[str, Any],
) -> bool:
    """Answer one webhook update through the application's inbox; True once answered.

    The one place a webhook update enters the bot (``Submit`` for ``webhook_app``).
    """
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise ValueError("no update_id")
    update = Update.de_json(data, app.bot)
    inbox = app.bot_data[INBOX_KEY]
    assert isinstance(inbox, Inbox)
    return await inbox.submit(update)


def _listening_socket(listen: str, port: int) -> socket.socket:
    """Bound and listening before Telegram is told the URL (so no call is refused)."""
    family = socket.AF_INET6 if ipaddress.ip_address(listen).version == 6 else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((listen, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise PaidOffError(f"cannot listen on {listen}:{port} ({exc.strerror})") from exc
    sock.setblocking(False)
    return sock


async def serve_webhook(
    app: Application,  # type: ignore[type-arg]
    *,
    url: str,
    path: str,
    secret: str,
    listen: str,
    port: int,
    allowed_updates: list[str],
    register: bool = True,
) -> None:
    """Run the bot behind the webhook until SIGINT/SIGTERM: initialise, start, listen,
    register the webhook (unless ``register`` is False: ``paidoff deploy`` did, for
    replicas), serve; on a signal stop listening, let requests in progress finish
    (``GRACE``), then stop the application."""
    import uvicorn  # noqa: PLC0415 - only a webhook loads the web server

    async def submit(data: dict[str, Any]) -> bool:
        return await accept_update(app, data)

    config = uvicorn.Config(
        webhook_app(path, secret, submit),
        log_config=None,  # keep the bot's logging (and its redaction of secrets)
        access_log=False,
        server_header=False,
        lifespan="off",
        http="h11",
        ws="none",
        timeout_graceful_shutdown=int(GRACE),
    )
    server = uvicorn.Server(config)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):  # until serving: uvicorn's take over then
        with suppress(NotImplementedError):
            loop.add_signal_handler(sig, _stop(server))
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        sock = _listening_socket(listen, port)
        serving = asyncio.create_task(server.serve(sockets=[sock]), name="webhook")
        log.info("webhook listening on %s:%d", listen, port)
        try:
            if register:
                settings = app.bot_data[DEPS_KEY].settings
                registering = asyncio.create_task(
                    startup_call(  # one log line per failed attempt, then again
                        "setWebhook",
                        lambda: app.bot.set_webhook(
                            url, secret_token=secret, allowed_updates=allowed_updates
                        ),
                        settings,
                    )
                )
                await asyncio.wait({registering, serving}, return_when=asyncio.FIRST_COMPLETED)
                if not registering.done():  # stopped while Telegram could not be reached
                    registering.cancel()
                    await asyncio.gather(registering, return_exceptions=True)
                else:
                    registering.result()
            await serving
        finally:
            server.should_exit = True
            await asyncio.gather(serving, return_exceptions=True)
            sock.close()
            await app.stop()
    finally:
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
        await app.shutdown()


def _stop(server: Any) -> Callable[[], None]:
    def stop() -> None:
        server.should_exit = True

    return stop
