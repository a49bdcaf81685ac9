"""Drive the real Application through ``process_update`` against the in-process fake API.

Tests read like a chat: ``await chat.send("/start")``, ``await chat.tap("已经全部还清")``,
then look at what the user now sees (``chat.screen``, ``chat.buttons``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.channels.telegram.app import build_application
from bot.config import Settings
from bot.conversation.photo import PhotoReader
from bot.knowledge.base import Knowledge
from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_bot_models import MessageView
from tests.support.fake_request import FakeRequest

__all__ = ["BotUnderTest", "TOKEN", "UserChat", "running_bot"]

TOKEN = "123456:TEST-token-for-the-fake-bot-api-000"


class BotUnderTest:
    """The application, the fake API it talks to, and the SQLite file behind it."""

    def __init__(self, app: Application, api: FakeBotApi, db: Path) -> None:  # type: ignore[type-arg]
        self.app = app
        self.api = api
        self.db = db
        self._done: set[int] = set()

    async def pump(self) -> None:
        """Process every update the fake users produced, in order."""
        for raw in self.api.pending_updates():
            update_id = int(raw["update_id"])
            if update_id in self._done:
                continue
            self._done.add(update_id)
            await self.app.process_update(Update.de_json(raw, self.app.bot))

    async def pump_at_once(self) -> None:
        """Process every new update concurrently, as PTB does with concurrent_updates."""
        fresh = [raw for raw in self.api.pending_updates() if raw["update_id"] not in self._done]
        self._done |= {int(raw["update_id"]) for raw in fresh}
        await asyncio.gather(
            *(self.app.process_update(Update.de_json(raw, self.app.bot)) for raw in fresh)
        )

    def user(self, user_id: int = 1001, language_code: str = "zh-hans") -> UserChat:
        """A private chat with one user."""
        return UserChat(self, user_id, language_code)


class UserChat:
    """One user's private chat, as that user sees it."""

    def __init__(self, bot: BotUnderTest, user_id: int, language_code: str) -> None:
        self.bot = bot
        self.api = bot.api
        self.user_id = user_id
        self.language_code = language_code

    async def send(self, text: str, **kwargs: Any) -> None:
        """The user sends a text message."""
        self.api.user_sends(self.user_id, text, language_code=self.language_code, **kwargs)
        await self.bot.pump()

    async def tap(self, label: str, *, message: MessageView | None = None) -> None:
        """The user taps the button whose label contains ``label`` on the live screen."""
        target = message or self.live
        assert target is not None, "no message with buttons"
        for row in target.buttons:
            for text, data in row:
                if label in text and data is not None:
                    self.api.user_presses(self.user_id, target.message_id, data)
                    await self.bot.pump()
                    return
        raise AssertionError(f"no button {label!r} on: {target.buttons}")

    async def press_raw(self, message_id: int, data: str) -> None:
        """Tap arbitrary callback data on any message (stale or forged buttons)."""
        self.api.user_presses(self.user_id, message_id, data, force=True)
        await self.bot.pump()

    @property
    def messages(self) -> list[MessageView]:
        """Every bot message in the chat, oldest first."""
        return [m for m in self.api.messages(self.user_id) if m.from_bot]

    @property
    def live(self) -> MessageView | None:
        """The newest bot message that has buttons."""
        return next((m for m in reversed(self.messages) if m.buttons), None)

    @property
    def screen(self) -> str:
        """The text of the newest bot message."""
        return self.messages[-1].text if self.messages else ""

    @property
    def buttons(self) -> list[str]:
        """Labels on the live message."""
        live = self.live
        return [text for row in live.buttons for text, _ in row] if live else []

    def live_count(self) -> int:
        """How many bot messages still carry buttons (should be one)."""
        return sum(1 for m in self.messages if m.buttons)


@asynccontextmanager
async def running_bot(
    knowledge: Knowledge,
    tmp_path: Path,
    *,
    photo_reader: PhotoReader | None = None,
    **settings: Any,
) -> AsyncIterator[BotUnderTest]:
    """An initialised application on a fresh SQLite file, shut down afterwards.

    ``photo_reader`` reads screenshots (pass ``OcrReader(shared_engine)`` or a fake);
    by default the bot makes its own OCR pool on the first photo."""
    api = FakeBotApi(token=TOKEN)
    db = tmp_path / "bot.sqlite3"
    config = Settings(token=TOKEN, db_path=db, **settings)
    app = build_application(
        config, knowledge, request=FakeRequest(api), photo_reader=photo_reader
    )  # bootstraps on db
    async with app:
        await app.post_init(app)  # type: ignore[misc]
        try:
            yield BotUnderTest(app, api, db)
        finally:
            await app.post_shutdown(app)  # type: ignore[misc]
