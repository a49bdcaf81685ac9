"""End-to-end harness: the bot as a separate `paidoff run` process, the Bot API on loopback."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import KNOWLEDGE_DIR, ROOT
from tests.support.bot_api_server import BotApiServer
from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_bot_models import MessageView
from tests.support.progress import asked
from tests.support.waiting import wait_until

TOKEN = "777000:E2E-test-token-not-a-real-one-0000000"
WAIT = 20.0
_CACHE: list[Path] = []
"""The session's knowledge cache folder (``knowledge_cache``)."""


@pytest.fixture(scope="session", autouse=True)
def knowledge_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One knowledge cache (``PAIDOFF_CACHE_DIR``) for every bot process of the session,
    as one host keeps it across restarts: each start after the first reuses the checked
    knowledge (``bot.knowledge.cache``; tests/unit/test_knowledge_cache.py tests it)."""
    folder = tmp_path_factory.mktemp("knowledge-cache")
    _CACHE[:] = [folder]
    return folder


class BotProcess:
    """`python -m bot run …` pointed at the test server; logs kept in a file."""

    def __init__(self, server: BotApiServer, db: Path, log: Path, **env: str) -> None:
        self.server = server
        self.db = db
        self.log = log
        self.env = env
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, *args: str) -> BotProcess:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": self.server.base_url,
            "PAIDOFF_DB_PATH": str(self.db),
            "PAIDOFF_KNOWLEDGE_DIR": str(KNOWLEDGE_DIR),
            "PAIDOFF_LOG_LEVEL": "DEBUG",
            "PAIDOFF_OCR_AT_BOOT": "0",  # s6-burst: no OCR worker (0.4 GB) in every bot process
            **({"PAIDOFF_CACHE_DIR": str(_CACHE[0])} if _CACHE else {}),
            **self.env,
        }
        with self.log.open("ab") as sink:
            self.proc = subprocess.Popen(  # noqa: S603 - our own module
                [sys.executable, "-m", "bot", "run", *args],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=sink,
            )
        return self

    def wait_polling(self, api: FakeBotApi) -> None:
        """Block until the bot is long-polling (it has started and set its commands)."""
        api.wait_for(lambda a: a.waiting_polls > 0, timeout=WAIT, what="the bot polling")

    def wait_idle(self, api: FakeBotApi, timeout: float = WAIT) -> None:
        """Block until every update sent so far was fetched, confirmed and answered."""

        def idle() -> bool:
            return not api.pending_updates() and self.unanswered() == 0

        wait_until(idle, timeout=timeout, what="the bot to answer every update")

    def unanswered(self) -> int:
        """Updates in the bot's inbox not answered yet (-1 while the file cannot be read)."""
        try:
            raw = sqlite3.connect(self.db)
            try:
                row = raw.execute("SELECT COUNT(*) FROM inbox WHERE data IS NOT NULL").fetchone()
            finally:
                raw.close()
        except sqlite3.Error:  # being created or migrated, or locked for a moment
            return -1
        return int(row[0])

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=WAIT)

    def stop(self) -> int:
        """SIGTERM and wait; returns the exit status."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait(timeout=WAIT)

    def logs(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


class Person:
    """One Telegram user talking to the bot process, blocking until it answers."""

    def __init__(self, api: FakeBotApi, user_id: int, language_code: str = "zh-hans") -> None:
        self.api = api
        self.user_id = user_id
        self.language_code = language_code

    def bot_messages(self) -> list[MessageView]:
        return [m for m in self.api.messages(self.user_id) if m.from_bot]

    def screen(self) -> str:
        messages = self.bot_messages()
        return messages[-1].text if messages else ""

    def live(self) -> MessageView:
        live = next((m for m in reversed(self.bot_messages()) if m.buttons), None)
        assert live is not None, self.api.dump()
        return live

    def _state(self) -> list[tuple[int, int]]:
        return [(m.message_id, m.edit_count) for m in self.bot_messages()]

    def wait_screen(
        self, expected: str, timeout: float = WAIT, since: list[tuple[int, int]] | None = None
    ) -> str:
        """Block until the newest bot message contains ``expected``; given ``since``, until
        a bot message sent or edited after that snapshot does (a tap edits the live
        question where it is, which need not be the newest message), so an old screen
        cannot satisfy the wait. Returns the text that did."""
        found: list[str] = []

        def ready(_: FakeBotApi) -> bool:
            if since is None:
                found[:] = [self.screen()]
                return expected in found[0]
            before = dict(since)
            changed = [
                m.text for m in self.bot_messages() if before.get(m.message_id) != m.edit_count
            ]
            found[:] = [t for t in changed if expected in t][-1:]
            return bool(found)

        self.api.wait_for(ready, timeout=timeout, what=f"a reply with {expected!r}")
        return found[0]

    def send(self, text: str, until: str, timeout: float = WAIT, **kwargs: object) -> str:
        """Send a message; wait for a new or edited reply containing ``until``."""
        before = self._state()
        self.api.user_sends(self.user_id, text, language_code=self.language_code, **kwargs)  # type: ignore[arg-type]
        return self.wait_screen(until, timeout=timeout, since=before)

    def tap(self, label: str, until: str, timeout: float = WAIT) -> str:
        """Tap the newest button containing ``label``; wait for a screen with ``until``."""
        before = self._state()
        for message in reversed(self.bot_messages()):
            for row in message.buttons:
                for text, data in row:
                    if label in text and data:
                        self.api.user_presses(self.user_id, message.message_id, data)
                        return self.wait_screen(until, timeout=timeout, since=before)
        raise AssertionError(f"no button {label!r} in {self.live().buttons}")


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi(token=TOKEN)


@pytest.fixture
def server(api: FakeBotApi) -> Iterator[BotApiServer]:
    with BotApiServer(api) as running:
        yield running


@pytest.fixture
def bot_process(server: BotApiServer, tmp_path: Path) -> Iterator[BotProcess]:
    process = BotProcess(server, tmp_path / "bot.sqlite3", tmp_path / "bot.log")
    try:
        yield process
    finally:
        process.stop()


# The Chinese taps from /start to the guidance, with the text each answer brings.
ZH_TAPS = [
    ("已经全部还清", asked(2)),
    ("今天", asked(3)),
    ("借呗", asked(4)),
    ("从没逾期", asked(5)),
    ("95188", asked(6)),
    ("是我的名字", asked(7)),
    ("都没有", "怎么做"),
]
