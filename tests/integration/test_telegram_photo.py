"""Screenshots in Telegram, through the real Application and the Bot API test double:
photo (or image file) → download → OCR in the pool → "is this it?" → verdict card.

Real OCR reads three pictures here, on the session's one engine; the error paths use a
broken engine or no download at all.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image

from bot.knowledge.base import Knowledge
from bot.knowledge.model import Lang
from bot.ocr import (
    MAX_IMAGE_BYTES,
    Bubble,
    OcrLine,
    OcrReader,
    RapidOcrEngine,
    ScreenshotText,
    ScreenWords,
)
from tests.integration.test_telegram_durable import (
    TOKEN,
    USER,
    bot_messages,
    durable,
    press,
    shown,
)
from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_bot_models import MessageView
from tests.support.ocr_fakes import LINE, BrokenRuntime, LineEngine
from tests.support.offline import no_network
from tests.support.screenshots import Layout, render, telegram_jpeg, to_png
from tests.support.telegram_chat import BotUnderTest, UserChat, running_bot
from tests.support.waiting import async_wait_until

ZH = Lang.ZH_HANS
SMS = "【借呗】尊敬的用户，您的借呗已逾期，请尽快还款，以免影响个人征信。"
SENDER = "10690000"
OK = "就是这条"


@pytest.fixture
async def bot(
    knowledge: Knowledge, tmp_path: Path, ocr_engine: RapidOcrEngine
) -> AsyncIterator[BotUnderTest]:
    reader = OcrReader(ocr_engine, words=ScreenWords.from_knowledge(knowledge))
    with no_network():  # the models come from the wheel, never a download
        async with running_bot(knowledge, tmp_path, photo_reader=reader) as b:
            yield b


IOS_LIGHT = Layout("ios", dark=False)


def _screenshot(layout: Layout = IOS_LIGHT) -> Image.Image:
    return render([SMS], SENDER, layout)


def _cards(chat: UserChat) -> list[MessageView]:
    """The verdict cards in the chat (they start with the verdict's colour mark)."""
    return [m for m in chat.messages if m.text[:1] in "🔴🟠🟢⚪"]


def _advice(knowledge: Knowledge, message: MessageView) -> bool:
    label = knowledge.text("sms_advice_button", ZH)
    return any(text == label for row in message.buttons for text, _ in row)


async def test_a_screenshot_is_confirmed_then_judged(
    bot: BotUnderTest, knowledge: Knowledge
) -> None:
    chat = bot.user()
    await chat.send("/start")
    bot.api.user_sends_photo(chat.user_id, telegram_jpeg(_screenshot()))
    await bot.pump()
    k = knowledge
    texts = [m.text for m in chat.messages]
    assert k.text("photo_reading", ZH) in texts  # said while the OCR ran …
    assert "typing" in bot.api.chat_actions(chat.user_id)  # … with "typing…"
    confirm = chat.live
    assert confirm is not None
    assert k.text("photo_read", ZH) in confirm.text
    for word in ("尊敬的用户", "逾期", "征信"):
        assert word in confirm.text
    assert SENDER in confirm.text
    assert "9:41" not in confirm.text  # the status bar is not part of the message
    assert not _cards(chat)  # nothing judged before the user agrees
    await chat.tap(OK)
    confirmed = bot.api.message(chat.user_id, confirm.message_id)
    assert not confirmed.buttons  # accepted once; the read stays in the chat
    assert k.text("photo_confirmed", ZH) in confirmed.text
    (card,) = _cards(chat)
    assert "逾期" in card.text
    assert _advice(knowledge, card)


async def test_typing_the_text_replaces_the_read(bot: BotUnderTest) -> None:
    chat = bot.user()
    bot.api.user_sends_photo(chat.user_id, telegram_jpeg(_screenshot(Layout("android", True))))
    await bot.pump()
    assert chat.live is not None
    assert OK in chat.buttons[0]
    typed = "【借呗】您的借呗逾期款请今天还清，否则我们联系你的家人。"
    await chat.send(typed)
    (card,) = _cards(chat)
    assert "联系你的家人" in card.text  # the typed text was judged, not what was read
    assert "尊敬的用户" not in card.text


async def test_an_image_sent_as_a_file_is_read(bot: BotUnderTest, knowledge: Knowledge) -> None:
    chat = bot.user(1002, language_code="en")
    bot.api.register_user(chat.user_id, language_code="en")
    bot.api.user_sends_document(chat.user_id, to_png(_screenshot(Layout("android", False))))
    await bot.pump()
    confirm = chat.live
    assert confirm is not None
    assert knowledge.text("photo_read", Lang.EN) in confirm.text
    assert "逾期" in confirm.text
    await chat.tap("That's it")
    assert len(_cards(chat)) == 1


async def test_a_file_too_big_is_refused_without_downloading(
    bot: BotUnderTest, knowledge: Knowledge
) -> None:
    chat = bot.user()
    bot.api.user_sends_document(chat.user_id, b"\x89PNG", file_size=MAX_IMAGE_BYTES + 1)
    bot.api.user_sends_photo(chat.user_id, b"\xff\xd8", file_size=MAX_IMAGE_BYTES + 1)
    await bot.pump()
    assert [m.text for m in chat.messages] == [knowledge.text("photo_too_large", ZH)] * 2
    assert bot.api.calls("getFile") == []
    assert bot.api.downloads == []


async def test_a_file_that_is_no_picture_says_so(bot: BotUnderTest, knowledge: Knowledge) -> None:
    chat = bot.user()
    bot.api.user_sends_document(chat.user_id, b"not a png at all", file_name="sms.png")
    await bot.pump()
    assert chat.screen == knowledge.text("photo_not_image", ZH)
    assert bot.api.downloads  # it was fetched, then refused by its content


class BrokenEngine:
    """An OCR runtime that fails on every picture, as a broken onnxruntime would."""

    def recognise(self, image: Image.Image) -> tuple[OcrLine, ...]:
        raise RuntimeError("onnxruntime: cannot load libonnxruntime.so")


async def test_a_broken_ocr_runtime_asks_for_the_text(
    knowledge: Knowledge, tmp_path: Path
) -> None:
    reader = OcrReader(BrokenEngine(), words=ScreenWords.from_knowledge(knowledge))
    async with running_bot(knowledge, tmp_path, photo_reader=reader) as bot:
        chat = bot.user()
        bot.api.user_sends_photo(chat.user_id, to_png(Image.new("RGB", (64, 32), "white")))
        await bot.pump()
        assert chat.screen == knowledge.text("photo_paste", ZH)
        await chat.send("/start")  # and the bot goes on as before
        assert chat.live is not None


class HeldReader:
    """Reads every photo as ``SMS`` once ``release`` is set (a crash can come meanwhile)."""

    def __init__(self, *, held: bool) -> None:
        self.release = asyncio.Event()
        if not held:
            self.release.set()
        self.calls = 0

    async def __call__(self, user: str, data: bytes, /) -> ScreenshotText:
        self.calls += 1
        await self.release.wait()
        return ScreenshotText((Bubble((SMS,)),), SENDER)


async def test_a_crash_while_reading_is_answered_once_after_restart(
    knowledge: Knowledge, tmp_path: Path
) -> None:
    """The durable inbox answers the photo again after the crash: one "reading…" note,
    one confirmation, and the tap on it judges the message once."""
    api, db, seen = FakeBotApi(token=TOKEN), tmp_path / "b.sqlite3", set[int]()
    stuck = HeldReader(held=True)
    async with durable(knowledge, db, api, seen, photo_reader=stuck) as bot:
        api.user_sends_photo(USER, b"\xff\xd8 a jpeg")
        await bot.receive_new()
        await async_wait_until(lambda: stuck.calls == 1, what="the photo being read")
        await bot.inbox.stop(timeout=0)  # the crash, in the middle of the OCR
    reading = knowledge.text("photo_reading", ZH)
    assert shown(api, reading) == 1
    again = HeldReader(held=False)
    async with durable(knowledge, db, api, seen, photo_reader=again) as bot:
        await bot.pump()
        assert again.calls == 1
        press(api, OK)
        await bot.pump()
    assert shown(api, reading) == 1
    assert shown(api, knowledge.text("photo_confirmed", ZH)) == 1  # the read, accepted
    assert len([m for m in bot_messages(api) if m.text[:1] in "🔴🟠🟢⚪"]) == 1


async def test_photos_are_read_in_a_worker_process_replaced_when_it_is_killed(
    knowledge: Knowledge, tmp_path: Path
) -> None:
    # The reader bootstrap() wires: worker processes (not the session's shared engine).
    reader = OcrReader(words=ScreenWords.from_knowledge(knowledge))
    photo = telegram_jpeg(_screenshot())
    try:
        async with running_bot(knowledge, tmp_path, photo_reader=reader) as bot:
            alice, bob = bot.user(), bot.user()
            bot.api.user_sends_photo(alice.user_id, photo)
            await bot.pump()
            assert alice.live is not None
            assert "借呗" in alice.live.text
            assert reader.pool is not None
            (first,) = reader.pool.worker_pids
            os.kill(first, signal.SIGKILL)  # the worker dies between two photos
            bot.api.user_sends_photo(bob.user_id, photo)
            await bot.pump()
            # Bob's photo was read by a new worker, not answered "cannot read photos here".
            assert bob.live is not None
            assert knowledge.text("photo_read", ZH) in bob.live.text
            assert "借呗" in bob.live.text
            (second,) = reader.pool.worker_pids
            assert second != first
    finally:
        await reader.aclose()
    assert multiprocessing.active_children() == []  # the bot's shutdown stopped the worker


async def test_the_ocr_worker_is_started_at_boot_before_any_photo(
    knowledge: Knowledge, tmp_path: Path
) -> None:
    # s6-burst: `paidoff run` (ocr_at_boot) starts the worker just after start-up, so the
    # first user's photo does not wait for a process to spawn and load its models.
    reader = OcrReader(words=ScreenWords.from_knowledge(knowledge), factory=LineEngine)
    try:
        async with running_bot(knowledge, tmp_path, photo_reader=reader, ocr_at_boot=True) as bot:
            await bot.app.start()  # the job queue runs start-up's jobs
            try:
                await async_wait_until(
                    lambda: reader.pool is not None and bool(reader.pool.worker_pids),
                    timeout=60,
                    what="the OCR worker started at boot",
                )
                assert reader.pool is not None
                (pid,) = reader.pool.worker_pids
                chat = bot.user()
                bot.api.user_sends_photo(chat.user_id, to_png(Image.new("RGB", (64, 32))))
                await bot.pump()
                assert chat.live is not None
                assert LINE in chat.live.text  # read by the worker started at boot
                assert reader.pool.worker_pids == (pid,)
            finally:
                await bot.app.stop()
    finally:
        await reader.aclose()
    assert multiprocessing.active_children() == []


async def test_a_runtime_that_cannot_start_at_boot_still_asks_for_the_text(
    knowledge: Knowledge, tmp_path: Path
) -> None:
    reader = OcrReader(words=ScreenWords.from_knowledge(knowledge), factory=BrokenRuntime)
    try:
        async with running_bot(knowledge, tmp_path, photo_reader=reader, ocr_at_boot=True) as bot:
            await bot.app.start()
            try:
                await async_wait_until(
                    lambda: reader.pool is not None and bool(reader.pool.worker_pids),
                    timeout=60,
                    what="the OCR worker started at boot",
                )
                chat = bot.user()
                bot.api.user_sends_photo(chat.user_id, to_png(Image.new("RGB", (64, 32))))
                await bot.pump()
                assert chat.screen == knowledge.text("photo_paste", ZH)
                await chat.send("/start")  # and the bot goes on as before
                assert chat.live is not None
            finally:
                await bot.app.stop()
    finally:
        await reader.aclose()
