"""Telegram unreachable, at start-up or while polling: one log line per attempt, then the
bot carries on by itself once the Bot API (the loopback double) is back."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import TOKEN, WAIT, Person
from tests.e2e.test_bot_process import _start_webhook
from tests.support.bot_api_server import BotApiServer
from tests.support.fake_bot_api import FakeBotApi

pytestmark = pytest.mark.e2e

_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ \S+: ")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def port() -> int:
    return _free_port()


@pytest.fixture
def bot(tmp_path: Path, port: int) -> Iterator[Path]:
    """``paidoff run`` against 127.0.0.1:port (PTB's ``/bot`` form of the URL); its log."""
    log = tmp_path / "bot.log"
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{port}/bot",
        "PAIDOFF_DB_URL": f"sqlite:///{tmp_path}/bot.sqlite3",
        "PAIDOFF_OCR_AT_BOOT": "0",  # s6-burst: no OCR worker process in this test
    }
    with log.open("ab") as sink:
        proc = subprocess.Popen(  # noqa: S603 - our own module
            [sys.executable, "-m", "bot", "run"],
            cwd=tmp_path,  # not the repository: the shipped knowledge is used
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=sink,
        )
    try:
        yield log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=WAIT)


def _wait_lines(log: Path, needle: str, count: int) -> list[str]:
    """Block until the log has ``count`` lines containing ``needle``; return them."""
    deadline = time.monotonic() + 3 * WAIT
    while True:
        found = [line for line in _lines(log) if needle in line]
        if len(found) >= count:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"{count}× {needle!r} not logged:\n{log.read_text()}")
        time.sleep(0.1)


def _lines(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8", errors="replace").splitlines()


def _assert_one_line_each(log: Path) -> None:
    """Every log record is one line: no traceback, no continuation lines."""
    stray = [line for line in _lines(log) if not _LINE.match(line)]
    assert stray == [], "\n".join(_lines(log))


def test_unreachable_at_start_up_then_reachable(bot: Path, port: int, api: FakeBotApi) -> None:
    attempts = _wait_lines(bot, "start-up: getMe failed", 2)
    assert all("retrying in" in line for line in attempts)
    with BotApiServer(api, port=port):
        api.wait_for(lambda a: a.waiting_polls > 0, timeout=3 * WAIT, what="the bot polling")
        Person(api, 601).send("/start", until="第 1/")
    _assert_one_line_each(bot)
    assert TOKEN.split(":")[1] not in bot.read_text()


def test_unreachable_while_polling_then_reachable(bot: Path, port: int, api: FakeBotApi) -> None:
    with BotApiServer(api, port=port):
        api.wait_for(lambda a: a.waiting_polls > 0, timeout=3 * WAIT, what="the bot polling")
    _wait_lines(bot, "Telegram unreachable while polling", 3)
    with BotApiServer(api, port=port):
        Person(api, 602).send("/start", until="第 1/")
    _assert_one_line_each(bot)


def test_a_failing_set_webhook_is_retried_in_one_line(
    api: FakeBotApi, server: BotApiServer, tmp_path: Path
) -> None:
    api.inject("setWebhook", status=502)
    process, _ = _start_webhook(server, api, tmp_path)  # waits for setWebhook to succeed
    try:
        (line,) = [x for x in _lines(process.log) if "setWebhook failed" in x]
        assert "retrying in" in line
        _assert_one_line_each(process.log)
    finally:
        process.stop()
