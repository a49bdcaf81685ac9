"""What every Telegram handler needs, kept in ``application.bot_data`` by the wiring."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.config import Settings
from bot.engine.advisor import Advisor
from bot.i18n import lang_from_code
from bot.knowledge.base import Knowledge
from bot.knowledge.model import Lang
from bot.service import AdvisorService

if TYPE_CHECKING:  # s6-startup: the conversation loads after polling starts (``warm``)
    from bot.bootstrap import Core
    from bot.conversation import Conversation, PhotoReader
    from bot.sms.analyzer import SmsAnalyzer

__all__ = ["DEPS_KEY", "Deps", "deps", "log_id", "user_key", "user_lang"]

DEPS_KEY = "paidoff"
Context = ContextTypes.DEFAULT_TYPE


@dataclass
class Deps:
    """The advisor parts; ``service`` is set in ``post_init`` when the store opens."""

    settings: Settings
    knowledge: Knowledge
    advisor: Advisor
    core: Core
    """Builds the SMS analyzer on first use: compiling its rules waits until after the
    bot is polling (``warm`` builds it then), not before."""
    service: AdvisorService | None = None
    reader: PhotoReader | None = None
    """Reads screenshots (set in ``post_init`` with the service)."""
    _conversation: Conversation | None = None

    def ready(self) -> AdvisorService:
        """The service; the application only handles updates after post_init set it."""
        if self.service is None:  # pragma: no cover - PTB runs post_init first
            raise RuntimeError("the store is not open yet")
        return self.service

    @property
    def analyzer(self) -> SmsAnalyzer:
        return self.core.analyzer

    def warm(self) -> None:
        """Build what the first update would otherwise wait for: the conversation's
        modules, the SMS analyzer, the zh-Hant converter (s6-startup: in a thread, just
        after polling starts; an update arriving meanwhile waits for the part it needs)."""
        import bot.conversation.core  # noqa: F401, PLC0415 - loaded, not made: see below
        from bot.i18n import to_traditional  # noqa: PLC0415

        _ = self.core.analyzer
        to_traditional("还清")
        # The Conversation itself is made on the loop by the first update (it keeps state).

    def conversation(self) -> Conversation:
        """The conversation over the service (made once the store is open)."""
        from bot.conversation.core import Conversation  # noqa: PLC0415 - see ``warm``

        service = self.ready()
        if self._conversation is None or self._conversation.service is not service:
            self._conversation = Conversation(service, self.analyzer, self.reader)
        return self._conversation


def deps(context: Context | Any) -> Deps:
    """The Deps of the running application."""
    value = context.bot_data[DEPS_KEY]
    assert isinstance(value, Deps)
    return value


def user_key(update: Update) -> str:
    """The store key of the user behind an update."""
    user = update.effective_user
    return f"tg:{user.id if user else 0}"


_LOG_KEY = secrets.token_bytes(16)
"""Per-process key: log tags cannot be reversed by hashing every possible user ID."""


def log_id(update: Update) -> str:
    """A short pseudonymous user tag for logs (never the ID, name or any text).

    Stable within one run of the bot, so one user's lines can be followed; unlinkable
    across runs and to the Telegram ID.
    """
    user = update.effective_user
    raw = str(user.id if user else 0).encode()
    return hashlib.blake2s(raw, digest_size=4, key=_LOG_KEY).hexdigest()


def user_lang(update: Update) -> Lang:
    """The language Telegram reports for the user, for a first conversation."""
    user = update.effective_user
    return lang_from_code(user.language_code if user else None)
