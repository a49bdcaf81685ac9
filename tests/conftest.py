"""Shared fixtures: the real knowledge folder, the engine over it, a store on a real file."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.bootstrap import Core, bootstrap, load_core
from bot.config import Settings
from bot.engine.advisor import Advisor
from bot.knowledge.base import Knowledge
from bot.knowledge.loader import load_knowledge
from bot.ocr import RapidOcrEngine
from bot.service import AdvisorService
from bot.sms.analyzer import SmsAnalyzer
from bot.sms.verdict import Verdict, VerdictKind
from bot.storage.sqlite import SqliteStore
from tests.support.postgres import postgres_server, postgres_url  # noqa: F401 (fixtures)

# Tests run with the environment production has: no PTB_TIMEDELTA, so PTB 22 gives
# RetryAfter.retry_after as an int (the bot must handle both). PTB reads that deprecated
# attribute itself while building the error, which filterwarnings=error would turn into a
# failure of PTB's own code; only that one warning is let through.
os.environ.pop("PTB_TIMEDELTA", None)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "filterwarnings",
        "ignore:.*attribute `retry_after`:telegram.warnings.PTBDeprecationWarning",
    )


ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE_DIR = ROOT / "knowledge"
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge(KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def core(knowledge: Knowledge) -> Core:
    """The wiring's pure part (knowledge, engine, analyzer), built once for the session."""
    return load_core(Settings(knowledge_dir=KNOWLEDGE_DIR), knowledge=knowledge)


@pytest.fixture(scope="session")
def analyzer(core: Core) -> SmsAnalyzer:
    """The SMS analyzer as the bot runs it (rules and model), the wiring's own. A test module
    that means the rules alone defines its own ``analyzer`` (or uses ``rules_only``)."""
    return core.analyzer


@pytest.fixture(scope="session")
def rules_only(knowledge: Knowledge) -> SmsAnalyzer:
    """The SMS rules alone, without the statistical model."""
    return SmsAnalyzer(knowledge.sms)


@dataclass(frozen=True)
class Judge:
    """An SMS judged twice: by the rules alone and as the bot runs it (rules and model)."""

    rules: SmsAnalyzer
    shipped: SmsAnalyzer

    def says(self, kind: VerdictKind, text: str, sender: str | None = None) -> Verdict:
        """Both call it ``kind``. Returns the rules' verdict, for further checks."""
        verdict = self.rules.analyze(text, sender)
        assert verdict.verdict is kind, ("rules", verdict.signal_ids(), verdict.why)
        shipped = self.shipped.analyze(text, sender)
        assert shipped.verdict is kind, ("rules + model", shipped.signal_ids(), shipped.model)
        return verdict

    def never_says(self, kind: VerdictKind, text: str, sender: str | None = None) -> Verdict:
        """Neither calls it ``kind``. Returns the rules' verdict, for further checks."""
        verdict = self.rules.analyze(text, sender)
        assert verdict.verdict is not kind, ("rules", verdict.signal_ids(), verdict.why)
        shipped = self.shipped.analyze(text, sender)
        assert shipped.verdict is not kind, ("rules + model", shipped.signal_ids())
        return verdict


@pytest.fixture(scope="session")
def judge(analyzer: SmsAnalyzer, rules_only: SmsAnalyzer) -> Judge:
    """Asserts a verdict of the rules alone and of the bot's analyzer at once."""
    return Judge(rules=rules_only, shipped=analyzer)


@pytest.fixture(scope="session")
def advisor(core: Core) -> Advisor:
    return core.advisor


@pytest.fixture(scope="session")
def ocr_engine() -> RapidOcrEngine:
    """One OCR engine (one copy of the models) for every test that reads a screenshot."""
    return RapidOcrEngine()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    opened = await SqliteStore.open(tmp_path / "paidoff.sqlite3")
    yield opened
    await opened.close()


@pytest.fixture
async def service(core: Core, store: SqliteStore) -> AdvisorService:
    """The service as ``bootstrap`` wires it, on the real SQLite file of ``store``."""
    return (await bootstrap(Settings(retention_days=30), core=core, store=store)).service
