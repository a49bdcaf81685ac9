"""The one place that wires the advisor: knowledge, engine, store and service.

Production calls ``bootstrap(settings)``; tests pass their own store or knowledge folder.
The Telegram application is built from the result by ``bot.channels.telegram``.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from bot.engine.advisor import Advisor
from bot.knowledge.base import Knowledge
from bot.knowledge.loader import load_knowledge
from bot.service import AdvisorService
from bot.storage.port import SessionStore
from bot.storage.sqlite import SqliteStore

__all__ = ["Parts", "bootstrap"]


@dataclass(frozen=True)
class Parts:
    """Everything a channel needs, built and connected."""

    settings: Settings
    knowledge: Knowledge
    advisor: Advisor
    service: AdvisorService

    async def close(self) -> None:
        """Release the store."""
        await self.service.store.close()


async def bootstrap(settings: Settings, store: SessionStore | None = None) -> Parts:
    """Load and check the knowledge (KnowledgeError if broken), open the store, wire them."""
    knowledge = load_knowledge(settings.knowledge_dir)
    advisor = Advisor(knowledge)
    if store is None:
        store = await SqliteStore.open(settings.db_path)
    service = AdvisorService(advisor, store, settings.retention_days)
    return Parts(settings, knowledge, advisor, service)
