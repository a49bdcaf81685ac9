"""The one function that wires the Telegram application from settings and knowledge."""

from __future__ import annotations

import datetime as dt
import logging

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.channels.telegram import conversation as conv
from bot.channels.telegram import guards, sms
from bot.channels.telegram.deps import DEPS_KEY, Deps
from bot.config import Settings
from bot.engine.advisor import Advisor
from bot.knowledge.base import Knowledge
from bot.knowledge.model import Lang
from bot.service import AdvisorService
from bot.sms.analyzer import SmsAnalyzer
from bot.storage.port import SessionStore
from bot.storage.sqlite import SqliteStore

__all__ = ["ALLOWED_UPDATES", "COMMANDS", "build_application"]

log = logging.getLogger(__name__)
COMMANDS = ("start", "help", "restart", "lang", "evidence", "privacy", "forget")
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
# Telegram accepts only two-letter codes for command menus; zh covers both scripts.
_MENU_LANGS = {"": Lang.ZH_HANS, "zh": Lang.ZH_HANS, "en": Lang.EN}


def build_application(
    settings: Settings,
    knowledge: Knowledge,
    *,
    store: SessionStore | None = None,
    request: BaseRequest | None = None,
    flood_limit: int = 20,
    rate_limit: bool = True,
) -> Application:  # type: ignore[type-arg]
    """Build the bot: handlers, rate limiter, defaults; the store opens in post_init.

    Tests pass ``request`` (an offline BaseRequest) and/or ``store``; production passes
    neither. Nothing connects until the application is initialised. ``rate_limit=False``
    is only for benchmarks measuring the bot's own cost (Telegram's limit of about 30
    messages a second would otherwise be what they measure).
    """
    if settings.token is None:
        raise ValueError("build_application needs settings.token")
    item = Deps(settings, knowledge, Advisor(knowledge), SmsAnalyzer.from_knowledge(knowledge))

    async def post_init(app: Application) -> None:  # type: ignore[type-arg]
        opened = store or await SqliteStore.open(settings.db_path)
        told = guards.reset_notice(app.bot, knowledge)
        item.service = AdvisorService(item.advisor, opened, settings.retention_days, on_reset=told)
        await _set_commands(app, knowledge)
        if app.job_queue is not None:
            app.job_queue.run_repeating(_expire, interval=dt.timedelta(hours=6), first=5)
        log.info("bot ready: knowledge revision %s", knowledge.revision)

    async def post_shutdown(app: Application) -> None:  # type: ignore[type-arg]
        if item.service is not None:
            await item.service.store.close()

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
        .concurrent_updates(True)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app = builder.build()
    app.bot_data[DEPS_KEY] = item
    _add_handlers(app, flood_limit)
    return app


def _add_handlers(app: Application, flood_limit: int) -> None:  # type: ignore[type-arg]
    private = filters.ChatType.PRIVATE
    app.add_handler(TypeHandler(Update, guards.FloodGuard(limit=flood_limit)), group=-1)
    app.add_handler(MessageHandler(filters.ChatType.GROUPS, guards.on_group))
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, guards.on_edited))
    commands = {
        "start": conv.on_start,
        "help": conv.on_help,
        "restart": conv.on_restart,
        "lang": conv.on_lang,
        "privacy": conv.on_privacy,
        "forget": conv.on_forget,
        "evidence": sms.on_evidence,
    }
    for name, handler in commands.items():
        app.add_handler(CommandHandler(name, handler, filters=private))
    app.add_handler(CallbackQueryHandler(conv.on_button))
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, conv.on_text))
    app.add_handler(MessageHandler(private & filters.COMMAND, conv.on_help))  # unknown /cmd
    app.add_handler(MessageHandler(private & ~filters.UpdateType.EDITED, guards.on_unsupported))
    app.add_error_handler(guards.on_error)


async def _set_commands(app: Application, knowledge: Knowledge) -> None:  # type: ignore[type-arg]
    for code, lang in _MENU_LANGS.items():
        if code == "zh":
            continue  # the default menu is already Simplified Chinese
        menu = [BotCommand(c, knowledge.text(f"cmd_{c}", lang)) for c in COMMANDS]
        await app.bot.set_my_commands(menu, language_code=code or None)


async def _expire(context: ContextTypes.DEFAULT_TYPE) -> None:
    item = context.bot_data[DEPS_KEY]
    if isinstance(item, Deps) and item.service is not None:
        removed = await item.service.expire()
        if removed:
            log.info("expired %d old conversations", removed)
