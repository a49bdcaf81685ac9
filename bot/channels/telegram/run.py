"""Start the Telegram bot (being built: see the Telegram-bot issue)."""

from __future__ import annotations

from bot.config import Settings
from bot.errors import PaidOffError

__all__ = ["run_telegram"]


def run_telegram(settings: Settings, webhook_url: str | None = None) -> int:
    """Run the bot until stopped; not available in this build yet."""
    raise PaidOffError("the Telegram channel is not part of this build yet; use `paidoff chat`")
