"""Updates through the durable inbox, in process: faults on sends, crashes, replays, fairness.

The bot is built as in production (inbox, rate limiter) on a real SQLite file and the
fake Bot API; updates go through ``Inbox.receive`` like polling puts them. A "crash" is the
inbox's tasks cancelled mid-update with nothing marked done, and a new application opened
on the same file, as after SIGKILL (the end-to-end test kills a real process).
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot.channels.telegram.app import build_application
from bot.channels.telegram.inbox import INBOX_KEY, Inbox
from bot.config import Settings
from bot.knowledge.base import Knowledge
from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_bot_models import MessageView
from tests.support.fake_request import FakeRequest
from tests.support.progress import asked
from tests.support.waiting import async_wait_until

TOKEN = "123456:TEST-token-for-the-fake-bot-api-000"
USER = 3001


class Durable:
    """One application over the inbox; ``pump`` hands it what the fake users sent."""

    def __init__(self, app: Application, api: FakeBotApi, seen: set[int]) -> None:  # type: ignore[type-arg]
        self.app = app
        self.api = api
        self.seen = seen
        inbox = app.bot_data[INBOX_KEY]
        assert isinstance(inbox, Inbox)
        self.inbox = inbox

    async def receive_new(self) -> None:
        for raw in self.api.pending_updates():
            if int(raw["update_id"]) not in self.seen:
                self.seen.add(int(raw["update_id"]))
                update = Update.de_json(raw, self.app.bot)
                assert update is not None
                await self.inbox.receive(update)

    async def pump(self) -> None:
        await self.receive_new()
        await asyncio.wait_for(self.inbox.wait_idle(), 30)


@asynccontextmanager
async def durable(
    knowledge: Knowledge, db: Path, api: FakeBotApi, seen: set[int], **options: Any
) -> AsyncIterator[Durable]:
    app = build_application(
        Settings(token=TOKEN, db_path=db),
        knowledge,
        request=FakeRequest(api),
        startup_delays=(0.05,),
        **options,
    )
    async with app:
        await app.post_init(app)  # type: ignore[misc]
        try:
            yield Durable(app, api, seen)
        finally:
            await app.post_shutdown(app)  # type: ignore[misc]


def bot_messages(api: FakeBotApi, user: int = USER) -> list[MessageView]:
    return [m for m in api.messages(user) if m.from_bot]


def live(api: FakeBotApi, user: int = USER) -> MessageView:
    found = [m for m in bot_messages(api, user) if m.buttons]
    assert len(found) == 1, f"{len(found)} messages with buttons:\n{api.dump()}"
    return found[0]


def press(api: FakeBotApi, label: str, user: int = USER) -> None:
    message = live(api, user)
    for row in message.buttons:
        for text, data in row:
            if label in text and data:
                api.user_presses(user, message.message_id, data)
                return
    raise AssertionError(f"no button {label!r} in {message.buttons}")


def shown(api: FakeBotApi, text: str, user: int = USER) -> int:
    return sum(text in m.text for m in bot_messages(api, user))


def answered(db: Path, user: int = USER) -> list[str]:
    raw = sqlite3.connect(db)
    try:
        row = raw.execute(
            "SELECT data FROM sessions WHERE user_key = ?", (f"tg:{user}",)
        ).fetchone()
    finally:
        raw.close()
    return list(json.loads(row[0])["answered"]) if row else []


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi(token=TOKEN)


async def test_a_429_outlasting_the_rate_limiter_still_shows_the_question(
    knowledge: Knowledge, tmp_path: Path, api: FakeBotApi
) -> None:
    # Production has no PTB_TIMEDELTA: retry_after is an int there (and in these tests).
    async with durable(knowledge, tmp_path / "b.sqlite3", api, set()) as bot:
        api.inject("sendMessage", status=429, retry_after=1, times=4)  # limiter retries 3
        api.user_sends(USER, "/start")
        await bot.pump()
    assert asked(1) in live(api).text
    assert shown(api, "出了点问题") == 0


async def test_a_reset_after_the_send_arrived_sends_nothing_twice(
    knowledge: Knowledge, tmp_path: Path, api: FakeBotApi
) -> None:
    async with durable(knowledge, tmp_path / "b.sqlite3", api, set()) as bot:
        api.user_sends(USER, "/start")
        await bot.pump()
        api.reset("sendMessage")  # question 2 arrives; the answer to the bot is lost
        api.user_sends(USER, "还清了")  # typed: the next question is a new message
        await bot.pump()
        api.reset("sendMessage")
        api.user_sends(USER, "今天")
        await bot.pump()
    assert shown(api, asked(2)) == 1
    assert shown(api, asked(3)) == 1
    assert asked(3) in live(api).text
    assert len(api.calls("sendMessage")) == len(bot_messages(api))


async def test_a_refused_connection_is_simply_sent_again(
    knowledge: Knowledge, tmp_path: Path, api: FakeBotApi
) -> None:
    async with durable(knowledge, tmp_path / "b.sqlite3", api, set()) as bot:
        api.refuse("sendMessage", times=2)
        api.user_sends(USER, "/start")
        await bot.pump()
    assert shown(api, asked(1)) == 1
    assert api.calls("editMessageReplyMarkup") == []  # nothing to look for: it never left


async def test_three_failures_on_one_send_still_lead_to_the_next_question(
    knowledge: Knowledge, tmp_path: Path, api: FakeBotApi
) -> None:
    db = tmp_path / "b.sqlite3"
    async with durable(knowledge, db, api, set()) as bot:
        bot.inbox.retry_delays = (0.05, 0.05)
        api.user_sends(USER, "/start")
        await bot.pump()
        api.inject("sendMessage", status=502, times=2)
        api.drop("sendMessage")  # three failures: more than one attempt can absorb
        api.user_sends(USER, "还清了")  # typed: the next question is a new message
        await bot.pump()
    assert len(answered(db)) == 1
    assert asked(2) in live(api).text
    assert shown(api, asked(2)) == 1
    assert "✔" in bot_messages(api)[0].text
    assert shown(api, "出了点问题") == 0


async def test_a_failed_edit_of_the_live_question_is_tried_again_in_place(
    knowledge: Knowledge, tmp_path: Path, api: FakeBotApi
) -> None:
    db = tmp_path / "b.sqlite3"
    async with durable(knowledge, db, api, set()) as bot:
        api.user_sends(USER, "/start")
        await bot.pump()
        api.inject("editMessageText", status=500)  # the tap's edit fails once
        press(api, "已经全部还清")
        await bot.pump()
    assert asked(2) in live(api).text
    assert len(bot_messages(api)) == 1  # moved on in place, nothing sent twice
    assert len(answered(db)) == 1


async def test_a_live_question_that_can_no_longer_be_edited_is_sent_anew(
    knowledge: Knowledge, tmp_path: Path, api: FakeBotApi
) -> None:
    async with durable(knowledge, tmp_path / "b.sqlite3", api, set()) as bot:
        api.user_sends(USER, "/start")
        await bot.pump()
        first = live(api).message_id
        api.inject(
            "editMessageText", status=400, description="Bad Request: message can't be edited"
        )
        press(api, "已经全部还清")
        await bot.pump()
    question = live(api)  # exactly one message keeps buttons
    assert question.message_id != first
    assert asked(2) in question.text
    assert "✔ 已经全部还清" in question.text


async def test_when_telegram_stays_down_the_user_is_told_to_resume_with_start(
    knowledge: Knowledge, tmp_path: Path, api: FakeBotApi
) -> None:
    async with durable(knowledge, tmp_path / "b.sqlite3", api, set()) as bot:
        bot.inbox.retry_delays = (0.05,)
        api.user_sends(USER, "/start")
        await bot.pump()
        api.inject("sendMessage", status=500, times=6)  # both attempts fail
        api.user_sends(USER, "还清了")  # typed: the next question is a new message
        await bot.pump()
        notice = bot_messages(api)[-1].text
        assert "/start" in notice
        assert "/restart" not in notice
        api.user_sends(USER, "/start")
        await bot.pump()
    assert asked(2) in live(api).text  # /start resumes where the user was


async def test_a_failing_chat_action_does_not_stop_the_sms_analysis(
    knowledge: Knowledge, tmp_path: Path, api: FakeBotApi
) -> None:
    sms = "【花呗借呗】尊敬的用户，您的借呗已逾期，请立即还款，否则将上报征信。"
    async with durable(knowledge, tmp_path / "b.sqlite3", api, set()) as bot:
        bot.inbox.retry_delays = (0.05,)
        api.inject("sendChatAction", status=500, times=12)  # every attempt, were it retried
        api.user_sends(USER, sms)
        await bot.pump()
    assert bot_messages(api), api.dump()
    assert shown(api, "出了点问题") == 0
    assert any(m.buttons for m in bot_messages(api))  # the verdict card with its buttons


async def test_a_crash_during_a_send_is_finished_once_after_restart(
    knowledge: Knowledge, tmp_path: Path, api: FakeBotApi
) -> None:
    db, seen = tmp_path / "b.sqlite3", set[int]()
    async with durable(knowledge, db, api, seen) as bot:
        api.user_sends(USER, "/start")
        await bot.pump()
        api.delay("sendMessage", 1.0)  # question 2 is on its way when the bot dies
        api.user_sends(USER, "还清了")  # typed: the next question is a new message
        await bot.receive_new()
        await api.async_wait_for(lambda a: a.calls("editMessageText"), timeout=10)
        await async_wait_until(
            lambda: api.faults_left("sendMessage") == 0, what="the held sendMessage"
        )
        await bot.inbox.stop(timeout=0)  # the crash: nothing after this point happens
        await api.async_wait_for(lambda a: shown(a, asked(2)) == 1, timeout=10)
    async with durable(knowledge, db, api, seen) as bot:
        await bot.pump()
        api.user_sends(USER, "今天")
        await bot.pump()
    assert shown(api, asked(2)) == 1
    assert asked(3) in live(api).text
    assert len(answered(db)) == 2


async def test_a_crash_before_the_send_sends_it_after_restart(
    knowledge: Knowledge, tmp_path: Path, api: FakeBotApi
) -> None:
    db, seen = tmp_path / "b.sqlite3", set[int]()
    async with durable(knowledge, db, api, seen) as bot:
        api.user_sends(USER, "/start")
        await bot.pump()
        api.delay("editMessageText", 0.3)
        api.user_sends(USER, "还清了")  # typed: the next question is a new message
        await bot.receive_new()
        await async_wait_until(
            lambda: api.faults_left("editMessageText") == 0, what="the held edit"
        )
        await bot.inbox.stop(timeout=0)  # dies while marking question 1 answered
    async with durable(knowledge, db, api, seen) as bot:
        await bot.pump()
    assert shown(api, asked(2)) == 1
    assert asked(2) in live(api).text
    assert "✔" in bot_messages(api)[0].text
    assert len(answered(db)) == 1


async def test_one_slow_user_does_not_hold_up_the_others(
    knowledge: Knowledge, tmp_path: Path, api: FakeBotApi
) -> None:
    async with durable(knowledge, tmp_path / "b.sqlite3", api, set()) as bot:
        api.delay("sendMessage", 3.0)  # the first user's reply hangs
        api.user_sends(USER, "/start")
        await bot.receive_new()
        await async_wait_until(
            lambda: api.faults_left("sendMessage") == 0, what="the first user's held reply"
        )
        for other in range(USER + 1, USER + 4):
            api.user_sends(other, "/start")
        await bot.receive_new()
        await api.async_wait_for(
            lambda a: all(shown(a, asked(1), u) for u in range(USER + 1, USER + 4)),
            timeout=2.5,
            what="the other users' first question while the first user waits",
        )
        assert shown(api, asked(1)) == 0
        await bot.pump()
    assert shown(api, asked(1)) == 1


async def test_one_users_updates_are_answered_in_order_one_at_a_time(
    knowledge: Knowledge, tmp_path: Path, api: FakeBotApi
) -> None:
    db = tmp_path / "b.sqlite3"
    async with durable(knowledge, db, api, set()) as bot:
        api.user_sends(USER, "/start")
        await bot.pump()
        api.delay("editMessageText", 0.2, times=3)  # slow, so the next ones queue up
        for text in ("还清了", "今天", "借呗"):
            api.user_sends(USER, text)
        await bot.pump()
    assert len(answered(db)) == 3
    assert asked(4) in live(api).text


async def test_an_update_delivered_twice_is_answered_once(
    knowledge: Knowledge, tmp_path: Path, api: FakeBotApi
) -> None:
    async with durable(knowledge, tmp_path / "b.sqlite3", api, set()) as bot:
        api.user_sends(USER, "/start")
        raw = api.pending_updates()[-1]
        for _ in range(2):
            update = Update.de_json(raw, bot.app.bot)
            assert update is not None
            await bot.inbox.receive(update)
        await bot.inbox.wait_idle()
    assert shown(api, asked(1)) == 1


@pytest.mark.parametrize(
    ("method", "fault"),
    [("getMe", "500"), ("getMe", "drop"), ("setMyCommands", "502"), ("getMe", "refuse")],
)
async def test_one_transient_error_at_start_up_is_retried_in_one_log_line(
    knowledge: Knowledge,
    tmp_path: Path,
    api: FakeBotApi,
    caplog: pytest.LogCaptureFixture,
    method: str,
    fault: str,
) -> None:
    if fault == "drop":
        api.drop(method)
    elif fault == "refuse":
        api.refuse(method)
    else:
        api.inject(method, status=int(fault))
    with caplog.at_level(logging.DEBUG, logger="bot"):  # the token is in no line at all
        async with durable(knowledge, tmp_path / "b.sqlite3", api, set()) as bot:
            api.user_sends(USER, "/start")
            await bot.pump()
    assert asked(1) in live(api).text
    lines = [
        r.getMessage()
        for r in caplog.records
        if "start-up" in r.getMessage() and r.levelno >= logging.WARNING
    ]
    assert len(lines) == 1
    assert method in lines[0]
    assert "retrying" in lines[0]
    assert TOKEN not in caplog.text
    assert TOKEN.split(":")[1] not in caplog.text
