"""Start the Telegram bot: polling by default, a webhook when a URL is given."""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlparse

from bot.bootstrap import load_core
from bot.channels.telegram.app import ALLOWED_UPDATES, build_application
from bot.channels.telegram.webhook import serve_webhook
from bot.config import Settings
from bot.errors import ConfigError

__all__ = ["run_telegram"]

log = logging.getLogger(__name__)


def run_telegram(settings: Settings, webhook_url: str | None = None) -> int:
    """Run until stopped (SIGINT/SIGTERM). The knowledge is checked before connecting."""
    if settings.token is None:
        raise ConfigError("TELEGRAM_BOT_TOKEN", "is required for `paidoff run`")
    knowledge = load_core(settings).knowledge  # checked before anything connects
    app = build_application(
        settings, knowledge, polling=(webhook_url or settings.webhook_url) is None
    )
    url = webhook_url or settings.webhook_url
    if url is None:
        log.info("starting the bot with long polling")
        app.run_polling(
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
            bootstrap_retries=-1,
            timeout=settings.poll_timeout,
        )
        return 0
    if settings.webhook_secret is None:
        raise ConfigError("PAIDOFF_WEBHOOK_SECRET", "is required with a webhook URL")
    path = urlparse(url).path.strip("/") or "telegram"
    log.info(
        "starting the bot with a webhook on %s:%d", settings.webhook_listen, settings.webhook_port
    )
    asyncio.run(
        serve_webhook(
            app,
            url=url,
            path=path,
            secret=settings.webhook_secret,
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            allowed_updates=ALLOWED_UPDATES,
        )
    )
    return 0
