"""SIGKILL a busy bot at random moments: no acknowledged update lost, nothing sent twice.

Several users talk to the `paidoff run` process at once (buttons, typed answers, bursts of
pasted SMS) while the test kills it with SIGKILL at random moments and starts it again.
Each user acts like a person: one step, then waits (across restarts) for its answer. At
the end every update Telegram handed over was answered exactly once, every user's
conversation is where their steps led, and /start resumes it.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.e2e.conftest import ZH_TAPS, BotProcess, Person
from tests.support.fake_bot_api import FakeBotApi
from tests.support.progress import asked
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e

KILLS = 5
"""Kills that must find updates in flight (the bot answering them again at restart)."""
MAX_KILLS = 10
"""Kills at most: one that happens to find the bot idle is followed by another."""
STEP_WAIT = 40.0
SCAM = (
    "【支付宝】您的借呗账户异常，将影响征信，请立即登录 alipay-jb.top 处理，并将资金转入安全账户。"
)
NAMED = "邓强，你欠的借呗逾期款再不还，我们就联系你的家人和单位，后果自负。"
CODE = "【支付宝】校验码482913，你正在登录支付宝，切勿告诉他人。"
TAPS = ZH_TAPS
Step = tuple[str, str, str]  # (kind: send | tap | burst, what, expected in the answer)


def _tapper() -> list[Step]:
    return [("send", "/start", asked(1)), *[("tap", label, until) for label, until in TAPS]]


def _typist() -> list[Step]:
    return [
        ("send", "/start", asked(1)),
        ("send", "还清了", asked(2)),
        ("send", "上周", asked(3)),
        ("send", "借呗", asked(4)),
        *[("tap", label, until) for label, until in TAPS[3:]],
    ]


def _paster() -> list[Step]:
    return [
        ("send", "/start", asked(1)),
        ("burst", "sms", "🟢"),
        ("tap", "已经全部还清", "第 2/"),  # the messages' facts are in: fewer questions
    ]


class Driver(threading.Thread):
    """One user's steps; a step whose answer never comes is counted as lost."""

    def __init__(self, person: Person, steps: list[Step]) -> None:
        super().__init__(daemon=True)
        self.person, self.steps = person, steps
        self.lost: list[str] = []

    def run(self) -> None:
        api, person = self.person.api, self.person
        for kind, what, until in self.steps:
            try:
                if kind == "send":
                    person.send(what, until=until, timeout=STEP_WAIT)
                elif kind == "tap":
                    person.tap(what, until=until, timeout=STEP_WAIT)
                else:  # three pasted SMS in a row, without waiting in between
                    for text in (SCAM, NAMED, CODE):
                        api.user_sends(person.user_id, text)
                    api.wait_for(
                        lambda _: len(_cards(person)) >= 3, timeout=STEP_WAIT, what="3 cards"
                    )
            except AssertionError as exc:
                self.lost.append(f"user {person.user_id} step {what!r}: {str(exc)[:300]}")
                return


def _cards(person: Person) -> list[str]:
    return [m.text for m in person.bot_messages() if m.text[:1] in "🔴🟠🟢"]


def _inbox(db: Path) -> tuple[set[int], int]:
    raw = sqlite3.connect(db)
    try:
        ids = {int(r[0]) for r in raw.execute("SELECT update_id FROM inbox")}
        query = "SELECT COUNT(*) FROM inbox WHERE data IS NOT NULL"
        pending = int(raw.execute(query).fetchone()[0])
    finally:
        raw.close()
    return ids, pending


def _until_busy(bot_process: BotProcess, timeout: float = 10.0) -> None:
    """Wait for updates received and not yet answered (kill anyway if none come)."""
    with contextlib.suppress(AssertionError):
        wait_until(lambda: bot_process.unanswered() > 0, timeout=timeout, what="a busy bot")


def _replayed(bot_process: BotProcess) -> list[int]:
    """How many updates each restart found pending (its "answering N updates" log line)."""
    found = re.findall(r"answering (\d+) updates received", bot_process.logs())
    return [int(n) for n in found]


def test_sigkill_at_random_moments_loses_and_repeats_nothing(
    api: FakeBotApi, bot_process: BotProcess
) -> None:
    seed = int(time.time())
    rng = random.Random(seed)
    bot_process.start().wait_polling(api)
    plans = [_tapper, _typist, _paster] * 8
    drivers = [Driver(Person(api, 700 + n), plan()) for n, plan in enumerate(plans)]
    waiting = list(drivers)
    kills = 0
    while kills < MAX_KILLS and len(_replayed(bot_process)) < KILLS:
        for driver in waiting[:4]:  # new users keep arriving, so every kill finds work
            driver.start()
        del waiting[:4]
        time.sleep(rng.uniform(0.2, 1.0))
        _until_busy(bot_process)  # updates received and not yet answered
        time.sleep(rng.uniform(0.0, 0.05))
        bot_process.kill9()
        kills += 1
        bot_process.start().wait_polling(api)
    for driver in waiting:
        driver.start()
    for driver in drivers:
        driver.join(STEP_WAIT * 3)
    lost = [line for driver in drivers for line in driver.lost]
    bot_process.wait_idle(api)  # the last answers are in

    issued = {int(c.params.get("offset", 0)) for c in api.calls("getUpdates")}
    acknowledged = max(issued) - 1 if issued else 0
    recorded, pending = _inbox(bot_process.db)
    missing = [u for u in range(1, acknowledged + 1) if u not in recorded]
    duplicates = 0
    for driver in drivers:
        texts = Counter(m.text for m in driver.person.bot_messages())
        duplicates += sum(count - 1 for count in texts.values())
        keyboards = [m for m in driver.person.bot_messages() if m.buttons and "题" in m.text]
        assert len(keyboards) <= 1, f"two live question keyboards (seed {seed})"
    replayed = _replayed(bot_process)
    figures = {
        "seed": seed,
        "kills": kills,
        "updates": acknowledged,
        "lost_steps": len(lost),
        "unrecorded_acknowledged": len(missing),
        "pending_at_end": pending,
        "duplicate_messages": duplicates,
        "in_flight_at_kills": replayed,
    }
    print("crash figures:", json.dumps(figures))
    assert lost == [], f"{figures}\n" + "\n".join(lost)
    assert missing == [], figures
    assert duplicates == 0, f"{figures}\n{api.dump()}"
    assert len(replayed) >= KILLS, f"too few kills found updates in flight: {figures}"
    for driver in drivers:  # every user comes back to where their steps led
        count = len(driver.person.bot_messages())
        driver.person.send("/start", until=driver.steps[-1][2], timeout=STEP_WAIT)
        assert any("欢迎回来" in m.text for m in driver.person.bot_messages()[count:])
    api.wait_for(lambda _: _inbox(bot_process.db)[1] == 0, timeout=STEP_WAIT, what="no pending")
