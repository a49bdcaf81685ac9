"""Keeping SMS as evidence (issue 10): consent, /evidence, PDF/CSV export, ready-to-send
texts, deletion and /forget — through the real PTB application and the fake Bot API, and
in the terminal."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.channels.console import ConsoleChat
from bot.conversation import (
    Command,
    Conversation,
    DocumentView,
    NoticeView,
    Pressed,
    Tone,
    Typed,
)
from bot.conversation.intents import Act
from bot.knowledge.base import Knowledge
from bot.knowledge.model import Lang
from bot.report.font import FONT_ENV, load_font
from bot.service import AdvisorService
from bot.sms.defang import defang
from tests.support.fake_bot_models import MessageView
from tests.support.pdf_tools import pdf_pages, pdf_text
from tests.support.telegram_chat import BotUnderTest, UserChat, running_bot

ZH = Lang.ZH_HANS
SCAM = (
    "【支付宝】您的借呗账户异常，将影响征信，请立即登录 alipay-jb.top 处理，并将资金转入安全账户。"
)
NAMED = "邓强，你欠的借呗逾期款再不还，我们就联系你的家人和单位，后果自负。"
OVERDUE = "【借呗】您的借款已逾期3天，请尽快登录支付宝App还款，以免产生更多罚息。"
MALICIOUS = (
    "【借呗】<b>逾期</b>催收通知 & <script>alert(1)</script> ) ( \\ endobj %%EOF "
    "请点击 http://jb-pay.top/x?a=1&b=<2> 还款，否则起诉并联系你的家人"
)


@pytest.fixture
async def bot(knowledge: Knowledge, tmp_path: Path) -> AsyncIterator[BotUnderTest]:
    async with running_bot(knowledge, tmp_path) as running:
        yield running


def _squash(text: str) -> str:
    """pdftotext breaks lines wherever the PDF wrapped them: compare without blanks."""
    return "".join(text.split())


def _with_button(chat: UserChat, label: str) -> MessageView:
    """The newest bot message with a button labelled ``label`` (not only the live one)."""
    for message in reversed(chat.messages):
        if any(label in text for row in message.buttons for text, _ in row):
            return message
    raise AssertionError(f"no message with a button {label!r}")


async def _tap(chat: UserChat, label: str) -> None:
    await chat.tap(label, message=_with_button(chat, label))


def _pdf(bot: BotUnderTest, chat: UserChat, tmp_path: Path) -> Path:
    sent = bot.api.documents(chat.user_id)[-1]
    assert sent.filename is not None
    assert sent.filename.endswith(".pdf")
    assert sent.content is not None
    assert sent.content.startswith(b"%PDF-")
    path = tmp_path / sent.filename
    path.write_bytes(sent.content)
    return path


def _stored(db: Path) -> bytes:
    """Every byte SQLite keeps for the bot: the database file, its WAL and its SHM."""
    files = (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"))
    return b"".join(p.read_bytes() for p in files if p.exists())


async def test_three_sms_are_listed_exported_as_pdf_and_deleted(
    bot: BotUnderTest, knowledge: Knowledge, tmp_path: Path
) -> None:
    chat = bot.user()
    await chat.send(SCAM)
    assert knowledge.text("keep_ask", ZH) in [m.text for m in chat.messages]
    await _tap(chat, knowledge.text("keep_yes", ZH))
    assert knowledge.text("keep_on_done", ZH, count=1) in [m.text for m in chat.messages]
    await chat.send(NAMED)
    await chat.send(OVERDUE)
    asked = [m for m in chat.messages if knowledge.text("keep_ask", ZH) in (m.text, *m.history)]
    assert len(asked) == 1  # asked once (that message now says it was kept)
    await chat.send("/evidence")
    assert "已保存 3 条短信" in chat.screen
    assert "不清楚" in chat.screen  # the payoff date is unknown, and it says so
    assert knowledge.text("keep_state_on", ZH) in chat.screen
    await chat.tap("PDF")
    text = _squash(pdf_text(_pdf(bot, chat, tmp_path)))
    for sms in (SCAM, NAMED, OVERDUE):
        assert _squash(defang(sms)) in text
    assert "alipay-jb.top" not in text
    assert "共保存3条短信" in text
    await chat.send("/evidence")
    await chat.tap("删除已保存的短信")
    assert "3 条" in chat.screen
    await chat.tap("确认删除")
    assert knowledge.text("evidence_deleted", ZH, count=3) in chat.screen
    await chat.send("/evidence")
    assert knowledge.text("evidence_empty", ZH) in chat.screen
    assert SCAM.encode() not in _stored(bot.db)


async def test_without_consent_nothing_is_kept_and_the_card_buttons_still_work(
    bot: BotUnderTest, knowledge: Knowledge
) -> None:
    chat = bot.user()
    await chat.send(SCAM)
    ask = _with_button(chat, knowledge.text("keep_no", ZH))
    await chat.tap(knowledge.text("keep_no", ZH), message=ask)
    answered = next(m for m in chat.messages if m.message_id == ask.message_id)
    assert answered.text == knowledge.text("keep_off_done", ZH)  # the question, answered
    await chat.send(NAMED)
    assert knowledge.text("keep_ask", ZH) not in chat.messages[-3].text  # not asked again
    before = len(chat.messages)
    await _tap(chat, knowledge.text("sms_advice_button", ZH))  # the NAMED card's button
    assert len(chat.messages) == before + 1  # it answered (a gone record: only a toast)
    assert "第 1/" in chat.screen
    for sms in (SCAM, NAMED):
        assert sms.encode() not in _stored(bot.db)
    await chat.send("/evidence")
    assert knowledge.text("evidence_empty", ZH) in chat.screen
    assert knowledge.text("keep_state_off", ZH) in chat.screen
    assert knowledge.text("keep_switch_on", ZH) in chat.buttons


async def test_keeping_can_be_switched_off_in_evidence(
    bot: BotUnderTest, knowledge: Knowledge
) -> None:
    chat = bot.user()
    await chat.send(SCAM)
    await _tap(chat, knowledge.text("keep_yes", ZH))
    await chat.send("/evidence")
    await chat.tap(knowledge.text("keep_switch_off", ZH))
    assert chat.screen == knowledge.text("keep_off_done", ZH)
    await chat.send("/evidence")
    await chat.tap(knowledge.text("keep_switch_on", ZH))
    assert chat.screen == knowledge.text("keep_on_later", ZH)  # nothing was held to keep
    await chat.send("/evidence")
    await chat.tap(knowledge.text("keep_switch_off", ZH))
    await chat.send(NAMED)
    assert NAMED.encode() not in _stored(bot.db)
    await chat.send("/evidence")
    assert "已保存 1 条短信" in chat.screen  # the one kept before stays until deleted


async def test_an_empty_log_exports_a_valid_pdf(
    bot: BotUnderTest, knowledge: Knowledge, tmp_path: Path
) -> None:
    chat = bot.user()
    await chat.send("/evidence")
    await chat.tap("PDF")
    path = _pdf(bot, chat, tmp_path)
    assert pdf_pages(path) >= 1
    assert _squash(knowledge.text("report_empty", ZH)) in _squash(pdf_text(path))


async def test_a_malicious_sms_gives_a_card_and_a_valid_pdf(
    bot: BotUnderTest, knowledge: Knowledge, tmp_path: Path
) -> None:
    chat = bot.user()
    await chat.send(MALICIOUS)
    await _tap(chat, knowledge.text("keep_yes", ZH))
    assert any("<script>" in m.text for m in chat.messages)  # shown as text, not markup
    await chat.send("/evidence")
    await chat.tap("PDF")
    path = _pdf(bot, chat, tmp_path)
    assert pdf_pages(path) >= 1
    text = _squash(pdf_text(path))
    assert "<script>alert(1)</script>" in text
    assert "endobj%%EOF" in text
    assert "jb-pay.top" not in text  # the link is defanged


async def test_ready_to_send_texts_come_one_a_message_as_code(
    bot: BotUnderTest, knowledge: Knowledge
) -> None:
    chat = bot.user()
    await chat.send(NAMED)
    await _tap(chat, knowledge.text("keep_yes", ZH))
    before = len(chat.messages)
    await chat.send("/evidence")
    await chat.tap(knowledge.text("evidence_texts_button", ZH))
    sent = chat.messages[before + 1 :]
    assert sent[0].text == knowledge.text("evidence_texts_intro", ZH)
    titles = [knowledge.text(f"ready_{kind}_title", ZH) for kind in ("95188", "12378")]
    for title in titles:
        assert any(m.text.startswith(title) for m in sent)
    assert len(sent) == 6  # the intro, then five texts
    for message in sent[1:]:  # each body is one code entity: a tap copies it
        codes = [e for e in message.entities if e.get("type") == "code"]
        assert len(codes) == 1
        assert codes[0]["length"] > 20
    assert any("邓强" in m.text for m in sent[1:])  # filled from the kept SMS


async def test_forget_leaves_no_byte_of_the_sms_in_the_database_wal_or_shm(
    bot: BotUnderTest, knowledge: Knowledge
) -> None:
    chat = bot.user()
    await chat.send(SCAM)
    await _tap(chat, knowledge.text("keep_yes", ZH))
    await chat.send(OVERDUE)
    secret = "将资金转入安全账户".encode()
    assert secret in _stored(bot.db)  # kept: the check below can fail
    await chat.send("/forget")
    await chat.tap("确认删除")
    stored = _stored(bot.db)
    for sms in (SCAM, OVERDUE):
        for piece in (sms[:12], sms[12:24], sms[-12:]):
            assert piece.encode() not in stored
    assert secret not in stored
    await chat.send(NAMED)  # consent went too: asked again
    assert knowledge.text("keep_ask", ZH) in [m.text for m in chat.messages[-4:]]


def _exported(folder: Path) -> tuple[Path, Path]:
    """The one PDF and the one CSV written to ``folder``."""
    pdfs, csvs = list(folder.glob("*.pdf")), list(folder.glob("*.csv"))
    assert (len(pdfs), len(csvs)) == (1, 1)
    return pdfs[0], csvs[0]


async def test_the_terminal_has_evidence_and_export(
    service: AdvisorService, knowledge: Knowledge, tmp_path: Path
) -> None:
    k = knowledge
    queue = [SCAM, "evidence"]
    out = io.StringIO()

    async def read() -> str | None:
        return queue.pop(0) if queue else None

    chat = ConsoleChat(service, read, out, user="console:t", folder=tmp_path)
    await chat.run()
    shown = out.getvalue()
    assert k.text("keep_ask", ZH) in shown
    assert k.text("console_choose_later", ZH) in shown
    assert k.text("keep_state_off", ZH) in shown
    toggle = [b.label for b in chat.choices].index(k.text("keep_switch_on", ZH)) + 1
    queue += [str(toggle), "export"]
    await chat.run()
    pdf, csv = _exported(tmp_path)
    assert csv.read_bytes().startswith("\ufeff".encode())  # utf-8-sig, as Excel wants
    assert _squash(defang(SCAM)) in _squash(pdf_text(pdf))
    assert k.text("export_saved", ZH, path=str(pdf)) in out.getvalue()


async def test_consent_outlives_a_restart_of_the_questions(service: AdvisorService) -> None:
    k, conversation = service.advisor.knowledge, Conversation(service)
    await conversation.handle("u:1", Typed(SCAM))
    await conversation.handle("u:1", Pressed(Act.CONSENT, "yes"))
    await conversation.handle("u:1", Command("restart"))
    reply = await conversation.handle("u:1", Typed(OVERDUE))
    asked = [v for v in reply.views if getattr(v, "text", "") == k.text("keep_ask", ZH)]
    assert asked == []
    assert [r.text for r in await service.evidence("u:1")] == [SCAM, OVERDUE]


async def test_without_a_chinese_font_the_pdf_button_says_so_and_the_csv_still_works(
    service: AdvisorService, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    k, conversation = service.advisor.knowledge, Conversation(service)
    monkeypatch.setenv(FONT_ENV, str(tmp_path / "no-such-font.ttf"))
    load_font.cache_clear()  # the font found by an earlier test is remembered
    try:
        pdf = await conversation.handle("u:1", Pressed(Act.EVIDENCE, "pdf"))
    finally:
        load_font.cache_clear()
    assert pdf.views == (NoticeView(k.text("evidence_pdf_failed", ZH), Tone.WARN),)
    csv = await conversation.handle("u:1", Pressed(Act.EVIDENCE, "csv"))
    assert [type(v) for v in csv.views] == [DocumentView]
