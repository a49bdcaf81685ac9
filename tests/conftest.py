"""Shared fixtures: the real knowledge folder, the engine over it, a store on a real file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.engine.advisor import Advisor
from bot.knowledge.base import Knowledge
from bot.knowledge.loader import load_knowledge
from bot.service import AdvisorService
from bot.storage.sqlite import SqliteStore

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE_DIR = ROOT / "knowledge"
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge(KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def advisor(knowledge: Knowledge) -> Advisor:
    return Advisor(knowledge)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    opened = await SqliteStore.open(tmp_path / "paidoff.sqlite3")
    yield opened
    await opened.close()


@pytest.fixture
def service(advisor: Advisor, store: SqliteStore) -> AdvisorService:
    return AdvisorService(advisor, store, retention_days=30)
