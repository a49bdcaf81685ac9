"""Follow-ups through the real Telegram application and the fake Bot API: offered on a
step, sent by the reminder job when due, answered with a tap; /reminders lists and cancels."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path

import pytest
from telegram import Update
from telegram.ext import CallbackContext

from bot.channels.telegram import jobs
from bot.channels.telegram.deps import deps
from bot.channels.telegram.inbox import INBOX_KEY
from bot.channels.telegram.jobs import send_due
from bot.knowledge.base import Knowledge
from bot.reminders import Kind, Reminder, run_due
from bot.reminders.runner import MAX_ATTEMPTS
from tests.e2e.conftest import ZH_TAPS
from tests.support.telegram_chat import BotUnderTest, running_bot

DAY = 0.05
"""A follow-up's day in these tests (PAIDOFF_TEST_DAY_SECONDS): "2 days" is 0.1 s."""


@pytest.fixture
async def bot(knowledge: Knowledge, tmp_path: Path) -> AsyncIterator[BotUnderTest]:
    async with running_bot(knowledge, tmp_path, day_seconds=DAY) as running:
        yield running


async def _job(bot: BotUnderTest) -> None:
    """One run of the reminder job (the JobQueue is not started in these tests)."""
    await send_due(CallbackContext(bot.app))


async def test_a_check_in_is_offered_sent_when_due_and_answered(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    for label, _ in ZH_TAPS:
        await chat.tap(label)
    await chat.tap("下一步")  # the plan's second step: wait for the repayment to post
    assert "先等一等再核对" in chat.screen
    await chat.tap("过几天提醒我")
    await chat.tap("2 天后")
    assert "我会在" in chat.screen
    assert "/reminders" in chat.screen
    before = len(chat.messages)
    await _job(bot)
    assert len(chat.messages) == before  # not due yet
    await asyncio.sleep(3 * DAY)
    await _job(bot)
    assert "借呗的还款记录" in chat.screen
    assert chat.buttons == ["✅ 停了", "📨 还在收到"]
    await _job(bot)
    assert len(chat.messages) == before + 1  # sent once
    await chat.tap("还在收到")
    assert "95188" in chat.screen
    assert chat.buttons == ["⏰ 一周后问我短信停了没有"]


async def test_reminders_lists_and_cancels_and_is_in_the_menu(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/reminders")
    assert "没有设置任何提醒" in chat.screen
    await chat.tap("每月还款提醒")
    assert "1 到 31" in chat.screen
    await chat.send("31")
    await chat.tap("提前 3 天")
    assert "每月 31 号还款" in chat.screen
    await chat.send("/reminders")
    assert "每月 31 号还款，提前 3 天提醒" in chat.screen
    await chat.tap("取消第 1 个")
    assert "没有设置任何提醒" in chat.screen
    assert "reminders" in dict(bot.api.commands())


async def test_a_due_reminder_waits_for_the_chats_update_being_answered(
    bot: BotUnderTest,
) -> None:
    chat = bot.user()
    await chat.send("/start")
    service = deps(CallbackContext(bot.app)).ready()
    await service.add_reminder(Reminder("tg:1001", Kind.SUPPORT, 0.0, {"lang": "zh-Hans"}))
    inbox = bot.app.bot_data[INBOX_KEY]
    bot.api.user_sends(chat.user_id, "/privacy", language_code="zh-hans")
    raw = bot.api.pending_updates()[-1]
    assert await inbox.receive(Update.de_json(raw, bot.app.bot))  # queued, not yet answered
    await _job(bot)
    await inbox.wait_idle()
    texts = [m.text for m in chat.messages]
    privacy = next(i for i, t in enumerate(texts) if "隐私说明" in t)
    reminder = next(i for i, t in enumerate(texts) if "还在收到催收短信吗" in t)
    assert privacy < reminder  # the update's answer first, then the reminder


async def test_a_reminder_claimed_before_a_forget_is_not_sent_after_it(
    bot: BotUnderTest,
) -> None:
    chat = bot.user()
    await chat.send("/start")
    service = deps(CallbackContext(bot.app)).ready()
    await service.add_reminder(Reminder("tg:1001", Kind.SUPPORT, 0.0, {"lang": "zh-Hans"}))
    await chat.send("/forget")
    live = chat.live
    assert live is not None
    data = next(d for row in live.buttons for t, d in row if "确认删除" in t)
    assert data is not None
    inbox = bot.app.bot_data[INBOX_KEY]
    bot.api.user_presses(chat.user_id, live.message_id, data)
    raw = bot.api.pending_updates()[-1]
    assert await inbox.receive(Update.de_json(raw, bot.app.bot))  # queued, not yet answered
    await _job(bot)  # claimed before the forget is answered, sent after it
    await inbox.wait_idle()
    assert "已删除你的全部记录" in chat.screen
    assert not any("还在收到催收短信吗" in m.text for m in chat.messages)
    assert await service.reminders("tg:1001") == []


async def test_a_reminder_due_while_telegram_is_unreachable_comes_once_it_is_back(
    bot: BotUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = bot.user()
    await chat.send("/start")
    service = deps(CallbackContext(bot.app)).ready()
    await service.add_reminder(Reminder("tg:1001", Kind.SUPPORT, 0.0, {"lang": "zh-Hans"}))
    monkeypatch.setattr(jobs, "run_due", partial(run_due, lease=0.0))  # each run tries again
    bot.api.refuse("sendMessage", times=1000)
    for _ in range(MAX_ATTEMPTS + 2):  # a long outage: more runs than a failing send gets
        await _job(bot)
    bot.api.clear_faults()
    await _job(bot)
    assert "还在收到催收短信吗" in chat.screen
