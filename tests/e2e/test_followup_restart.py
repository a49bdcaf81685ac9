"""A follow-up survives SIGKILL: set in the chat, the bot process killed and started again,
and the follow-up still arrives at its time (issue 10's Done-when).

A follow-up's "day" is shortened with ``PAIDOFF_TEST_DAY_SECONDS`` (test only), so "in 2
days" is seconds away; the reminder job runs every ``PAIDOFF_JOB_INTERVAL`` seconds.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import ZH_TAPS, BotProcess, Person
from tests.support.bot_api_server import BotApiServer
from tests.support.fake_bot_api import FakeBotApi
from tests.support.progress import asked
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e

DAY = 6.0
"""Seconds in a follow-up's day here: "in 2 days" is 12 s, more than a restart takes."""
ARRIVAL_WAIT = 90.0


def _due_at(db: Path) -> list[float]:
    raw = sqlite3.connect(db)
    try:
        return [float(r[0]) for r in raw.execute("SELECT due_at FROM reminders")]
    finally:
        raw.close()


def test_a_follow_up_set_before_sigkill_arrives_after_the_restart(
    api: FakeBotApi, server: BotApiServer, tmp_path: Path
) -> None:
    db = tmp_path / "bot.sqlite3"
    env = {"PAIDOFF_TEST_DAY_SECONDS": str(DAY), "PAIDOFF_JOB_INTERVAL": "0.5"}
    process = BotProcess(server, db, tmp_path / "bot.log", **env)
    try:
        process.start().wait_polling(api)
        user = Person(api, 601)
        user.send("/start", until=asked(1))
        for label, until in ZH_TAPS:
            user.tap(label, until)
        user.tap("下一步", until="先等一等再核对")
        user.tap("过几天提醒我", until="几天后提醒你")
        user.tap("2 天后", until="我会在")
        (due_at,) = _due_at(db)
        process.kill9()
        killed_at = time.time()
        assert not any("借呗的还款记录" in m.text for m in user.bot_messages())
        process.start().wait_polling(api)
        arrived = user.wait_screen("借呗的还款记录", timeout=ARRIVAL_WAIT)
        seen_at = time.time()
        assert "催收短信停了吗" in arrived
        assert seen_at >= due_at > killed_at - 2 * DAY  # at its time, not before
        wait_until(lambda: _due_at(db) == [], timeout=20.0, what="the sent reminder retired")
        user.tap("停了", until="太好了")
    finally:
        process.stop()
    assert "借呗的还款记录" not in process.logs()  # message text stays out of the logs
