"""Every dialogue script, unchanged, through the conversation layer, the terminal chat and
the Telegram adapter: the same questions in the same order, the same facts, the same plan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.engine.advisor import Advisor
from bot.knowledge.base import Knowledge, localize
from bot.service import AdvisorService
from tests.support.dialogue import (
    ChannelDriver,
    ConsoleDriver,
    ConversationDriver,
    Dialogue,
    EngineDriver,
    TelegramDriver,
    load_dialogues,
)
from tests.support.telegram_chat import running_bot

DIALOGUES = load_dialogues()
CHANNELS = ("conversation", "console", "telegram")


async def _driver(
    name: str, dialogue: Dialogue, service: AdvisorService, knowledge: Knowledge, tmp_path: Path
) -> AsyncIterator[ChannelDriver]:
    if name == "telegram":
        async with running_bot(knowledge, tmp_path) as bot:
            yield TelegramDriver(bot, dialogue.lang)
        return
    if name == "console":
        yield ConsoleDriver(service, dialogue.lang)
        return
    yield ConversationDriver(service, dialogue.lang)


@pytest.mark.parametrize("channel_name", CHANNELS)
@pytest.mark.parametrize("dialogue", DIALOGUES, ids=[d.name for d in DIALOGUES])
async def test_a_dialogue_gives_the_same_conversation_in_every_channel(
    channel_name: str,
    dialogue: Dialogue,
    advisor: Advisor,
    knowledge: Knowledge,
    service: AdvisorService,
    tmp_path: Path,
) -> None:
    engine = EngineDriver(advisor, dialogue.lang)
    async for driver in _driver(channel_name, dialogue, service, knowledge, tmp_path):
        for number, turn in enumerate(dialogue.turns, start=1):
            if "expect_question" in turn:
                question = advisor.current(await driver.session())
                where = question.id if question else "the outcome"
                assert where == turn["expect_question"], f"{dialogue.name} turn {number}"
            if "user" in turn or "press" in turn:
                engine.play(turn)
                await driver.play(turn)
        session = await driver.session()
        assert dict(session.facts) == dict(engine.session.facts)
        if advisor.current(engine.session) is None:
            lang = engine.session.lang
            titles = [
                localize(knowledge.steps[s].title, lang)
                for s in advisor.outcome(engine.session).steps
            ]
            assert driver.steps_shown() == titles
