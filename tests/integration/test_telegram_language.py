"""Choosing Traditional Chinese in Telegram, as a user taps it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.knowledge.base import Knowledge
from tests.support.progress import asked
from tests.support.telegram_chat import BotUnderTest, running_bot


@pytest.fixture
async def bot(knowledge: Knowledge, tmp_path: Path) -> AsyncIterator[BotUnderTest]:
    async with running_bot(knowledge, tmp_path) as running:
        yield running


async def test_choosing_traditional_confirms_in_traditional(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    await chat.send("/lang")
    await chat.tap("繁體中文")
    shown = "\n".join(m.text for m in chat.messages)
    assert "已切換為繁體中文" in shown
    assert "切換爲簡體中文" not in shown
    assert "切換為簡體中文" not in shown
    assert asked(1, "zh-Hant") in chat.screen


async def test_traditional_privacy_says_after_days(bot: BotUnderTest) -> None:
    chat = bot.user(language_code="zh-hant")
    await chat.send("/privacy")
    assert "天後自動刪除" in chat.screen
    assert "天后" not in chat.screen
