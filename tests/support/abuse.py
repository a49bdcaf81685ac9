"""One user floods the bot while others talk to it: the scenario of the abuse test and of
``python -m bench.abuse`` (the test checks behaviour, the bench reports the timings).

``flood_round`` starts ``OTHERS`` users on whole conversations (buttons to the first
guidance step) at the moment a flooder starts pushing ``FLOOD`` messages as fast as the
double takes them; ``quiet_round`` is the same conversations with nobody flooding. The
bot is a ``paidoff run`` process (``tests.e2e.conftest.BotProcess``) on the loopback
double; its flood guard lets ``FLOOD_LIMIT`` updates a user through per ``FLOOD_WINDOW``
seconds and says "slow down" once a window (``bot.channels.telegram.guards``).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from tests.e2e.conftest import BotProcess, Person
from tests.support.drivers import Driver, tapper
from tests.support.fake_bot_api import FakeBotApi
from tests.support.progress import asked

__all__ = ["FLOOD", "FLOOD_LIMIT", "FLOOD_WINDOW", "OTHERS", "Round", "flood_round", "quiet_round"]

FLOOD = 1000
OTHERS = 10
FLOOD_LIMIT = 20
"""Updates a user gets through per window (``build_application``'s ``flood_limit``)."""
FLOOD_WINDOW = 10.0
"""Seconds of the flood guard's window (``FloodGuard.window``)."""
WAIT = 90.0


@dataclass(frozen=True)
class Round:
    """What a round did: the others' drivers, and the flooder's side of it."""

    others: list[Driver]
    flood_replies: int = 0
    """Bot messages the flooder got for its flood (after its own /start)."""
    flood_notices: int = 0
    """Of those, the "too many messages" notices."""
    seconds: float = 0.0
    """From the first message of the round until the bot had answered everything."""

    @property
    def latencies(self) -> list[float]:
        return [t for driver in self.others for t in driver.latencies]


def _converse(api: FakeBotApi, first_user: int) -> list[Driver]:
    drivers = [Driver(Person(api, first_user + n), tapper(), wait=WAIT) for n in range(OTHERS)]
    for driver in drivers:
        driver.start()
    return drivers


def quiet_round(api: FakeBotApi, bot: BotProcess, first_user: int) -> Round:
    """``OTHERS`` conversations at once, nobody flooding."""
    began = time.monotonic()
    others = _converse(api, first_user)
    for driver in others:
        driver.join(WAIT * 3)
    bot.wait_idle(api, timeout=WAIT)
    return Round(others, seconds=time.monotonic() - began)


def flood_round(api: FakeBotApi, bot: BotProcess, flooder_id: int, first_user: int) -> Round:
    """The same conversations while ``flooder_id`` sends ``FLOOD`` messages."""
    flooder = Person(api, flooder_id)
    flooder.send("/start", until=asked(1), timeout=WAIT)
    before = len(flooder.bot_messages())

    def flood() -> None:
        for n in range(FLOOD):
            api.user_sends(flooder_id, f"刷屏 {n} <b>&amp;")

    began = time.monotonic()
    pusher = threading.Thread(target=flood, name="flooder", daemon=True)
    pusher.start()
    others = _converse(api, first_user)
    pusher.join(WAIT)
    for driver in others:
        driver.join(WAIT * 3)
    bot.wait_idle(api, timeout=WAIT * 2)
    seconds = time.monotonic() - began
    got = flooder.bot_messages()[before:]
    notices = sum("消息发得太快了" in m.text for m in got)  # texts.yaml slow_down
    return Round(others, len(got), notices, seconds)
