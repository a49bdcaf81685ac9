"""Forwarded and pasted SMS in the chat: verdict cards, advice, 12321 reports, evidence."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.knowledge.base import Knowledge
from tests.support.fake_bot_models import MessageView
from tests.support.progress import asked
from tests.support.telegram_chat import BotUnderTest, UserChat, running_bot

SCAM = (
    "【支付宝】您的借呗账户异常，将影响征信，请立即登录 alipay-jb.top 处理，并将资金转入安全账户。"
)
NAMED = "邓强，你欠的借呗逾期款再不还，我们就联系你的家人和单位，后果自负。"
CODE = "【支付宝】校验码482913，你正在登录支付宝，切勿告诉他人。"


@pytest.fixture
async def bot(knowledge: Knowledge, tmp_path: Path) -> AsyncIterator[BotUnderTest]:
    async with running_bot(knowledge, tmp_path) as running:
        yield running


def _cards(chat: UserChat, since: int = 0) -> list[MessageView]:
    """The verdict cards the bot sent (after the first ``since`` messages)."""
    return [m for m in chat.messages[since:] if m.text[:1] in "🔴🟠🟢⚪"]


def _rows(db: Path, sql: str) -> int:
    raw = sqlite3.connect(db)
    try:
        return int(raw.execute(sql).fetchone()[0])
    finally:
        raw.close()


async def test_a_forwarded_scam_gets_a_red_card_with_the_danger_marked(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    origin = {"type": "hidden_user", "sender_user_name": "10690000", "date": 1_700_000_000}
    await chat.send(SCAM, forward_origin=origin)
    card = _cards(chat)[-1]
    assert card.text.startswith("🔴")
    assert "不要转账" in card.text or "不要点链接" in card.text
    units = card.text.encode("utf-16-le")  # entity offsets count UTF-16 code units
    entities = {
        (e["type"], units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le"))
        for e in card.entities
    }
    assert ("underline", "alipay-jb[.]top") in entities, entities  # marked, and defanged
    assert "alipay-jb.top" not in card.text
    assert ("underline", "安全账户") in entities
    assert any("一步步" in label for row in card.buttons for label, _ in row)


async def test_a_message_fills_in_its_facts_at_once_and_asks_only_what_is_missing(
    bot: BotUnderTest,
) -> None:
    chat = bot.user()
    await chat.send(NAMED)
    assert [c.text[0] for c in _cards(chat)] == ["🟠"]
    assert "只问你还不知道的" in chat.screen  # no button to press first
    assert "第 1/" in chat.screen  # paid off? is still unknown
    for label in ["已经全部还清", "今天", "从没逾期"]:  # the message named the loan: 借呗
        await chat.tap(label)
    asked = " ".join(m.text for m in chat.messages)
    assert "哪一笔借款" not in asked
    if "是谁发的" in chat.screen:  # no sender number came with the paste
        await chat.tap("普通手机号")
    assert "短信称呼的是「邓强」。这是你的名字吗？" in chat.screen
    await chat.tap("别人的名字")
    # The threats were read from the message, so the red-flag question is skipped.
    assert "有下面这些内容吗" not in " ".join(m.text for m in chat.messages)
    assert "怎么做" in chat.screen


async def test_a_pasted_message_with_a_sender_line_offers_the_12321_report(
    bot: BotUnderTest,
) -> None:
    chat = bot.user()
    await chat.send(f"发件人：+86 138-0013-8000\n{SCAM}")
    await chat.tap("12321", message=_cards(chat)[-1])
    assert "13800138000*" in chat.screen
    assert "把下面这段发短信到12321" in chat.screen


async def test_a_verification_code_sms_is_not_called_a_scam(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send(CODE)
    assert [c.text[0] for c in _cards(chat)] == ["🟢"]


async def test_several_messages_in_one_paste_get_one_card_each(bot: BotUnderTest) -> None:
    chat = bot.user()
    before = len(chat.messages)
    await chat.send(f"{SCAM}\n\n{NAMED}")
    assert [c.text[0] for c in _cards(chat, before)] == ["🔴", "🟠"]


async def test_evidence_export_and_forget(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/evidence")
    assert "还没有保存的短信" in chat.screen
    await chat.send(SCAM)
    ask = next(m for m in chat.messages if any("✅ 保存" in t for r in m.buttons for t, _ in r))
    await chat.tap("✅ 保存", message=ask)
    await chat.send("/evidence")
    await chat.tap("CSV")
    documents = bot.api.documents(chat.user_id)
    assert len(documents) == 1
    content = (documents[0].content or b"").decode("utf-8-sig")
    assert "alipay-jb[.]top" in content  # the export keeps the message, its link defanged
    assert "alipay-jb.top" not in content
    assert "很可能是诈骗" in content  # in the user's language, not field names
    assert "verdict" not in content
    await chat.send("/forget")
    await chat.tap("确认删除")
    assert _rows(bot.db, "SELECT COUNT(*) FROM evidence WHERE user_key = 'tg:1001'") == 0


async def test_deep_link_asks_for_the_message(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start sms")
    assert "转发或粘贴给我" in chat.screen
    assert not chat.buttons


async def test_a_short_typed_answer_is_not_mistaken_for_an_sms(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    await chat.send("还清了")
    assert asked(2) in chat.screen


async def test_a_message_full_of_html_characters_still_gets_one_valid_card(
    bot: BotUnderTest,
) -> None:
    chat = bot.user()
    before = len(chat.messages)
    await chat.send("【借呗】" + "&<" * 1500 + " 登录 alipay-jb.top")
    cards = _cards(chat, before)
    assert len(cards) == 1  # one card: it was accepted by the API's HTML and length checks
    assert cards[0].text.startswith("🔴")
    assert cards[0].buttons


async def test_advice_keeps_what_the_user_already_answered(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    await chat.tap("已经全部还清")
    await chat.tap("今天")
    await chat.send(NAMED)
    assert "已经全部还清了吗" not in chat.screen
    assert "什么时候还清" not in chat.screen


async def test_after_the_questions_a_long_paste_is_analysed(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    for label in ["还没还完", "从没逾期", "普通手机号", "是我的名字", "都没有"]:
        await chat.tap(label)
    before = len(chat.messages)
    await chat.send("最后通知：欠款已逾期九十天，今天不处理明天就走法律程序，上门核实情况")
    assert [c.text[0] in "🔴🟠⚪" for c in _cards(chat, before)] == [True]


async def test_a_text_past_the_limit_is_read_in_part_and_the_user_is_told(
    bot: BotUnderTest, knowledge: Knowledge
) -> None:
    """A webhook can deliver more than Telegram's 4,096 characters; the rest is not read."""
    from bot.knowledge.model import Lang

    chat = bot.user()
    await chat.send("【借呗】您的借款已逾期，点击 alipay-jb.top 处理。" * 300)
    told = knowledge.text("input_cut", Lang.ZH_HANS, total=9600, kept=4096, cut=5504)
    assert any(m.text == told for m in chat.messages)
    assert chat.messages[-1].buttons  # and the part read got its card


async def test_advice_from_a_scam_message_carries_its_verdict(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send(SCAM)
    raw = sqlite3.connect(bot.db)
    try:
        (data,) = raw.execute("SELECT data FROM sessions").fetchone()
    finally:
        raw.close()
    assert json.loads(data)["facts"]["sms_verdict"] == "scam"  # it ranks the causes too
