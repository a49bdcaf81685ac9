"""Settings that choose the wiring: the store URL, the Bot API base, the knowledge folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.bootstrap import Core, bootstrap
from bot.cli import main
from bot.config import Settings, shipped_knowledge
from bot.errors import ConfigError
from bot.storage.memory import MemoryStore
from bot.storage.sqlite import SqliteStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/db",
        "redis://localhost",
        "data/paidoff.sqlite3",
        "sqlite://",
        "sqlite:///",
        "memory://somewhere",
        "postgresql://bot:secret@db:port/paidoff",
        "postgresql://bot:secret@db/paidoff#main",
    ],
)
def test_a_store_url_that_cannot_be_opened_names_its_variable(url: str) -> None:
    with pytest.raises(ConfigError) as info:
        Settings.from_env({"PAIDOFF_DB_URL": url})
    assert str(info.value).startswith("PAIDOFF_DB_URL:")
    assert "secret" not in str(info.value)


def test_a_postgresql_url_is_accepted_and_its_password_never_shown() -> None:
    settings = Settings.from_env({"PAIDOFF_DB_URL": "postgresql://bot:secret@db:5433/paidoff"})
    assert settings.store_url == "postgresql://bot:secret@db:5433/paidoff"
    assert "secret" not in repr(settings)


def test_a_bad_store_url_stops_the_cli_with_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAIDOFF_DB_URL", "mongodb://localhost")
    assert main(["chat"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("configuration error: PAIDOFF_DB_URL:")
    assert "unknown store 'mongodb://'" in err[0]


async def test_the_store_url_chooses_the_backend(core: Core, tmp_path: Path) -> None:
    memory = await bootstrap(Settings.from_env({"PAIDOFF_DB_URL": "memory://"}), core=core)
    assert isinstance(memory.store, MemoryStore)
    await memory.close()
    target = tmp_path / "chosen" / "by-url.sqlite3"
    env = {"PAIDOFF_DB_URL": f"sqlite:///{target}", "PAIDOFF_DB_PATH": str(tmp_path / "no")}
    sqlite = await bootstrap(Settings.from_env(env), core=core)
    assert isinstance(sqlite.store, SqliteStore)
    await sqlite.service.save("tg:1", core.advisor.new_session())
    await sqlite.close()
    assert target.is_file()
    assert not (tmp_path / "no").exists()  # the URL overrides the path


async def test_without_a_url_the_store_is_the_sqlite_file_at_the_path(
    core: Core, tmp_path: Path
) -> None:
    target = tmp_path / "legacy.sqlite3"
    parts = await bootstrap(Settings.from_env({"PAIDOFF_DB_PATH": str(target)}), core=core)
    await parts.close()
    assert isinstance(parts.store, SqliteStore)
    assert target.is_file()


@pytest.mark.parametrize(
    ("given", "base"),
    [
        ("https://api.telegram.org", "https://api.telegram.org"),
        ("https://api.telegram.org/", "https://api.telegram.org"),
        ("https://api.telegram.org/bot", "https://api.telegram.org"),
        ("https://api.telegram.org/bot/", "https://api.telegram.org"),
        ("http://127.0.0.1:8081/proxy/bot", "http://127.0.0.1:8081/proxy"),
        ("https://bot", "https://bot"),  # a host called "bot" is not the suffix
    ],
)
def test_the_bot_api_base_takes_both_forms(given: str, base: str) -> None:
    assert Settings.from_env({"TELEGRAM_API_BASE_URL": given}).api_base_url == base


def test_a_second_checkout_reads_its_own_knowledge(tmp_path: Path) -> None:
    """A copy of the source tree run with this environment (whose editable install points at
    the first checkout) reads the copy's knowledge/, not the first checkout's: an edited rule
    in a second worktree is what `paidoff sms-check` measures there."""
    root = Path(__file__).resolve().parents[2]
    copy = tmp_path / "checkout"
    shutil.copytree(root / "bot", copy / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(root / "knowledge", copy / "knowledge")
    shutil.copy2(root / "setup.py", copy / "setup.py")
    code = "from bot.config import shipped_knowledge; print(shipped_knowledge())"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )
    assert Path(done.stdout.strip()) == copy / "knowledge"


def test_the_knowledge_is_the_shipped_folder_unless_overridden(tmp_path: Path) -> None:
    shipped = Settings.from_env({}).knowledge_dir
    assert shipped == shipped_knowledge()
    assert (shipped / "questions.yaml").is_file()
    assert Settings.from_env({"PAIDOFF_KNOWLEDGE_DIR": str(tmp_path)}).knowledge_dir == tmp_path
