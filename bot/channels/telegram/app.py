"""The one function that wires the Telegram application from settings and knowledge."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import ssl
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

import httpx
from telegram import Bot, BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.bootstrap import Parts, bootstrap, load_core
from bot.channels.telegram import conversation as conv
from bot.channels.telegram import guards
from bot.channels.telegram.delivery import transient
from bot.channels.telegram.deps import DEPS_KEY, Deps
from bot.channels.telegram.inbox import INBOX_KEY, Inbox, InboxQueue
from bot.channels.telegram.jobs import schedule_reminders
from bot.channels.telegram.ocr_boot import OCR_AT_BOOT_DELAY, start_ocr
from bot.config import Settings
from bot.knowledge.base import Knowledge
from bot.knowledge.model import Lang
from bot.storage.port import Store
from bot.storage.scope import lead_jobs

if TYPE_CHECKING:  # s6-startup: the conversation loads after polling starts
    from bot.conversation.photo import PhotoReader

__all__ = ["ALLOWED_UPDATES", "COMMANDS", "build_application", "set_commands", "startup_call"]

log = logging.getLogger(__name__)
T = TypeVar("T")
STARTUP_DELAYS = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
"""Pauses between start-up attempts; the last repeats until Telegram answers."""
INBOX_KEEP = 2 * 86_400.0
"""Answered update ids are kept this long to recognise a redelivery (content is gone)."""
COMMANDS = conv.COMMANDS
SEND_RATE = 30.0
"""Messages a second Telegram lets one bot send in all; each replica takes its share."""
GROUP_RATE = 20.0
"""Messages a minute to one group; each replica takes its share."""
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
# Telegram accepts only two-letter codes for command menus; zh covers both scripts.
_MENU_LANGS = {"": Lang.ZH_HANS, "zh": Lang.ZH_HANS, "en": Lang.EN}


def build_application(
    settings: Settings,
    knowledge: Knowledge,
    *,
    store: Store | None = None,
    request: BaseRequest | None = None,
    flood_limit: int = 20,
    rate_limit: bool = True,
    polling: bool = False,
    startup_delays: tuple[float, ...] = STARTUP_DELAYS,
    photo_reader: PhotoReader | None = None,
    webhook: bool = False,
) -> Application:  # type: ignore[type-arg]
    """Build the bot: handlers, rate limiter, defaults; ``bootstrap`` runs in post_init
    (so the store opens on the application's event loop).

    Tests pass ``request`` (an offline BaseRequest) and may pass a ``store`` (otherwise
    the one ``settings`` names opens); production passes neither. Nothing connects until
    the application is initialised. ``rate_limit=False`` is only for benchmarks measuring
    the bot's own cost (Telegram's limit of about 30 messages a second would otherwise be
    what they measure). ``polling`` deletes a webhook
    at start-up. Updates from polling or a webhook go through the durable inbox
    (``bot.channels.telegram.inbox``); tests may still call ``process_update`` directly.
    Transient failures at start-up are retried after ``startup_delays``. Tests may pass
    a ``photo_reader`` (one shared OCR engine, or a fake); otherwise ``bootstrap`` makes
    the OCR pool, started on the first photo and closed at shutdown. ``webhook`` builds
    it without an updater (``bot.channels.telegram.webhook`` feeds the inbox). With
    ``settings.replicas`` above 1 the rate limiter takes that share of Telegram's limit,
    the command menus are left to ``paidoff deploy`` and only the replica holding the jobs
    lease (``bot.storage.scope.lead_jobs``) runs the periodic jobs.
    """
    if settings.token is None:
        raise ValueError("build_application needs settings.token")
    core = load_core(settings, knowledge=knowledge)
    item = Deps(settings, knowledge, core.advisor, core)
    inbox = Inbox()
    wired: list[Parts] = []

    async def post_init(app: Application) -> None:  # type: ignore[type-arg]
        told = guards.reset_notice(app.bot, knowledge)
        parts = await bootstrap(
            settings, core=core, store=store, on_reset=told, reader=photo_reader
        )
        wired.append(parts)
        item.service, item.reader = parts.service, parts.reader
        if polling:
            await startup_call(
                "deleteWebhook", lambda: app.bot.delete_webhook(), settings, startup_delays
            )
        if settings.replicas == 1:  # more replicas: ``paidoff deploy`` sets them, once
            await set_commands(app.bot, knowledge, settings, startup_delays)
        await inbox.start(parts.store, app.bot, app.process_update)
        if app.job_queue is not None:
            app.job_queue.run_repeating(_expire, interval=dt.timedelta(hours=6), first=5)
            app.job_queue.run_once(_warm, when=0.2)  # s5-cost: once polling has started
            if settings.ocr_at_boot:  # s6-burst: the OCR worker and its models, not on a photo
                app.job_queue.run_once(start_ocr, when=OCR_AT_BOOT_DELAY)
        schedule_reminders(app, settings.job_interval)  # s5-follow: due reminders
        log.info("bot ready: knowledge revision %s", knowledge.revision)

    async def post_stop(app: Application) -> None:  # type: ignore[type-arg]
        await inbox.stop()

    async def post_shutdown(app: Application) -> None:  # type: ignore[type-arg]
        await inbox.stop(timeout=0)
        while wired:
            await wired.pop().close()

    class _Application(Application):  # type: ignore[type-arg]
        async def initialize(self) -> None:
            """Connect (getMe), retrying while Telegram cannot be reached."""
            await startup_call("getMe", super().initialize, settings, startup_delays)

    builder: ApplicationBuilder = (  # type: ignore[type-arg]
        Application.builder()
        .token(settings.token)
        .base_url(f"{settings.api_base_url}/bot")
        .base_file_url(f"{settings.api_base_url}/file/bot")
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .application_class(_Application)
        .update_queue(InboxQueue(inbox))
        .concurrent_updates(True)
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
    )
    if webhook:  # PTB's custom-webhook pattern: bot.channels.telegram.webhook serves
        builder = builder.updater(None)
    if rate_limit:
        share = settings.replicas
        builder = builder.rate_limiter(
            AIORateLimiter(
                overall_max_rate=SEND_RATE / share,
                group_max_rate=GROUP_RATE / share,
                max_retries=3,
            )
        )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:
        tls = httpx.create_ssl_context()  # one CA bundle load for both clients (~30 ms CPU each)
        builder = builder.request(_request(settings, 256, tls))
        builder = builder.get_updates_request(_request(settings, 1, tls))
    app = builder.build()
    app.bot_data[DEPS_KEY] = item
    app.bot_data[INBOX_KEY] = inbox
    _add_handlers(app, flood_limit)
    return app


def _request(settings: Settings, pool: int, tls: ssl.SSLContext) -> HTTPXRequest:
    """A Bot API connection pool as PTB's builder makes it (256 connections for calls, 1 for
    ``getUpdates``), with PAIDOFF_TELEGRAM_TIMEOUT: a call that hangs is given up and retried
    after it. ``tls`` is shared: each httpx client would otherwise load the CA bundle again."""
    t = settings.api_timeout
    return HTTPXRequest(
        connection_pool_size=pool,
        connect_timeout=t,
        read_timeout=t,
        write_timeout=t,
        httpx_kwargs={"verify": tls},
    )


def _add_handlers(app: Application, flood_limit: int) -> None:  # type: ignore[type-arg]
    private = filters.ChatType.PRIVATE
    app.add_handler(TypeHandler(Update, guards.FloodGuard(limit=flood_limit)), group=-1)
    app.add_handler(MessageHandler(filters.ChatType.GROUPS, guards.on_group))
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, guards.on_edited))
    app.add_handler(CommandHandler(list(conv.COMMANDS), conv.on_command, filters=private))
    app.add_handler(CallbackQueryHandler(conv.on_button))
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, conv.on_text))
    app.add_handler(MessageHandler(private & filters.COMMAND, conv.on_command))  # unknown /cmd
    photos = filters.PHOTO | filters.Document.IMAGE
    app.add_handler(MessageHandler(private & ~filters.UpdateType.EDITED & photos, conv.on_photo))
    app.add_handler(MessageHandler(private & ~filters.UpdateType.EDITED, guards.on_unsupported))
    app.add_error_handler(_unreachable)  # first: a polling outage stops here
    app.add_error_handler(guards.on_error)


async def _unreachable(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Telegram unreachable while polling: one line per failed attempt, no traceback.

    PTB's polling loop retries by itself (1 s, then ×1.5 up to 30 s) and hands each
    failure to the error handlers with no update and no job; without this, every retry
    printed a 60-line traceback. Anything else goes on to ``guards.on_error``.
    """
    error = context.error
    if update is not None or context.job is not None or not transient(error):
        return
    reason = str(error).replace(context.bot.token, "<token>")
    log.warning(
        "Telegram unreachable while polling (%s: %s); retrying", type(error).__name__, reason
    )
    raise ApplicationHandlerStop


