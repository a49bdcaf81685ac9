"""What a new user noticed (issue 9), as they see it in Telegram and in the terminal."""

from __future__ import annotations

import datetime as dt
import io
import re
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.channels.console import ConsoleChat
from bot.conversation import (
    ChoiceCard,
    Command,
    Conversation,
    NoticeView,
    Photo,
    Pressed,
    QuestionCard,
    Typed,
    VerdictCard,
)
from bot.conversation.evidence import export
from bot.conversation.intents import Act
from bot.evidence import EvidenceRecord
from bot.knowledge.base import Knowledge, localize
from bot.knowledge.model import Lang
from bot.service import AdvisorService
from tests.support.fake_bot_models import MessageView
from tests.support.telegram_chat import BotUnderTest, UserChat, running_bot

SCAM = (
    "【支付宝】您的借呗账户异常，将影响征信，请立即登录 alipay-jb.top 处理，并将资金转入安全账户。"
)
NAMED = "邓强，你欠的借呗逾期款再不还，我们就联系你的家人和单位，后果自负。"
OWN = "我已经还清了但是还一直收到催收短信"
OWN_LONG = "我已经还清了但是还一直收到催收短信，怎么办呀"
ZH = Lang.ZH_HANS
TO_GUIDANCE = ["还没还完", "逾期过，超过", "普通手机号", "是我的名字", "都没有"]
GUIDANCE_ANSWERS = [("paid_off", "no"), ("overdue", "long"), ("sender", "mobile"),
                    ("addressed_to", "me"), ("red_flags", "none")]  # fmt: skip


def _typed_numbers(k: Knowledge, answers: list[tuple[str, str]]) -> list[str]:
    """The option numbers a terminal user types for ``answers``."""
    return [str([o.id for o in k.questions[q].options].index(o) + 1) for q, o in answers]


async def _press(chat: UserChat, option: str) -> None:
    """Tap the live question's button for option id ``option``, in any language."""
    live = chat.live
    assert live is not None
    data = next(d for row in live.buttons for _, d in row if d and d.endswith(f"|{option}"))
    await chat.press_raw(live.message_id, data)


@pytest.fixture
async def bot(knowledge: Knowledge, tmp_path: Path) -> AsyncIterator[BotUnderTest]:
    async with running_bot(knowledge, tmp_path) as running:
        yield running


def _cards(chat: UserChat, since: int = 0) -> list[MessageView]:
    return [m for m in chat.messages[since:] if m.text[:1] in "🔴🟠🟢⚪"]


def _evidence_rows(db: Path) -> int:
    raw = sqlite3.connect(db)
    try:
        return int(raw.execute("SELECT COUNT(*) FROM evidence").fetchone()[0])
    finally:
        raw.close()


async def _console(service: AdvisorService, lines: list[str]) -> str:
    """The terminal chat's output for ``lines`` (then end of input)."""
    queue = list(lines)

    async def read() -> str | None:
        return queue.pop(0) if queue else None

    out = io.StringIO()
    await ConsoleChat(service, read, out, user="console:t").run()
    return out.getvalue()


