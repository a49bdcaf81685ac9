"""Start the Telegram bot: polling by default, a webhook when a URL is given; and the
one-off ``paidoff deploy`` that registers the webhook and the menus for every replica."""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlparse

from telegram import Bot

from bot.channels.telegram.app import (
    ALLOWED_UPDATES,
    build_application,
    set_commands,
    startup_call,
)
from bot.config import Settings
from bot.errors import ConfigError, PaidOffError
from bot.heap import settle_heap
from bot.knowledge.base import Knowledge
from bot.knowledge.cache import load_cached

__all__ = ["deploy_telegram", "run_telegram"]

log = logging.getLogger(__name__)
DEPLOY_DELAYS = (1.0, 2.0, 4.0)
DEPLOY_TIMEOUT = 60.0
"""Seconds ``paidoff deploy`` keeps trying while Telegram cannot be reached."""


def run_telegram(settings: Settings, webhook_url: str | None = None) -> int:
    """Run until stopped (SIGINT/SIGTERM). The knowledge is checked before connecting."""
    if settings.token is None:
        raise ConfigError("TELEGRAM_BOT_TOKEN", "is required for `paidoff run`")
    url = webhook_url or settings.webhook_url
    if url is None and settings.replicas > 1:
        raise ConfigError("PAIDOFF_REPLICAS", "more than one replica needs a webhook URL")
    if url is not None and settings.webhook_secret is None:
        raise ConfigError("PAIDOFF_WEBHOOK_SECRET", "is required with a webhook URL")
    # Checked before anything connects (s6-startup: again only when a file changed).
    knowledge = load_cached(settings.knowledge_dir, settings.cache_dir)
    app = build_application(settings, knowledge, polling=url is None, webhook=url is not None)
    settle_heap()  # s5-ocr: the start-up heap out of the GC's full passes (bot/heap.py)
    if url is None:
        log.info("starting the bot with long polling")
        app.run_polling(
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
            bootstrap_retries=-1,
            timeout=settings.poll_timeout,
        )
        return 0
    assert settings.webhook_secret is not None
    from bot.channels.telegram.webhook import serve_webhook  # noqa: PLC0415 - webhook only

    log.info(
        "starting the bot with a webhook on %s:%d", settings.webhook_listen, settings.webhook_port
    )
    asyncio.run(
        serve_webhook(
            app,
            url=url,
            path=_path(url),
            secret=settings.webhook_secret,
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            allowed_updates=ALLOWED_UPDATES,
            register=settings.replicas == 1,  # replicas: `paidoff deploy` did, once
        )
    )
    return 0


def _path(url: str) -> str:
    return urlparse(url).path.strip("/") or "telegram"


def deploy_telegram(settings: Settings, webhook_url: str | None = None) -> int:
    """Register the webhook (URL, secret, update types) and the command menus, once for
    all replicas; retried for up to ``DEPLOY_TIMEOUT`` s while Telegram is unreachable."""
    if settings.token is None:
        raise ConfigError("TELEGRAM_BOT_TOKEN", "is required for `paidoff deploy`")
    url = webhook_url or settings.webhook_url
    if url is None:
        raise ConfigError("PAIDOFF_WEBHOOK_URL", "is required for `paidoff deploy` (or --webhook)")
    if settings.webhook_secret is None:
        raise ConfigError("PAIDOFF_WEBHOOK_SECRET", "is required for `paidoff deploy`")
    knowledge = load_cached(settings.knowledge_dir, settings.cache_dir)
    try:
        asyncio.run(asyncio.wait_for(_deploy(settings, knowledge, url), DEPLOY_TIMEOUT))
    except TimeoutError:
        raise PaidOffError(
            f"Telegram could not be reached for {DEPLOY_TIMEOUT:.0f} s; nothing was changed "
            "for sure: run `paidoff deploy` again"
        ) from None
    print(f"webhook set to {url}; command menus set")
    return 0


async def _deploy(settings: Settings, knowledge: Knowledge, url: str) -> None:
    token = settings.token
    assert token is not None
    bot = Bot(
        token,
        base_url=f"{settings.api_base_url}/bot",
        base_file_url=f"{settings.api_base_url}/file/bot",
    )
    async with bot:
        await startup_call(
            "setWebhook",
            lambda: bot.set_webhook(
                url, secret_token=settings.webhook_secret, allowed_updates=ALLOWED_UPDATES
            ),
            settings,
            DEPLOY_DELAYS,
        )
        await set_commands(bot, knowledge, settings, DEPLOY_DELAYS)
