"""One user floods 1,000 messages while ten others talk to `paidoff run`.

The ten reach the first guidance step with every answer right (each step's reply is the
question or guidance it leads to, none shown twice); the flooder gets at most what the
flood guard allows: ``FLOOD_LIMIT`` replies and one "slow down" notice per window the
flood lasted, and that notice at least once. How much the flood slows the others is a
timing: ``python -m bench.abuse`` reports it (never asserted here).
"""

from __future__ import annotations

import math

import pytest

from tests.e2e.conftest import BotProcess
from tests.support.abuse import FLOOD, FLOOD_LIMIT, FLOOD_WINDOW, OTHERS, flood_round
from tests.support.drivers import duplicates
from tests.support.fake_bot_api import FakeBotApi

pytestmark = pytest.mark.e2e


def test_a_flood_leaves_the_others_conversations_whole_and_gets_bounded_replies(
    api: FakeBotApi, bot_process: BotProcess
) -> None:
    bot_process.start().wait_polling(api)
    done = flood_round(api, bot_process, 1800, 1801)
    lost = [line for driver in done.others for line in driver.lost]
    assert lost == [], "\n".join(lost)
    assert len(done.others) == OTHERS
    for driver in done.others:
        assert driver.done == len(driver.steps)
        assert driver.where in driver.person.screen()
        assert duplicates(driver.person) == []
    windows = math.floor(done.seconds / FLOOD_WINDOW) + 1
    assert 1 <= done.flood_notices <= windows
    assert done.flood_replies <= (FLOOD_LIMIT + 1) * windows, (done, windows)
    assert done.flood_replies < FLOOD // 10
    assert bot_process.unanswered() == 0  # the whole flood was taken in and let go
