"""The running bot under stress, seen from the chat: failures, simultaneous updates, expiry.

Driven through the real Application and the fake Bot API; the store is a real SQLite file,
so a failure is planted in the database itself and old data is old in the file.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.knowledge.base import Knowledge, localize
from bot.knowledge.model import Lang
from tests.support.progress import asked
from tests.support.telegram_chat import BotUnderTest, running_bot
from tests.support.waiting import async_wait_until

ZH = Lang.ZH_HANS
DAY = 86_400
SECRET = "我的身份证号是110101199003074578"
# Typed answers from the first question to the guidance (the same as the e2e taps).
ANSWERS = ["还清了", "今天", "借呗", "从没逾期", "95188", "是我的名字", "都没有"]


@pytest.fixture
async def bot(knowledge: Knowledge, tmp_path: Path) -> AsyncIterator[BotUnderTest]:
    async with running_bot(knowledge, tmp_path) as running:
        yield running


def _sql(db: Path, statement: str, *args: object) -> int:
    raw = sqlite3.connect(db)
    try:
        cursor = raw.execute(statement, args)
        row = cursor.fetchone()
        raw.commit()
        return int(row[0]) if row else cursor.rowcount
    finally:
        raw.close()


async def test_a_failing_update_tells_the_user_and_the_next_one_works(
    bot: BotUnderTest, knowledge: Knowledge, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    chat = bot.user()
    await chat.send("/start")
    for event in ("INSERT", "UPDATE"):  # the database refuses to save "paid off: yes"
        _sql(
            bot.db,
            f"CREATE TRIGGER refuse_{event} BEFORE {event} ON sessions "
            """WHEN NEW.data LIKE '%"paid_off":"yes"%' """
            "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
        )
    await chat.send(f"还清了，{SECRET}")
    error = knowledge.text("error", ZH)
    assert chat.screen == error
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert failures, "the failure was not logged"
    assert any(r.exc_info for r in failures)  # with the traceback, to find the cause
    assert SECRET not in caplog.text
    assert SECRET[-8:] not in caplog.text
    await chat.send("还没还完")  # any other answer is saved: the conversation goes on
    overdue = knowledge.questions["overdue"].text
    assert localize(overdue, ZH) in chat.screen
    assert [m.text for m in chat.messages].count(error) == 1


async def test_one_users_updates_arriving_together_are_applied_in_order(
    bot: BotUnderTest,
) -> None:
    calm, rushed = bot.user(1001), bot.user(1002)
    for chat in (calm, rushed):
        await chat.send("/start")
    for answer in ANSWERS:  # one at a time, each answered before the next is sent
        await calm.send(answer)
    for answer in ANSWERS:  # all at once: PTB runs them concurrently
        rushed.api.user_sends(rushed.user_id, answer, language_code=rushed.language_code)
    await bot.pump_at_once()
    assert [m.text for m in rushed.messages] == [m.text for m in calm.messages]
    assert "怎么做" in rushed.screen
    assert rushed.live_count() == 1


async def test_a_slow_reply_to_one_user_does_not_hold_up_another(bot: BotUnderTest) -> None:
    slow, other = bot.user(1001), bot.user(1002)
    bot.api.delay("sendMessage", 3.0)  # the first reply sent hangs for a while
    slow.api.user_sends(slow.user_id, "/start")
    first = asyncio.create_task(bot.pump_at_once())
    await async_wait_until(lambda: bot.api.faults_left("sendMessage") == 0, what="held send")
    other.api.user_sends(other.user_id, "/start")
    await bot.pump_at_once()
    assert asked(1) in other.screen
    assert not slow.messages  # still waiting while the other user was answered
    await first
    assert asked(1) in slow.screen


async def test_the_expiry_job_deletes_what_is_older_than_the_retention(
    knowledge: Knowledge, tmp_path: Path
) -> None:
    retention = 30
    async with running_bot(knowledge, tmp_path, retention_days=retention) as bot:
        old, recent = bot.user(1001), bot.user(1002)
        for chat in (old, recent):
            await chat.send("/start")
            await chat.send("还清了")
            await chat.send("【支付宝】您的借呗账户异常，请立即登录 alipay-jb.top 处理。")
            label = knowledge.text("keep_yes", ZH)  # the user agrees to keep it as evidence
            ask = next(
                m for m in chat.messages if any(label in t for r in m.buttons for t, _ in r)
            )
            await chat.tap(label, message=ask)
        # The first user wrote retention + 1 days ago, by the clock the rows were written with.
        age = (retention + 1) * DAY
        _sql(bot.db, "UPDATE sessions SET updated_at = updated_at - ? WHERE user_key = ?",
             age, "tg:1001")  # fmt: skip
        _sql(bot.db, "UPDATE evidence SET created_at = created_at - ? WHERE user_key = ?",
             age, "tg:1001")  # fmt: skip
        jobs = bot.app.job_queue.jobs() if bot.app.job_queue else ()
        assert jobs, "no job is scheduled"
        for job in jobs:  # run now what the scheduler would run every few hours
            await job.run(bot.app)
        for table in ("sessions", "evidence"):
            left = _sql(bot.db, f"SELECT COUNT(*) FROM {table} WHERE user_key = 'tg:1001'")
            kept = _sql(bot.db, f"SELECT COUNT(*) FROM {table} WHERE user_key = 'tg:1002'")
            assert (table, left, kept) == (table, 0, 1)
        await recent.send("/start")
        assert knowledge.text("resumed", ZH) in recent.screen
        await old.send("/evidence")
        assert knowledge.text("evidence_empty", ZH) in old.screen
