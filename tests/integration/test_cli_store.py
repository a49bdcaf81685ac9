"""CLI commands that open the store through ``bootstrap``: ``paidoff expire``."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from bot.bootstrap import Core, bootstrap
from bot.cli import main
from bot.config import Settings
from bot.evidence import EvidenceRecord

DAY = 86_400.0


async def test_expire_deletes_what_is_past_the_retention_now(
    core: Core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.sqlite3"
    settings = Settings(db_path=db, retention_days=30)
    long_ago = time.time() - 40 * DAY
    old = await bootstrap(settings, core=core, clock=lambda: long_ago)
    await old.service.save("tg:1", core.advisor.new_session())
    await old.service.add_evidence("tg:1", EvidenceRecord("old sms", "scam"))
    await old.close()
    recent = await bootstrap(settings, core=core)
    await recent.service.save("tg:2", core.advisor.new_session())
    await recent.close()
    monkeypatch.setenv("PAIDOFF_DB_URL", f"sqlite:///{db}")
    monkeypatch.setenv("PAIDOFF_RETENTION_DAYS", "30")
    assert await _run_main(["expire"]) == 0
    assert "deleted 2 " in capsys.readouterr().out
    after = await bootstrap(settings, core=core)
    try:
        assert await after.store.load("tg:1") is None
        assert await after.store.evidence("tg:1") == []
        assert await after.store.load("tg:2") is not None
    finally:
        await after.close()


async def _run_main(argv: list[str]) -> int:
    """``main`` runs its own event loop: run it off this test's loop."""
    return await asyncio.to_thread(main, argv)
