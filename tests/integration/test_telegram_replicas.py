"""Two bot applications (replicas) on one PostgreSQL database, in process, fed the way the
webhook feeds them (``Inbox.submit``: answered before it returns). The end-to-end proof
with real processes and a SIGKILL is tests/e2e/test_replicas.py."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application, CallbackContext

from bot.channels.telegram.app import build_application
from bot.channels.telegram.deps import deps
from bot.channels.telegram.inbox import INBOX_KEY, Inbox
from bot.channels.telegram.jobs import send_due
from bot.config import Settings
from bot.knowledge.base import Knowledge
from bot.reminders import Kind, Reminder
from bot.storage.postgres import PostgresStore
from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_request import FakeRequest
from tests.support.progress import asked

TOKEN = "123456:TEST-token-for-the-fake-bot-api-000"
USER = 3101


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi(token=TOKEN)


@asynccontextmanager
async def replica(knowledge: Knowledge, url: str, api: FakeBotApi) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    settings = Settings(token=TOKEN, db_url=url, replicas=2)
    app = build_application(
        settings, knowledge, request=FakeRequest(api), startup_delays=(0.05,), webhook=True
    )
    async with app:
        await app.post_init(app)  # type: ignore[misc]
        try:
            yield app
        finally:
            await app.post_shutdown(app)  # type: ignore[misc]


async def submit(app: Application, api: FakeBotApi, update_id: int) -> bool:  # type: ignore[type-arg]
    raw = next(u for u in api.pending_updates() if u["update_id"] == update_id)
    inbox = app.bot_data[INBOX_KEY]
    assert isinstance(inbox, Inbox)
    update = Update.de_json(raw, app.bot)
    assert update is not None
    return await inbox.submit(update)


def screen(api: FakeBotApi, user: int = USER) -> str:
    mine = [m for m in api.messages(user) if m.from_bot]
    return mine[-1].text if mine else ""


def count(api: FakeBotApi, text: str, user: int = USER) -> int:
    return sum(text in m.text for m in api.messages(user) if m.from_bot)


async def test_a_chat_alternating_between_replicas_is_answered_in_order_before_each_return(
    knowledge: Knowledge, postgres_url: str, api: FakeBotApi
) -> None:
    steps = [("/start", asked(1)), ("还清了", asked(2)), ("上周", asked(3)), ("借呗", asked(4))]
    async with AsyncExitStack() as stack:
        apps = [await stack.enter_async_context(replica(knowledge, postgres_url, api))
                for _ in range(2)]  # fmt: skip
        for n, (text, expected) in enumerate(steps):
            update_id = api.user_sends(USER, text)
            assert await submit(apps[n % 2], api, update_id)
            assert expected in screen(api)  # answered before the webhook would say 200
    for _, expected in steps:
        assert count(api, expected) == 1


async def test_an_update_sent_again_to_the_other_replica_is_not_applied_twice(
    knowledge: Knowledge, postgres_url: str, api: FakeBotApi
) -> None:
    async with (
        replica(knowledge, postgres_url, api) as a,
        replica(knowledge, postgres_url, api) as b,
    ):
        assert await submit(a, api, api.user_sends(USER, "/start"))
        answer = api.user_sends(USER, "还清了")
        assert await submit(a, api, answer)
        sent = len(api.calls("sendMessage"))
        assert await submit(b, api, answer)  # A's 200 was lost: Telegram tries B
        assert len(api.calls("sendMessage")) == sent  # nothing said twice
        assert count(api, asked(2)) == 1
        assert await submit(b, api, api.user_sends(USER, "上周"))
        assert asked(3) in screen(api)


async def test_an_update_a_dead_replica_received_is_answered_by_the_other(
    knowledge: Knowledge, postgres_url: str, api: FakeBotApi
) -> None:
    update_id = api.user_sends(USER, "/start")
    dead = await PostgresStore.open(postgres_url)  # received it, then died before answering
    raw = next(u for u in api.pending_updates() if u["update_id"] == update_id)
    await dead.inbox_add(update_id, f"tg:{USER}", _json(raw), now=1.0)
    await dead.close()
    async with replica(knowledge, postgres_url, api) as b:
        assert await submit(b, api, update_id)  # Telegram got no 200: sent again, to B
    assert count(api, asked(1)) == 1


def _json(raw: dict[str, Any]) -> str:
    import json

    return json.dumps(raw, ensure_ascii=False)


async def test_a_reminder_from_the_lead_replica_waits_for_the_chats_update_on_the_other(
    knowledge: Knowledge, postgres_url: str, api: FakeBotApi
) -> None:
    async with (
        replica(knowledge, postgres_url, api) as a,
        replica(knowledge, postgres_url, api) as b,
    ):
        await send_due(CallbackContext(a))  # A takes the jobs lease
        service = deps(CallbackContext(a)).ready()
        user = f"tg:{USER}"
        await service.add_reminder(Reminder(user, Kind.SUPPORT, 0.0, {"lang": "zh-Hans"}))
        api.delay("sendMessage", 1.0)  # B's answer is on its way while the reminder is due
        answering = asyncio.create_task(submit(b, api, api.user_sends(USER, "/privacy")))
        for _ in range(1000):  # until B's send is being held
            if not api.faults_left("sendMessage"):
                break
            await asyncio.sleep(0.01)
        await send_due(CallbackContext(a))
        assert await answering
    texts = [m.text for m in api.messages(USER) if m.from_bot]
    privacy = next(i for i, t in enumerate(texts) if "隐私说明" in t)
    reminder = next(i for i, t in enumerate(texts) if "还在收到催收短信吗" in t)
    assert privacy < reminder  # the update's answer first, then the reminder
