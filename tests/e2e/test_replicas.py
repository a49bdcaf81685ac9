"""Two webhook replicas on one PostgreSQL: every update applied once and in order, one
replica SIGKILLed mid-run.

`paidoff deploy` registers the webhook and menus once; two `paidoff run --webhook`
processes (PAIDOFF_REPLICAS=2) share a database on the throwaway cluster and the Bot API
test double. A load generator plays Telegram (tests/support/webhook_load.py): many chats,
each sequential (the next update only after the previous one's HTTP answer), consecutive
updates of a chat sent to alternate replicas, an update without a 200 sent again to the
other one. Replica A is SIGKILLed while it has requests in flight.

What a user would notice is checked: when an update's 200 comes, the chat already shows
that update's answer (processed before answering, so nothing can overtake it); every chat
ends at the guidance with each question asked exactly once and no message twice; in the
database nothing is pending and every session's facts and ``last_update_id`` are those
of its last update.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from functools import partial
from pathlib import Path

import asyncpg
import pytest

from tests.conftest import KNOWLEDGE_DIR, ROOT
from tests.e2e.conftest import TOKEN, BotProcess
from tests.support.bot_api_server import BotApiServer
from tests.support.fake_bot_api import FakeBotApi
from tests.support.postgres import PostgresServer, free_port
from tests.support.progress import asked
from tests.support.waiting import wait_until
from tests.support.webhook_load import Telegram

pytestmark = pytest.mark.e2e

SECRET = "replica-secret_for-tests"
CHATS = 16
FIRST_CHAT = 9100
SCRIPT = ("/start", "还清了", "上周", "借呗", "从没逾期", "95188", "是我的名字", "都没有")
"""Typed answers (Telegram accepts a typed answer as well as a tap)."""
SCREENS = (*(asked(n) for n in range(1, 8)), "怎么做")
"""What the chat shows after each update of ``SCRIPT``."""
FACTS = {
    "paid_off": "yes",
    "paid_when": "4_7_days",
    "overdue": "never",
    "sender": "official",
    "addressed_to": "me",
    "red_flags": ["none"],
}
KILL_AFTER = CHATS * len(SCRIPT) // 3
"""Answered updates before replica A is killed (then at its next request in flight)."""


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _replica(server: BotApiServer, db_url: str, tmp: Path, name: str) -> tuple[BotProcess, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    process = BotProcess(
        server,
        tmp / f"{name}.sqlite3",  # unused: PAIDOFF_DB_URL wins
        tmp / f"{name}.log",
        PAIDOFF_DB_URL=db_url,
        PAIDOFF_REPLICAS="2",
        PAIDOFF_WEBHOOK_SECRET=SECRET,
        PAIDOFF_WEBHOOK_PORT=str(port),
        PAIDOFF_LOG_LEVEL="INFO",
    ).start("--webhook", url)
    return process, url


def _deploy(server: BotApiServer, url: str) -> None:
    """`paidoff deploy --webhook URL`, once, as an operator's deploy step would."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "PAIDOFF_KNOWLEDGE_DIR": str(KNOWLEDGE_DIR),
        "PAIDOFF_WEBHOOK_SECRET": SECRET,
    }
    done = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "bot", "deploy", "--webhook", url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert url in done.stdout


async def _database(db_url: str) -> tuple[int, list[tuple[str, str, int | None]]]:
    conn = await asyncpg.connect(db_url)
    try:
        pending = await conn.fetchval("SELECT count(*) FROM inbox WHERE data IS NOT NULL")
        rows = await conn.fetch("SELECT user_key, data, last_update_id FROM sessions")
    finally:
        await conn.close()
    return int(pending), [(r["user_key"], r["data"], r["last_update_id"]) for r in rows]


def test_two_replicas_apply_every_update_once_and_in_order_through_a_sigkill(
    api: FakeBotApi, server: BotApiServer, postgres_server: PostgresServer, tmp_path: Path
) -> None:
    started = time.monotonic()
    db_url = postgres_server.new_database()
    a, url_a = _replica(server, db_url, tmp_path, "a")
    b, url_b = _replica(server, db_url, tmp_path, "b")
    try:
        port_a, port_b = (int(url.split(":")[2].split("/")[0]) for url in (url_a, url_b))
        for port in (port_a, port_b):
            wait_until(partial(_listening, port), timeout=60, what=f"a replica on {port}")
        _deploy(server, "https://bot.example.org/hook")
        assert api.webhook_url == "https://bot.example.org/hook"
        assert len(api.calls("setWebhook")) == 1  # the deploy step's; replicas set none
        assert api.commands(language_code="en")  # menus came from the deploy step too
        killed: list[int] = []

        def kill_a_mid_run(telegram: Telegram) -> None:
            wait_until(
                lambda: len(telegram.answered) >= KILL_AFTER and telegram.in_flight[0] > 0,
                timeout=telegram.deadline,
                what="replica A busy, a third of the way in",
            )
            busy = telegram.in_flight[0]
            a.kill9()
            killed.extend((len(telegram.answered), busy))

        telegram = Telegram(api, [url_a, url_b], SECRET, deadline=150.0)
        scripts = {FIRST_CHAT + n: SCRIPT for n in range(CHATS)}
        for chat in scripts:
            api.register_user(chat, language_code="zh-hans")
        answered = telegram.run(scripts, during=kill_a_mid_run)

        # Processed before answering: at each 200 the chat already shows that update's
        # answer, for every update of every chat (an overtaken or lost one would not).
        wrong = [
            (x.chat, x.step, x.screen[:40]) for x in answered if SCREENS[x.step] not in x.screen
        ]
        assert wrong == [], wrong
        assert len(answered) == CHATS * len(SCRIPT)
        assert killed, "replica A was never killed"
        retried = [x for x in answered if x.attempts > 1]
        assert retried, "no update was in flight on A when it died"
        for chat in scripts:  # exactly once: each question once, no message twice
            texts = [m.text for m in api.messages(chat) if m.from_bot]
            assert all(sum(s in t for t in texts) == 1 for s in SCREENS[:7]), texts
            assert [t for t, n in Counter(texts).items() if n > 1] == [], texts
        pending, sessions = asyncio.run(_database(db_url))
        assert pending == 0
        last = {f"tg:{x.chat}": x.update_id for x in answered if x.step == len(SCRIPT) - 1}
        assert {key for key, _, _ in sessions} == set(last)
        for key, data, last_update_id in sessions:
            assert last_update_id == last[key]
            facts = json.loads(data)["facts"]
            assert {k: facts.get(k) for k in FACTS} == FACTS
        figures = {
            "chats": CHATS,
            "updates": len(answered),
            "killed_after": killed[0],
            "in_flight_on_a_at_kill": killed[1],
            "sent_again": len(retried),
            "failed_attempts": telegram.failures,
            "answered_by_b": sum(x.replica == 1 for x in answered),
            "seconds": round(time.monotonic() - started, 1),
        }
        print("replica figures:", json.dumps(figures))
    finally:
        a.stop()
        b.stop()