# --- finding the SMS feature ---------------------------------------------------------
async def test_welcome_help_and_menu_tell_about_forwarding_an_sms(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    assert "转发或粘贴给我" in chat.screen
    await chat.send("/help")
    assert "转发或粘贴给我" in chat.screen
    assert "/check" in chat.screen
    menu = dict(bot.api.commands())
    assert "check" in menu


async def test_check_asks_for_the_message_in_both_channels(
    bot: BotUnderTest, service: AdvisorService
) -> None:
    chat = bot.user()
    await chat.send("/check")
    assert "把让你担心的那条短信转发或粘贴给我" in chat.screen
    assert not chat.buttons
    out = await _console(service, ["/check"])
    assert "把让你担心的那条短信转发或粘贴给我" in out


async def test_a_photo_is_asked_to_be_copied_as_text(service: AdvisorService) -> None:
    reply = await Conversation(service).handle("u:1", Photo())
    assert [v.text for v in reply.views if isinstance(v, NoticeView)] == [
        service.advisor.knowledge.text("photo_paste", ZH)
    ]
    assert await service.evidence("u:1") == []


# --- pasted messages -----------------------------------------------------------------
async def test_several_messages_one_per_line_get_one_card_each(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send(f"{SCAM}\n{NAMED}")
    assert [c.text[0] for c in _cards(chat)] == ["🔴", "🟠"]
    assert _evidence_rows(bot.db) == 0  # not before the user agrees
    ask = next(m for m in chat.messages if any("保存" in t for r in m.buttons for t, _ in r))
    await chat.tap("✅ 保存", message=ask)
    assert _evidence_rows(bot.db) == 2


async def test_ones_own_situation_is_not_judged_as_an_sms_nor_kept(
    bot: BotUnderTest, knowledge: Knowledge
) -> None:
    chat = bot.user()
    await chat.send("/start")
    await chat.tap("已经全部还清")
    await chat.send(OWN)
    await chat.send(OWN_LONG)
    assert knowledge.text("own_words", ZH) in chat.screen
    assert "第 2/" in chat.screen  # and the question is asked again
    assert _cards(chat) == []
    assert _evidence_rows(bot.db) == 0
    for label in ["今天", "借呗", "从没逾期", "95188", "是我的名字", "都没有"]:
        await chat.tap(label)
    await chat.send(OWN_LONG)  # in the guidance too
    assert knowledge.text("own_words", ZH) in chat.screen
    assert _cards(chat) == []


async def test_ones_own_situation_in_the_terminal(service: AdvisorService) -> None:
    out = await _console(service, ["1", OWN_LONG])
    assert service.advisor.knowledge.text("own_words", ZH) in out
    assert "催收短信 ·" not in out
    assert await service.evidence("console:t") == []


@pytest.mark.parametrize(
    "text",
    [
        "你好，我上个月已经把借呗全部还清了，但是现在还一直收到催收短信，怎么办？",
        "我已经还清了借呗，但是还一直收到催收短信，不知道怎么回事，谢谢你",
        "Hi, thank you. I paid off my Jiebei loan last month but still get collection texts",
    ],
)
async def test_a_greeting_or_thanks_does_not_make_ones_own_story_an_sms(
    service: AdvisorService, text: str
) -> None:
    # "你好" / "谢谢你" speak to the bot, not to the reader of a message received.
    reply = await Conversation(service).handle("tg:1", Typed(text))
    assert not [v for v in reply.views if isinstance(v, VerdictCard)]
    assert await service.evidence("tg:1") == []


async def test_a_greeting_before_a_request_is_still_a_message(service: AdvisorService) -> None:
    text = "你好,我是房东,请把这次的房租打到我爱人的银行卡上,好了请回短信。"
    reply = await Conversation(service).handle("tg:1", Typed(text))
    assert [v for v in reply.views if isinstance(v, VerdictCard)]


async def test_an_sms_asks_before_replacing_an_answer(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    for label in ["已经全部还清", "今天", "借呗", "从没逾期", "普通手机号"]:
        await chat.tap(label)
    await chat.send(SCAM)  # signed 【支付宝】: official, unlike the answer
    assert "这条短信说的和你之前的回答不一样" in chat.screen
    assert "你答的是「普通手机号」" in chat.screen
    service = bot.app.bot_data["paidoff"].ready()
    session, _ = await service.load("tg:1001")
    assert session.facts["sender"] == "mobile"  # not replaced yet
    await chat.tap("用短信里的")
    session, _ = await service.load("tg:1001")
    assert session.facts["sender"] == "official"


async def test_keeping_ones_answer_keeps_it(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    for label in ["已经全部还清", "今天", "借呗", "从没逾期", "普通手机号"]:
        await chat.tap(label)
    await chat.send(SCAM)
    await chat.tap("保留我的回答")
    service = bot.app.bot_data["paidoff"].ready()
    session, _ = await service.load("tg:1001")
    assert session.facts["sender"] == "mobile"
    assert "red_flags" in session.facts  # the message's other facts are in


async def test_the_terminal_asks_too_and_takes_a_number(service: AdvisorService) -> None:
    out = await _console(service, ["1", "1", "1", "1", "3", SCAM, "1"])
    assert "这条短信说的和你之前的回答不一样" in out
    assert "1. 用短信里的" in out
    session, _ = await service.load("console:t")
    assert session.facts["sender"] == "official"


# --- guidance ----------------------------------------------------------------------
async def test_guidance_has_a_way_back_to_the_questions(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    for label in TO_GUIDANCE:
        await chat.tap(label)
    await chat.tap("修改回答")
    assert "有下面这些内容吗" in chat.screen  # the last question again, answer undone
    assert chat.live_count() == 1


async def test_typed_text_in_guidance_does_not_repost_the_step(
    bot: BotUnderTest, knowledge: Knowledge
) -> None:
    chat = bot.user()
    await chat.send("/start")
    for label in TO_GUIDANCE:
        await chat.tap(label)
    before = len(chat.messages)
    await chat.send("好的")
    assert len(chat.messages) == before + 1
    assert chat.screen == knowledge.text("guidance_typed", ZH)
    await chat.send("下一步")  # the same words as in the terminal
    assert "第 2/" in chat.screen


async def test_a_step_shows_its_main_text_and_details_on_request(
    bot: BotUnderTest, knowledge: Knowledge
) -> None:
    chat = bot.user()
    await chat.send("/start")
    for label in TO_GUIDANCE:
        await chat.tap(label)
    page = chat.live
    assert page is not None
    while True:  # to a step with a detail section
        step_id = next(
            s.id
            for s in knowledge.steps.values()
            if localize(s.title, ZH) in chat.live.text  # type: ignore[union-attr]
        )
        if knowledge.steps[step_id].detail is not None:
            break
        await chat.tap("下一步")
    step = knowledge.steps[step_id]
    detail = step.detail.authored(ZH)  # type: ignore[union-attr]
    assert all(line not in chat.live.text for line in detail)  # type: ignore[union-attr]
    await chat.tap("详细")
    shown = bot.api.message(chat.user_id, page.message_id).text
    assert all(line in shown for line in detail)
    assert "详细" not in " ".join(chat.buttons)


async def test_sources_are_one_short_line_in_the_users_language(
    bot: BotUnderTest, knowledge: Knowledge
) -> None:
    chat = bot.user(5005, language_code="en")
    await chat.send("/start")
    for _, option in GUIDANCE_ANSWERS:
        await _press(chat, option)
    lines = [line for line in chat.screen.splitlines() if line.startswith("Sources:")]
    assert len(lines) == 1
    assert "Seed article" not in lines[0]
    assert "reliable (official or news)" not in lines[0]  # no grade groups
    labels = [localize(s.label, Lang.EN) for s in knowledge.sources.values() if s.label]
    assert any(label in lines[0] for label in labels)


async def test_the_terminal_step_folds_the_details_too(service: AdvisorService) -> None:
    k = service.advisor.knowledge
    facts = dict(GUIDANCE_ANSWERS)
    guide = service.advisor.outcome(service.advisor.new_session(facts=facts)).guide
    number = next(n for n, s in enumerate(guide, start=1) if k.steps[s].detail is not None)
    detail = k.steps[guide[number - 1]].detail
    assert detail is not None
    out = await _console(service, [*_typed_numbers(k, GUIDANCE_ANSWERS), str(number)])
    step = out.rsplit(localize(k.steps[guide[number - 1]].title, ZH), 1)[1]
    assert all(line not in step for line in detail.authored(ZH))
    more = await _console(service, ["详细"])
    assert all(line in more for line in detail.authored(ZH))


# --- typed answers -----------------------------------------------------------------
async def test_telegram_takes_several_numbers_for_a_multi_select(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    for label in ["还没还完", "从没逾期", "普通手机号", "是我的名字"]:
        await chat.tap(label)
    await chat.send("1")
    assert "有下面这些内容吗" in chat.screen  # "1" ticks, it does not end the question
    await chat.send("1 6")
    ticked = [b for b in chat.buttons if b.startswith("☑️")]
    assert len(ticked) == 1  # 1 was unticked again, 6 ticked
    await chat.send("2 3")
    assert len([b for b in chat.buttons if b.startswith("☑️")]) == 3
    await chat.send("完成")
    assert "有下面这些内容吗" not in chat.screen


@pytest.mark.parametrize(("typed", "ticked"), [("1.", [1]), ("１。", [1]), ("1. 2.", [1, 2])])
async def test_a_number_with_a_full_stop_ticks_a_multi_select_like_the_number(
    service: AdvisorService, typed: str, ticked: list[int]
) -> None:
    conversation, advisor = Conversation(service), service.advisor
    question = None
    for _ in range(len(advisor.knowledge.questions)):
        session, _ = await service.load("tg:2")
        question = advisor.current(session)
        if question is None or question.multi:
            break
        await conversation.handle("tg:2", Typed("1"))
    assert question is not None
    assert question.multi
    reply = await conversation.handle("tg:2", Typed(typed))
    cards = [v for v in reply.views if isinstance(v, QuestionCard)]
    assert [c.view.id for c in cards] == [question.id]  # still asking, not ended
    assert [o.number for o in cards[0].view.options if o.selected] == ticked


@pytest.mark.parametrize("typed", ["lang fr", "/lang xx"])
async def test_an_unknown_language_shows_the_choice_and_keeps_the_language(
    service: AdvisorService, typed: str
) -> None:
    conversation = Conversation(service)
    await conversation.set_language("tg:3", Lang.EN)
    intent = Command("lang", typed.split()[1]) if typed.startswith("/") else Typed(typed)
    reply = await conversation.handle("tg:3", intent)
    assert [v for v in reply.views if isinstance(v, ChoiceCard)]  # the three languages
    session, _ = await service.load("tg:3")
    assert session.lang is Lang.EN


async def test_a_first_hello_gets_the_welcome(bot: BotUnderTest, knowledge: Knowledge) -> None:
    chat = bot.user()
    await chat.send("你好")
    assert chat.screen.startswith(knowledge.text("welcome", ZH).splitlines()[0])
    assert "没能确定" not in chat.screen
    await chat.send("你好")  # once the conversation is going, it is a re-ask
    assert "没能确定「你好」" in chat.screen


async def test_telegram_understands_the_typed_command_words(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    await chat.tap("已经全部还清")
    await chat.send("返回")
    assert "第 1/" in chat.screen


async def test_the_terminal_never_asks_to_tap_a_button(service: AdvisorService) -> None:
    out = await _console(service, ["", "嗯？？", "你好", "1", "", "?", "back", "xyz"])
    assert "按钮" not in out
    assert "没能确定" in out  # it did re-ask


# --- evidence ------------------------------------------------------------------------
def test_the_evidence_export_is_in_chinese_with_china_time(knowledge: Knowledge) -> None:
    created = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC).timestamp()
    record = EvidenceRecord(text=SCAM, verdict="scam", risk=90, received_at=created)
    content = export(knowledge, ZH, [record], 30).content.decode("utf-8")
    assert "2026-12-02 07:30（北京时间）" in content
    assert "判断：很可能是诈骗" in content
    assert "alipay-jb[.]top" in content
    assert "verdict" not in content
    assert "UTC" not in content


async def test_evidence_in_telegram_is_in_the_users_language(bot: BotUnderTest) -> None:
    chat = bot.user(6006, language_code="en")
    await chat.send(SCAM)
    ask = next(m for m in chat.messages if any("Keep them" in t for r in m.buttons for t, _ in r))
    await chat.tap("Keep them", message=ask)
    await chat.send("/evidence")
    assert "(China time)" in chat.screen
    await chat.tap("CSV table")
    content = bot.api.documents(chat.user_id)[0].content
    assert content is not None
    text = content.decode("utf-8-sig")
    assert text.startswith("No.,Time (Beijing),Sender,Verdict")
    assert "Likely a scam" in text


async def test_a_pasted_sms_is_kept_through_the_service(service: AdvisorService) -> None:
    conversation = Conversation(service)
    await conversation.handle("u:2", Typed(NAMED))
    assert await service.evidence("u:2") == []  # held until the user agrees
    await conversation.handle("u:2", Pressed(Act.CONSENT, "yes"))
    assert [record.text for record in await service.evidence("u:2")] == [NAMED]
    reply = await conversation.handle("u:2", Typed(SCAM))
    kept = await service.evidence("u:2")
    assert [record.text for record in kept] == [NAMED, SCAM]
    cards = [v for v in reply.views if isinstance(v, VerdictCard)]
    assert [c.view.kind for c in cards] == ["scam"]
    assert await service.get_evidence("u:2", cards[0].evidence_id) == kept[1]


async def test_bidi_controls_cannot_disguise_a_quoted_link(service: AdvisorService) -> None:
    """U+202E would make the reversed host below display as alipay-jb.top."""
    disguised = "【支付宝】您的借呗账户异常，请立即登录 \u202epot.bj-yapila\u202c 处理。"
    reply = await Conversation(service).handle("u:bidi", Typed(disguised))
    (card,) = [v for v in reply.views if isinstance(v, VerdictCard)]
    assert card.verdict.text == "【支付宝】您的借呗账户异常，请立即登录 pot.bj-yapila 处理。"
    shown = "".join(quoted for quoted, _ in card.view.seen)
    assert not any("\u202a" <= ch <= "\u202e" for ch in shown + card.verdict.text)



async def test_a_typed_step_number_past_the_last_says_how_many_there_are(
    bot: BotUnderTest, knowledge: Knowledge
) -> None:
    chat = bot.user()
    await chat.send("/start")
    for label in TO_GUIDANCE:
        await chat.tap(label)
    plan = re.search(r"第 1/(\d+) 步", chat.screen)
    assert plan is not None, chat.screen
    await chat.send("99")
    told = re.fullmatch(
        knowledge.text("no_such_step", ZH, number=99, count="(\\d+)").replace("。", "\\。"),
        chat.screen,
    )
    assert told is not None, chat.screen
    count = int(told[1])  # the plan's steps and the further ones, all open by number
    assert count >= int(plan[1])
    await chat.send(str(count))  # the last one opens
    assert "没有第" not in chat.screen
