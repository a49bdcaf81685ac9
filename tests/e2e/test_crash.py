"""SIGKILL a busy bot at random moments: nothing acknowledged is lost, nothing sent twice.

Fifty users talk to the `paidoff run` process at once (buttons, typed answers, SMS pasted
with keeping switched on), each acting like a person: one step, then waiting (across
restarts) for its answer. Meanwhile the test kills the process with SIGKILL at random
moments (seeded: ``PAIDOFF_CRASH_SEED``, 1205 by default) and starts it again, until five
kills have found updates in flight. After every kill:

* SQLite's ``PRAGMA integrity_check`` on the file the restart opens says ``ok``;
* every SMS the bot had answered with a verdict card (keeping on) is in the evidence log.

At the end every update Telegram handed over was recorded and answered, each user's steps
all got their answers (so each continued from the question it was on), no reply shows
twice in a row, and /start resumes every conversation where its steps led.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import sqlite3
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import BotProcess, Person
from tests.support.drivers import Driver, duplicates, paster, tapper, typist
from tests.support.fake_bot_api import FakeBotApi
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e

USERS = 50
KILLS = 5
"""Kills that must find updates in flight (the bot answering them again at restart)."""
MAX_KILLS = 8
"""Kills at most: one that happens to find the bot idle is followed by another."""
STEP_WAIT = 60.0
SEED = int(os.environ.get("PAIDOFF_CRASH_SEED", "1205"))


def _plans(rng: random.Random) -> list[list[tuple[str, str, str]]]:
    """Fifty conversations of different lengths, so users stop at different questions."""
    plans = []
    for n in range(USERS):
        kind = n % 3
        if kind == 0:
            plans.append(tapper(rng.randint(2, 7)))
        elif kind == 1:
            plans.append(typist(rng.randint(2, 5)))
        else:
            plans.append(paster(rng.randint(1, 3)))
    return plans


def _inbox(db: Path) -> tuple[set[int], int]:
    raw = sqlite3.connect(db)
    try:
        ids = {int(r[0]) for r in raw.execute("SELECT update_id FROM inbox")}
        query = "SELECT COUNT(*) FROM inbox WHERE data IS NOT NULL"
        pending = int(raw.execute(query).fetchone()[0])
    finally:
        raw.close()
    return ids, pending


def _integrity(db: Path) -> str:
    raw = sqlite3.connect(db)
    try:
        return ", ".join(str(row[0]) for row in raw.execute("PRAGMA integrity_check"))
    finally:
        raw.close()


def _kept(db: Path) -> dict[str, list[str]]:
    """The SMS texts in the evidence log, by user key."""
    raw = sqlite3.connect(db)
    try:
        rows = raw.execute("SELECT user_key, data FROM evidence ORDER BY id").fetchall()
    finally:
        raw.close()
    kept: dict[str, list[str]] = {}
    for user, data in rows:
        kept.setdefault(str(user), []).append(str(json.loads(data)["text"]))
    return kept


def _missing_evidence(db: Path, drivers: list[Driver], acknowledged: dict[int, int]) -> list[str]:
    """SMS answered with a card before the kill (``acknowledged``: how many per user)
    that the evidence log does not hold."""
    kept = _kept(db)
    missing = []
    for driver in drivers:
        texts = kept.get(f"tg:{driver.person.user_id}", [])
        for sms in driver.acknowledged[: acknowledged.get(driver.person.user_id, 0)]:
            if sms not in texts:
                missing.append(f"user {driver.person.user_id}: {sms[:20]}")
    return missing


def _until_busy(bot_process: BotProcess, timeout: float = 10.0) -> None:
    """Wait for updates received and not yet answered (kill anyway if none come)."""
    with contextlib.suppress(AssertionError):
        wait_until(lambda: bot_process.unanswered() > 0, timeout=timeout, what="a busy bot")


def _replayed(bot_process: BotProcess) -> list[int]:
    """How many updates each restart found pending (its "answering N updates" log line)."""
    found = re.findall(r"answering (\d+) updates received", bot_process.logs())
    return [int(n) for n in found]


def _all_resume(api: FakeBotApi, drivers: list[Driver]) -> list[str]:
    """Every user sends /start at once; those not shown "welcome back" at their question."""
    before = {d.person.user_id: len(d.person.bot_messages()) for d in drivers}
    for driver in drivers:
        api.user_sends(driver.person.user_id, "/start")
    wrong = []
    for driver in drivers:
        person, where = driver.person, driver.where

        def resumed(_: FakeBotApi, p: Person = person, w: str = where) -> bool:
            new = p.bot_messages()[before[p.user_id] :]
            return any("欢迎回来" in m.text for m in new) and any(w in m.text for m in new)

        try:
            api.wait_for(resumed, timeout=10, what=f"user {person.user_id} resumed")
        except AssertionError:
            wrong.append(f"user {person.user_id} (expected {where!r}): {person.screen()[:200]}")
    return wrong


def test_sigkill_at_random_moments_loses_and_repeats_nothing(
    api: FakeBotApi, bot_process: BotProcess
) -> None:
    rng = random.Random(SEED)
    bot_process.start().wait_polling(api)
    drivers = [
        Driver(Person(api, 700 + n), plan, wait=STEP_WAIT) for n, plan in enumerate(_plans(rng))
    ]
    waiting = list(drivers)
    kills, problems = 0, []
    while kills < MAX_KILLS and len(_replayed(bot_process)) < KILLS:
        for driver in waiting[:10]:  # new users keep arriving, so every kill finds work
            driver.start()
        del waiting[:10]
        time.sleep(rng.uniform(0.2, 1.0))
        _until_busy(bot_process)  # updates received and not yet answered
        time.sleep(rng.uniform(0.0, 0.05))
        acknowledged = {d.person.user_id: len(d.acknowledged) for d in drivers}
        bot_process.kill9()
        kills += 1
        if (integrity := _integrity(bot_process.db)) != "ok":
            problems.append(f"integrity_check after kill {kills}: {integrity}")
        problems += _missing_evidence(bot_process.db, drivers, acknowledged)
        bot_process.start().wait_polling(api)
    for driver in waiting:
        driver.start()
    for driver in drivers:
        driver.join(STEP_WAIT * 3)
    lost = [line for driver in drivers for line in driver.lost]
    bot_process.wait_idle(api)  # the last answers are in

    issued = {int(c.params.get("offset", 0)) for c in api.calls("getUpdates")}
    acknowledged_updates = max(issued) - 1 if issued else 0
    recorded, pending = _inbox(bot_process.db)
    missing = [u for u in range(1, acknowledged_updates + 1) if u not in recorded]
    repeated = {d.person.user_id: duplicates(d.person) for d in drivers if duplicates(d.person)}
    replayed = _replayed(bot_process)
    figures = {
        "seed": SEED,
        "kills": kills,
        "updates": acknowledged_updates,
        "lost_steps": len(lost),
        "unrecorded_acknowledged": len(missing),
        "pending_at_end": pending,
        "sms_acknowledged": sum(len(d.acknowledged) for d in drivers),
        "in_flight_at_kills": replayed,
    }
    print("crash figures:", json.dumps(figures))
    assert problems == [], f"{figures}\n" + "\n".join(problems)
    assert lost == [], f"{figures}\n" + "\n".join(lost)
    assert missing == [], figures
    assert repeated == {}, f"{figures}\n{repeated}"
    assert len(replayed) >= KILLS, f"too few kills found updates in flight: {figures}"
    assert (
        _missing_evidence(bot_process.db, drivers, {d.person.user_id: 99 for d in drivers}) == []
    )
    assert _all_resume(api, drivers) == []
    api.wait_for(lambda _: _inbox(bot_process.db)[1] == 0, timeout=STEP_WAIT, what="no pending")
