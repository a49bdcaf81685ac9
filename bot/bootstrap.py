"""The one place that wires the advisor: knowledge, engine, SMS analyzer, store, service.

Every entry point goes through here: ``paidoff run`` (the Telegram application calls
``bootstrap`` when it starts), ``paidoff chat``, the CLI commands, ``bench/`` and the
tests. ``load_core`` is the part without a store (``check``, ``graph``, ``advise``,
``sms-check``); ``bootstrap`` adds the store ``PAIDOFF_DB_URL`` names and the service.
Tests pass a fake store, a clock, or settings pointing at a temporary file.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.engine.advisor import Advisor
from bot.errors import ConfigError
from bot.service import AdvisorService
from bot.storage.factory import open_store

if TYPE_CHECKING:  # the conversation and the OCR stack load only where a channel runs
    from bot.conversation.photo import PhotoReader
    from bot.knowledge.base import Knowledge
    from bot.knowledge.model import Lang
    from bot.sms.analyzer import SmsAnalyzer
    from bot.storage.port import Store

__all__ = ["Core", "Parts", "bootstrap", "load_core"]


@dataclass(frozen=True)
class Core:
    """The pure parts: checked knowledge, the engine over it, the SMS analyzer."""

    settings: Settings
    knowledge: Knowledge
    advisor: Advisor

    @cached_property
    def analyzer(self) -> SmsAnalyzer:
        """Built on first use (compiling the SMS rules is wasted on ``advise``)."""
        from bot.sms.analyzer import SmsAnalyzer  # noqa: PLC0415 - not for every command

        return SmsAnalyzer.from_knowledge(self.knowledge)


@dataclass(frozen=True)
class Parts:
    """Everything a channel needs, built and connected; ``await parts.close()`` at the end."""

    core: Core
    store: Store
    service: AdvisorService
    reader: PhotoReader | None = None
    """Reads screenshots (s4-photo): the OCR pool, made on the first photo."""

    @property
    def settings(self) -> Settings:
        return self.core.settings

    @property
    def knowledge(self) -> Knowledge:
        return self.core.knowledge

    @property
    def advisor(self) -> Advisor:
        return self.core.advisor

    @property
    def analyzer(self) -> SmsAnalyzer:
        return self.core.analyzer

    async def close(self) -> None:
        """Release the OCR pool (waiting for photos being read) and the store."""
        from bot.ocr.reader import OcrReader  # noqa: PLC0415 - only channels start one

        try:
            if isinstance(self.reader, OcrReader):
                await self.reader.aclose()
        finally:
            await self.store.close()


def load_core(settings: Settings, *, knowledge: Knowledge | None = None) -> Core:
    """Load and check the knowledge (KnowledgeError if broken) unless given; build the engine.

    With ``settings.cache_dir`` (settings read from the environment) the knowledge checked
    at an earlier start is reused while its files are unchanged (``bot.knowledge.cache``).
    """
    if knowledge is None:
        from bot.knowledge.cache import load_cached  # noqa: PLC0415

        knowledge = load_cached(settings.knowledge_dir, settings.cache_dir)
    return Core(settings, knowledge, Advisor(knowledge))


async def bootstrap(
    settings: Settings,
    *,
    core: Core | None = None,
    store: Store | None = None,
    clock: Callable[[], float] = time.time,
    on_reset: Callable[[str, Lang], Awaitable[None]] | None = None,
    reader: PhotoReader | None = None,
) -> Parts:
    """Wire everything: ``core`` (or ``load_core``), ``store`` (or the one the settings
    name: ConfigError for a bad URL, StorageError when it cannot open), the service, and
    the screenshot ``reader`` (or an ``OcrReader`` whose pool starts on the first photo)."""
    wired = core if core is not None else load_core(settings)
    if store is None:
        try:
            store = await open_store(settings.store_url)
        except ValueError as exc:
            raise ConfigError("PAIDOFF_DB_URL", str(exc)) from None
    service = AdvisorService(
        wired.advisor,
        store,
        settings.retention_days,
        clock=clock,
        on_reset=on_reset,
        day_seconds=settings.day_seconds,  # s5-follow
    )
    if reader is None:
        from bot.ocr.reader import OcrReader  # noqa: PLC0415 - the commands need no OCR
        from bot.ocr.words import ScreenWords  # noqa: PLC0415

        reader = OcrReader(words=ScreenWords.from_knowledge(wired.knowledge))
    return Parts(wired, store, service, reader)
