"""Bot API faults while users talk to `paidoff run`: the bot recovers by itself.

Six users go through their conversations (buttons, typed answers, pasted SMS) while the
loopback Bot API answers 429 with ``retry_after``, then 500s, then calls that hang past
the bot's timeout (``PAIDOFF_TELEGRAM_TIMEOUT``, 1 s here; the hung call then vanishes or,
for ``getUpdates``, lands late), then stops listening for a while (every connection
refused) and comes back on the same port. No update is lost (every user reaches the end
of their plan and the inbox is empty), no reply is shown twice, and each chat ends on
the screen the user's steps lead to.

Timings: a stall holds a call for 30 s unless the bot hangs up first; with
``PAIDOFF_TELEGRAM_TIMEOUT=1`` and ``PAIDOFF_POLL_TIMEOUT=1`` it must (a poll is given up
after 1 + 1 s), so the test waits about a second per stall. The outage is 4 s, not 20:
the bot's polling backs off 1, 1.5, 2.25 s…, so a longer outage only adds waiting here;
an update that outlasts every retry of the inbox is the in-process test's case.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import TOKEN, BotProcess, Person
from tests.support.drivers import Driver, cards, duplicates, paster, tapper, typist
from tests.support.faults import OutageServer, StallingBotApi
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e

TIMEOUT = 1.0
"""PAIDOFF_TELEGRAM_TIMEOUT for the bot under test (seconds)."""
STALL = 30.0
"""A stalled call is held this long unless the bot hangs up first (it should after TIMEOUT)."""
OUTAGE = 4.0
PHASE_WAIT = 60.0


@pytest.fixture
def stalling() -> StallingBotApi:
    return StallingBotApi(token=TOKEN)


@pytest.fixture
def outage_server(stalling: StallingBotApi) -> Iterator[OutageServer]:
    server = OutageServer(stalling).start()
    try:
        yield server
    finally:
        server.stop()


def _consumed(api: StallingBotApi, *methods: str) -> None:
    """Wait until every planned fault of ``methods`` has been met by a bot call."""
    wait_until(
        lambda: all(api.faults_left(m) == 0 and api.stalls_left(m) == 0 for m in methods),
        timeout=PHASE_WAIT,
        what=f"the bot to meet the faults planned on {methods}",
    )


def _wave(api: StallingBotApi, first_user: int) -> list[Driver]:
    """Three users starting now: buttons, typed answers, pasted SMS."""
    plans = [tapper(), typist(), paster()]
    drivers = [
        Driver(Person(api, first_user + n), plan, wait=PHASE_WAIT) for n, plan in enumerate(plans)
    ]
    for driver in drivers:
        driver.start()
    return drivers


def test_429_500_stalls_and_an_outage_lose_and_repeat_nothing(
    stalling: StallingBotApi, outage_server: OutageServer, tmp_path: Path
) -> None:
    api = stalling
    bot = BotProcess(
        outage_server,
        tmp_path / "bot.sqlite3",
        tmp_path / "bot.log",
        PAIDOFF_TELEGRAM_TIMEOUT=str(TIMEOUT),
        PAIDOFF_POLL_TIMEOUT="1",
    )
    try:
        bot.start().wait_polling(api)
        # 1. Too many requests: Telegram says when to come back.
        api.inject("sendMessage", status=429, retry_after=1, times=2)
        api.inject("editMessageText", status=429, retry_after=1)
        drivers = _wave(api, 900)
        _consumed(api, "sendMessage", "editMessageText")
        # 2. Internal server errors, on sends, edits and the long poll.
        api.inject("sendMessage", status=500, times=3)
        api.inject("editMessageText", status=500, times=2)
        api.inject("getUpdates", status=502, times=2)
        drivers += _wave(api, 910)
        _consumed(api, "sendMessage", "editMessageText", "getUpdates")
        # 3. Calls that hang past the bot's timeout: a send and an edit vanish, a poll
        #    hangs: the bot must give up on each (time out) and try again.
        api.stall("sendMessage", STALL, times=2)
        api.stall("editMessageText", STALL)
        api.stall("getUpdates", STALL)
        drivers += _wave(api, 920)
        _consumed(api, "sendMessage", "editMessageText", "getUpdates")
        # 4. Telegram unreachable: nothing listens on its port for a while, with updates
        #    received and not yet answered.
        drivers += _wave(api, 930)
        wait_until(lambda: bot.unanswered() > 0, timeout=PHASE_WAIT, what="a busy bot")
        outage_server.outage()
        time.sleep(OUTAGE)
        outage_server.back()
        for driver in drivers:
            driver.join(PHASE_WAIT * 2)
        bot.wait_idle(api, timeout=PHASE_WAIT)
        lost = [line for driver in drivers for line in driver.lost]
        assert lost == [], "\n".join(lost) + "\n" + bot.logs()[-3000:]
        stalled = ["editMessageText", "getUpdates", "sendMessage", "sendMessage"]
        assert sorted(api.abandoned) == stalled  # the bot timed out of each stalled call
        for driver in drivers:
            person = driver.person
            assert duplicates(person) == [], f"user {person.user_id}\n{api.dump(40)}"
            if driver.steps[-1][0] == "sms":
                assert len(cards(person)) == len(driver.acknowledged) == 3, api.dump()
            else:
                assert driver.where in person.screen(), api.dump()
        assert api.internal_errors == []
    finally:
        bot.stop()