async def startup_call(
    what: str,
    call: Callable[[], Awaitable[T]],
    settings: Settings,
    delays: tuple[float, ...] = STARTUP_DELAYS,
) -> T:
    """Run a start-up call, retrying transient failures (network, 5xx, 429) with backoff.

    One log line per failed attempt, naming the call and the error (never the token). A
    rejected token, or any other refusal, is raised at once: retrying cannot fix it.
    """
    attempt = 0
    while True:
        try:
            return await call()
        except InvalidToken:
            raise
        except TelegramError as exc:
            if not transient(exc):
                raise
            delay = delays[min(attempt, len(delays) - 1)] if delays else 0.0
            reason = str(exc).replace(settings.token or "\0", "<token>")
            log.warning(
                "start-up: %s failed (%s: %s); retrying in %.0f s (attempt %d)",
                what, type(exc).__name__, reason, delay, attempt + 1,
            )  # fmt: skip
            attempt += 1
            await asyncio.sleep(delay)


async def set_commands(
    bot: Bot,
    knowledge: Knowledge,
    settings: Settings,
    delays: tuple[float, ...] = STARTUP_DELAYS,
) -> None:
    """The command menus, per language (at start-up, or by ``paidoff deploy``)."""
    for code, lang in _MENU_LANGS.items():
        if code == "zh":
            continue  # the default menu is already Simplified Chinese
        menu = [BotCommand(c, knowledge.text(f"cmd_{c}", lang)) for c in COMMANDS]
        await startup_call(
            "setMyCommands",
            lambda m=menu, c=code: bot.set_my_commands(m, language_code=c or None),  # type: ignore[misc]
            settings,
            delays,
        )


async def _expire(context: ContextTypes.DEFAULT_TYPE) -> None:
    item = context.bot_data[DEPS_KEY]
    if isinstance(item, Deps) and item.service is not None:
        if not await lead_jobs(item.service.store):  # another replica runs the jobs
            return
        removed = await item.service.expire()
        if removed:
            log.info("expired %d old conversations", removed)
        await item.service.store.inbox_prune(time.time() - INBOX_KEEP)


async def _warm(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Build the SMS analyzer and load the conversation just after polling starts (s5-cost,
    s6-startup: start-up to polling)."""
    item = context.bot_data[DEPS_KEY]
    if isinstance(item, Deps):
        await asyncio.to_thread(item.warm)  # s6-startup: the loop keeps answering meanwhile
