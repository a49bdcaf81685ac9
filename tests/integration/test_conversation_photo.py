"""Screenshots in the conversation, with a fake reader (no OCR): what the user is shown
for each outcome of reading, and that a read waiting for its "that's it" survives a
restart and gives way when the user moves on."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.bootstrap import Core, bootstrap
from bot.config import Settings
from bot.conversation import (
    Act,
    Command,
    Conversation,
    NoticeView,
    Photo,
    Pressed,
    ReadCard,
    Reply,
    Typed,
    VerdictCard,
)
from bot.knowledge.model import Lang
from bot.ocr import (
    Bubble,
    BusyReason,
    ImageRejected,
    OcrBusy,
    OcrError,
    OcrUnavailable,
    RejectReason,
    ScreenshotText,
)
from bot.storage.sqlite import SqliteStore

ZH = Lang.ZH_HANS
USER = "u:photo"
SCAM = "【支付宝】您的借呗账户异常，将影响征信，请立即登录 alipay-jb.top 处理。"
SECOND = "【借呗】您的借呗已逾期，请尽快还款。"
SHOT = ScreenshotText(
    (Bubble((SCAM[:20], SCAM[20:])), Bubble(("好的",), outgoing=True), Bubble((SECOND,))),
    sender="10690000",
)


class FakeReader:
    """Answers every photo with ``result`` (a reading, or an error to raise)."""

    def __init__(self, result: ScreenshotText | OcrError) -> None:
        self.result = result
        self.seen: list[tuple[str, bytes]] = []

    async def __call__(self, user: str, data: bytes, /) -> ScreenshotText:
        self.seen.append((user, data))
        if isinstance(self.result, OcrError):
            raise self.result
        return self.result


async def _open(core: Core, db: Path, reader: FakeReader) -> tuple[Conversation, SqliteStore]:
    store = await SqliteStore.open(db)
    parts = await bootstrap(Settings(), core=core, store=store, reader=reader)
    session, _ = await parts.service.load(USER)  # the user agreed to keep their SMS
    await parts.service.save(USER, replace(session, settings={"keep_sms": "yes"}))
    return Conversation(parts.service, parts.analyzer, reader), store


def _card(reply: Reply) -> ReadCard:
    cards = [v for v in reply.views if isinstance(v, ReadCard)]
    assert len(cards) == 1, reply.views
    return cards[0]


def _notices(reply: Reply) -> list[str]:
    return [v.text for v in reply.views if isinstance(v, NoticeView)]


async def test_a_read_is_shown_bubble_by_bubble_and_judged_once_accepted(
    core: Core, tmp_path: Path
) -> None:
    reader = FakeReader(SHOT)
    conversation, store = await _open(core, tmp_path / "db.sqlite3", reader)
    shown: list[Reply] = []

    async def progress(note: Reply) -> None:
        shown.append(note)

    try:
        reply = await conversation.handle(USER, Photo(data=b"jpeg"), ZH, "7", progress)
        k = core.knowledge
        assert reader.seen == [(USER, b"jpeg")]
        assert [_notices(n) for n in shown] == [[k.text("photo_reading", ZH)]]
        assert shown[0].slow  # "typing…" while it works
        card = _card(reply)
        assert card.bubbles == (SCAM, SECOND)  # the user's own "好的" is not theirs to judge
        assert "10690000" in card.sender
        assert not [v for v in reply.views if isinstance(v, VerdictCard)]  # not judged yet
        assert await store.evidence(USER) == []
        (button,) = card.buttons
        assert button.act is Act.READ_OK
        assert len(f"{button.act.value}|{k.revision[:6]}|{button.arg}".encode()) <= 64

        accepted = await conversation.handle(USER, Pressed(Act.READ_OK, button.arg), ZH, "8")
        assert accepted.in_place  # the confirmation stays, without its button
        first = accepted.views[0]
        assert isinstance(first, ReadCard)
        assert not first.buttons
        verdicts = [v for v in accepted.views if isinstance(v, VerdictCard)]
        assert [v.verdict.text for v in verdicts] == [SCAM, SECOND]  # a card per bubble
        kept = await store.evidence(USER)
        assert [(r.text, r.sender) for r in kept] == [(SCAM, "10690000"), (SECOND, "10690000")]

        again = await conversation.handle(USER, Pressed(Act.READ_OK, button.arg), ZH, "9")
        assert again.toast == k.text("stale", ZH)  # accepted once; the text waits no longer
        assert len(await store.evidence(USER)) == 2
    finally:
        await store.close()


async def test_a_read_waiting_for_its_tap_survives_a_restart(core: Core, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    conversation, store = await _open(core, db, FakeReader(SHOT))
    try:
        token = _card(await conversation.handle(USER, Photo(data=b"jpeg"))).buttons[0].arg
    finally:
        await store.close()
    later, store = await _open(core, db, FakeReader(OcrUnavailable("gone")))
    try:
        reply = await later.handle(USER, Pressed(Act.READ_OK, token), ZH, "2")
        assert [v.verdict.text for v in reply.views if isinstance(v, VerdictCard)] == [
            SCAM,
            SECOND,
        ]
    finally:
        await store.close()


async def test_typing_the_text_replaces_what_was_read(core: Core, tmp_path: Path) -> None:
    conversation, store = await _open(core, tmp_path / "db.sqlite3", FakeReader(SHOT))
    try:
        token = _card(await conversation.handle(USER, Photo(data=b"jpeg"))).buttons[0].arg
        typed = "【借呗】您的借呗已逾期3天，请尽快还款，以免影响征信。"
        reply = await conversation.handle(USER, Typed(typed), ZH, "3")
        assert [v.verdict.text for v in reply.views if isinstance(v, VerdictCard)] == [typed]
        kept = await store.evidence(USER)
        assert [(r.text, r.sender) for r in kept] == [(typed, "10690000")]
        stale = await conversation.handle(USER, Pressed(Act.READ_OK, token), ZH, "4")
        assert stale.toast == core.knowledge.text("stale", ZH)
        assert len(await store.evidence(USER)) == 1
    finally:
        await store.close()


async def test_moving_on_lets_the_read_go(core: Core, tmp_path: Path) -> None:
    """A tap on a question (or /start) means the user moved on: later typing is an answer."""
    conversation, store = await _open(core, tmp_path / "db.sqlite3", FakeReader(SHOT))
    try:
        await conversation.handle(USER, Command("start"))
        token = _card(await conversation.handle(USER, Photo(data=b"jpeg"))).buttons[0].arg
        helped = await conversation.handle(USER, Command("help"))  # help keeps it waiting
        assert _notices(helped) == [core.knowledge.text("help", ZH)]
        question = core.advisor.current(core.advisor.new_session())
        assert question is not None
        option = question.options[0].id
        await conversation.handle(USER, Pressed(Act.ANSWER, question.id, option), ZH, "5")
        stale = await conversation.handle(USER, Pressed(Act.READ_OK, token), ZH, "6")
        assert stale.toast == core.knowledge.text("stale", ZH)
        assert await store.evidence(USER) == []
    finally:
        await store.close()


@pytest.mark.parametrize(
    ("result", "key"),
    [
        (OcrBusy(BusyReason.USER), "photo_busy_user"),
        (OcrBusy(BusyReason.QUEUE), "photo_busy"),
        (ImageRejected(RejectReason.TOO_MANY_PIXELS, "huge"), "photo_too_large"),
        (ImageRejected(RejectReason.TOO_MANY_BYTES, "huge"), "photo_too_large"),
        (ImageRejected(RejectReason.NOT_AN_IMAGE, "junk"), "photo_not_image"),
        (OcrUnavailable("no runtime"), "photo_paste"),
        (ScreenshotText(()), "photo_no_text"),
        (ScreenshotText((Bubble(("  ",)),)), "photo_no_text"),
    ],
)
async def test_every_failure_to_read_says_what_to_do(
    core: Core, tmp_path: Path, result: ScreenshotText | OcrError, key: str
) -> None:
    conversation, store = await _open(core, tmp_path / "db.sqlite3", FakeReader(result))
    try:
        for lang in (ZH, Lang.EN):
            await conversation.set_language(USER, lang)
            reply = await conversation.handle(USER, Photo(data=b"jpeg"), lang)
            assert _notices(reply) == [core.knowledge.text(key, lang)]
        assert await store.evidence(USER) == []
    finally:
        await store.close()


async def test_a_refused_photo_never_reaches_the_reader(core: Core, tmp_path: Path) -> None:
    reader = FakeReader(SHOT)
    conversation, store = await _open(core, tmp_path / "db.sqlite3", reader)
    try:
        big = await conversation.handle(USER, Photo(too_large=True))
        assert _notices(big) == [core.knowledge.text("photo_too_large", ZH)]
        assert reader.seen == []
        without = Conversation(conversation.service)  # nothing reads pictures: ask for text
        reply = await without.handle(USER, Photo(data=b"jpeg"))
        assert _notices(reply) == [core.knowledge.text("photo_paste", ZH)]
    finally:
        await store.close()
