"""The bot in a private chat, driven through the real Application and the fake Bot API."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.knowledge.base import Knowledge
from tests.support.progress import asked
from tests.support.telegram_chat import BotUnderTest, running_bot


def _toasts(bot: BotUnderTest) -> list[str]:
    """The pop-up texts the bot answered button taps with."""
    return [str((q.answer or {}).get("text")) for q in bot.api.callback_queries() if q.answer]


@pytest.fixture
async def bot(knowledge: Knowledge, tmp_path: Path) -> AsyncIterator[BotUnderTest]:
    async with running_bot(knowledge, tmp_path) as running:
        yield running


async def test_start_greets_and_asks_the_first_question(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    assert "还清助手" in chat.screen
    assert asked(1) in chat.screen
    assert chat.buttons[:3] == ["已经全部还清", "还没还完", "不确定"]
    assert "⬅️ 返回" in chat.buttons
    assert "🔄 重新开始" in chat.buttons


async def test_english_user_gets_english(bot: BotUnderTest) -> None:
    chat = bot.user(2002, language_code="en")
    await chat.send("/start")
    assert asked(1, "en") in chat.screen
    assert "Yes, fully repaid" in chat.buttons


async def test_traditional_user_gets_traditional(bot: BotUnderTest) -> None:
    chat = bot.user(2003, language_code="zh-hant")
    await chat.send("/start")
    assert "還清助手" in chat.screen


async def test_a_tap_turns_the_live_question_into_the_next_with_the_answer_above(
    bot: BotUnderTest,
) -> None:
    chat = bot.user()
    await chat.send("/start")
    question = chat.live
    assert question is not None
    await chat.tap("已经全部还清")
    await chat.tap("今天")
    live = chat.live
    assert live is not None
    assert live.message_id == question.message_id  # the same message, moved on: no new one
    assert asked(3) in live.text
    assert "✔ 已经全部还清 · ✔ 今天" in live.text.splitlines()[0]
    assert len(chat.messages) == 1
    assert chat.live_count() == 1


async def test_back_takes_the_answer_off_the_live_question(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    await chat.tap("已经全部还清")
    await chat.tap("今天")
    await chat.tap("返回")
    assert asked(2) in chat.screen
    assert "✔ 已经全部还清" in chat.screen
    assert "✔ 今天" not in chat.screen


async def test_the_last_tap_leaves_the_summary_with_the_answers_and_sends_the_step(
    bot: BotUnderTest,
) -> None:
    chat = bot.user()
    await chat.send("/start")
    taps = ["已经全部还清", "今天", "借呗", "从没逾期", "95188", "是我的名字", "都没有"]
    for label in taps:
        await chat.tap(label)
    summary, step = chat.messages
    assert "最可能的原因" in summary.text
    assert "✔ 已经全部还清" in summary.text
    assert "✔ 都没有" in summary.text
    assert not summary.buttons
    assert "第 1/" in step.text
    assert step.buttons


async def test_seven_taps_reach_the_first_guidance_step(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    taps = ["已经全部还清", "今天", "借呗", "从没逾期", "95188", "是我的名字", "都没有"]
    for label in taps:
        await chat.tap(label)
    texts = [m.text for m in chat.messages]
    assert any("最可能的原因" in t for t in texts)
    assert "第 1/" in chat.screen
    assert "怎么做" in chat.screen
    assert any("做完了" in b for b in chat.buttons)


async def test_typed_answers_work_like_buttons(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    first = chat.live
    assert first is not None
    await chat.send("还清了")
    # Below the user's own message: the next question comes in a new message, the
    # answered one keeps its question and the answer, without buttons.
    answered = bot.api.message(chat.user_id, first.message_id)
    assert "✔ 你的回答：已经全部还清" in answered.text
    assert not answered.buttons
    assert asked(2) in chat.screen
    assert "✔ 已经全部还清" in chat.screen
    await chat.send("前天还的")
    assert asked(3) in chat.screen
    await chat.send("你好")
    assert "没能确定「你好」是哪个选项" in chat.screen
    assert asked(3) in chat.screen
    assert chat.live_count() == 1


async def test_back_and_start_over(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    await chat.tap("已经全部还清")
    await chat.tap("返回")
    assert asked(1) in chat.screen
    await chat.tap("还没还完")
    assert "逾期" in chat.screen
    await chat.tap("重新开始")
    assert "从头开始" in chat.messages[-1].text
    assert asked(1) in chat.screen


async def test_back_on_the_first_question_says_so(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    await chat.tap("返回")
    answers = _toasts(bot)
    assert "已经是第一题了。" in answers


async def test_multi_select_ticks_in_place(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    for label in ["还没还完", "从没逾期", "普通手机号", "是我的名字"]:
        await chat.tap(label)
    await chat.tap("有链接")
    assert "☑️ 有链接" in chat.buttons
    await chat.tap("要验证码")
    await chat.tap("完成")
    assert "已经照对方说的做了" in chat.screen  # a scam sign: did you already act on it?
    await chat.tap("都没有")
    texts = " ".join(m.text for m in chat.messages)
    assert "冒充" in texts or "诈骗" in texts


async def test_a_stale_button_gets_the_current_question(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    old = chat.live
    assert old is not None
    await chat.tap("已经全部还清")
    yes = next(d for _, d in old.buttons[0] if d)
    await chat.press_raw(old.message_id, yes)  # a second tap on the keyboard as it was
    answers = _toasts(bot)
    assert any("已经过去了" in a for a in answers)
    assert asked(2) in chat.screen
    assert chat.live_count() == 1
    assert len(chat.messages) == 1


async def test_a_button_of_an_older_message_brings_the_question_down(
    bot: BotUnderTest,
) -> None:
    chat = bot.user()
    await chat.send("/start")
    old = chat.live
    assert old is not None
    await chat.send("还清了")  # the question moves to a new message
    yes = next(d for _, d in old.buttons[0] if d)
    await chat.press_raw(old.message_id, yes)
    assert any("已经过去了" in a for a in _toasts(bot))
    assert asked(2) in chat.screen
    assert chat.live_count() == 1
    assert not bot.api.message(chat.user_id, old.message_id).buttons


async def test_a_button_from_an_older_knowledge_version_is_stale(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    live = chat.live
    assert live is not None
    await chat.press_raw(live.message_id, "a|0ld000|paid_off|yes")
    assert asked(1) in chat.screen
    await chat.press_raw(live.message_id, "garbage-from-elsewhere")
    assert asked(1) in chat.screen


async def test_restart_of_the_bot_resumes_the_same_question(
    knowledge: Knowledge, tmp_path: Path
) -> None:
    async with running_bot(knowledge, tmp_path) as first:
        chat = first.user()
        await chat.send("/start")
        await chat.tap("已经全部还清")
        await chat.tap("4–7 天前")
    async with running_bot(knowledge, tmp_path) as second:
        chat = second.user()
        await chat.send("/start")
        assert "欢迎回来" in chat.screen
        assert asked(3) in chat.screen


async def test_forget_asks_then_deletes_every_row(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    await chat.tap("已经全部还清")
    await chat.send("/forget")
    assert "无法恢复" in chat.screen
    await chat.tap("确认删除")
    assert "已删除" in chat.messages[-1].text
    raw = sqlite3.connect(bot.db)
    try:
        rows = raw.execute("SELECT COUNT(*) FROM sessions WHERE user_key = 'tg:1001'").fetchone()
    finally:
        raw.close()
    assert rows[0] == 0


async def test_forget_can_be_cancelled(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    await chat.send("/forget")
    await chat.tap("取消")
    assert "什么都没有删除" in chat.messages[-1].text


async def test_language_switch(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    await chat.send("/lang")
    await chat.tap("English")
    assert asked(1, "en") in chat.screen


async def test_help_and_privacy(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/help")
    assert "95188" in chat.screen
    await chat.send("/privacy")
    assert "180 天" in chat.screen


async def test_html_in_user_input_is_quoted_as_text(bot: BotUnderTest) -> None:
    chat = bot.user(3003, language_code="en")
    await chat.send("/start")
    await chat.send("<b>hi</b> & <s>")
    # The fake API parses Telegram HTML: an unescaped <script> would have been rejected.
    assert "“<b>hi</b> & <s>”" in chat.screen
    assert asked(1, "en") in chat.screen


async def test_stickers_and_photos_get_a_clear_answer(bot: BotUnderTest) -> None:
    chat = bot.user()
    bot.api.user_sends_sticker(chat.user_id)
    await bot.pump()
    assert "只能读文字" in chat.screen
    bot.api.user_sends_photo(chat.user_id, b"\x89PNG fake")
    await bot.pump()
    assert "不是图片" in chat.screen  # a photo that is no picture: send one, or paste
    assert "粘贴" in chat.screen


async def test_an_edit_is_acknowledged(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    await chat.send("还清了")
    bot.api.user_edits(chat.user_id, bot.api.last_user_message_id(chat.user_id), "没还清")
    await bot.pump()
    assert "修改了一条消息" in chat.screen


async def test_groups_get_an_invitation_and_nothing_is_stored(bot: BotUnderTest) -> None:
    bot.api.user_sends(4004, "/start", chat_id=-100500, chat_type="supergroup")
    bot.api.user_sends(4004, "just chatting", chat_id=-100500, chat_type="supergroup")
    await bot.pump()
    replies = [m for m in bot.api.messages(-100500) if m.from_bot]
    assert len(replies) == 1
    assert "私聊" in replies[0].text
    url = replies[0].raw["reply_markup"]["inline_keyboard"][0][0]["url"]
    assert url.startswith("https://t.me/")
    raw = sqlite3.connect(bot.db)
    try:
        assert raw.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0
    finally:
        raw.close()


async def test_command_menus_are_set_per_language(bot: BotUnderTest) -> None:
    default = dict(bot.api.commands())
    english = dict(bot.api.commands(language_code="en"))
    assert set(default) == {
        "start", "help", "restart", "lang", "check", "evidence", "reminders", "privacy",
        "forget",
    }  # fmt: skip
    assert "短信" in default["check"]
    assert default["forget"] == "删除我的全部记录"
    assert english["forget"] == "Delete everything about me"


async def test_guidance_steps_navigate_in_place(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/start")
    for label in ["还没还完", "逾期过，超过", "普通手机号", "是我的名字", "都没有"]:
        await chat.tap(label)
    page = chat.live
    assert page is not None
    await chat.tap("下一步")
    assert "第 2/" in bot.api.message(chat.user_id, page.message_id).text
    await chat.tap("回到总结")
    summary = bot.api.message(chat.user_id, page.message_id).text
    assert "按这个顺序处理" in summary
    await chat.tap("第 1 步")
    await chat.tap("这步做完了")
    assert "第 2/" in bot.api.message(chat.user_id, page.message_id).text


async def test_an_unknown_command_gets_the_help(bot: BotUnderTest) -> None:
    chat = bot.user()
    await chat.send("/whatever")
    assert "我能帮你弄清" in chat.screen


async def test_the_flood_notice_says_the_extra_messages_were_dropped(
    knowledge: Knowledge, tmp_path: Path
) -> None:
    """Beyond the limit messages are dropped unread: the notice says so, not "working on it"."""
    from bot.knowledge.model import Lang

    async with running_bot(knowledge, tmp_path) as bot:
        chat = bot.user()
        for n in range(25):  # the limit is 20 in 10 seconds
            chat.api.user_sends(chat.user_id, f"第{n}条")
        await bot.pump()
        notice = knowledge.text("slow_down", Lang.ZH_HANS)
        assert [m.text for m in chat.messages].count(notice) == 1
        assert "没有读" in notice
        assert "重新发" in notice
        assert "处理" not in notice  # no promise to work through them


async def test_a_corrupt_saved_session_is_reset_and_the_user_is_told(
    knowledge: Knowledge, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A row whose JSON is not an object: no error on every update, but a fresh start."""
    from bot.knowledge.model import Lang

    caplog.set_level(logging.DEBUG, logger="bot")  # "never logged" must cover every level
    async with running_bot(knowledge, tmp_path) as bot:
        chat = bot.user()
        await chat.send("/start")
        raw = sqlite3.connect(bot.db)
        raw.execute("UPDATE sessions SET data = '[\"SECRET-CONTENT\"]' WHERE user_key = 'tg:1001'")
        raw.commit()
        raw.close()
        await chat.send("还清了")
        texts = [m.text for m in chat.messages]
        assert knowledge.text("session_reset", Lang.ZH_HANS) in texts
        assert not any("出了点问题" in t for t in texts)  # not the error message
        await chat.send("还清了")
        assert asked(2) in chat.screen  # the conversation works again
        assert texts.count(knowledge.text("session_reset", Lang.ZH_HANS)) == 1
        assert "SECRET-CONTENT" not in caplog.text
        assert "corrupt" in caplog.text
