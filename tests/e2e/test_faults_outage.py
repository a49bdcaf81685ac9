"""Telegram unreachable for longer than every retry of the inbox, in process.

The e2e fault test keeps its outage short; here the inbox's pauses are shortened instead
(``retry_delays``), so an outage can outlast all of them in well under a second: an
update received just before Telegram went away must still be answered, once, when it
comes back (Telegram keeps the user's later messages meanwhile).
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import pytest

from bot.channels.telegram import delivery
from bot.knowledge.base import Knowledge
from tests.integration.test_telegram_durable import TOKEN, bot_messages, durable, live, shown
from tests.support.fake_bot_api import FakeBotApi
from tests.support.progress import asked

USER = 3101


async def test_an_outage_longer_than_every_retry_loses_no_update(
    knowledge: Knowledge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "RETRIES", 0)  # no quick re-sends within an attempt
    api = FakeBotApi(token=TOKEN)
    async with durable(knowledge, tmp_path / "b.sqlite3", api, set()) as bot:
        bot.inbox.retry_delays = (0.05, 0.05)
        api.user_sends(USER, "/start")
        await bot.pump()
        api.refuse("*", times=10_000)  # from now on nothing reaches Telegram
        api.user_sends(USER, "还清了")
        await bot.receive_new()
        with contextlib.suppress(TimeoutError):  # every attempt and pause is over by then
            await asyncio.wait_for(bot.inbox.wait_idle(), 1.0)
        api.clear_faults()  # Telegram is back
        await asyncio.wait_for(bot.inbox.wait_idle(), 30)
        assert asked(2) in live(api, USER).text, api.dump()
        assert shown(api, asked(2), USER) == 1
        assert "✔" in bot_messages(api, USER)[0].text
