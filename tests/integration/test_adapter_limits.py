"""Telegram's hard limits, seen from the chat: 4,096 characters a message, 64 bytes a button.

Driven through the real Application and the fake Bot API, which parses every message's
HTML and refuses what Telegram would refuse; the questions walked are the loaded
knowledge's, so a new question or option is covered without editing this file.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.engine.advisor import Advisor
from bot.knowledge.base import Knowledge, localize
from bot.knowledge.model import Lang, Question
from tests.support.telegram_chat import BotUnderTest, UserChat, running_bot
from tests.support.telegram_rules import MAX_TEXT_LENGTH, inline_buttons, utf16_len

MAX_CALLBACK_BYTES = 64
"""Telegram's limit for ``callback_data`` (core.telegram.org/bots/api#inlinekeyboardbutton)."""
ZH = Lang.ZH_HANS
SENDER = "发件人：+86 138-0013-8000"
SCAM_LINE = "【支付宝】您的借呗账户异常，将影响征信，请立即登录 alipay-jb.top 处理。"
FILLER = "请将资金转入安全账户 safe-acct.top 核验，逾期将上报征信并联系你的家人。"


@pytest.fixture
async def bot(knowledge: Knowledge, tmp_path: Path) -> AsyncIterator[BotUnderTest]:
    async with running_bot(knowledge, tmp_path) as running:
        yield running


def _long_sms() -> str:
    """One SMS (one line, one signature) that fills the 4,096 characters read."""
    lines = [SCAM_LINE]
    while len("\n".join([SENDER, "".join([*lines, FILLER])])) <= 4096:
        lines.append(FILLER)
    return "".join(lines)


async def test_a_long_reply_arrives_as_several_valid_messages(
    bot: BotUnderTest, knowledge: Knowledge
) -> None:
    """The 12321 report quotes the whole SMS: longer than one message, it is split."""
    chat = bot.user()
    sms = _long_sms()
    await chat.send(f"{SENDER}\n{sms}")
    (card,) = [m for m in chat.messages if any("12321" in t for row in m.buttons for t, _ in row)]
    before = len(chat.messages)
    await chat.tap("12321", message=card)
    pieces = chat.messages[before:]
    assert len(pieces) >= 2, [p.text[:40] for p in pieces]
    intro = knowledge.text("sms_report_intro", ZH)
    assert pieces[0].text.startswith(intro)
    for piece in pieces:  # the fake API parsed each as Telegram HTML, else it was refused
        assert utf16_len(piece.text) <= MAX_TEXT_LENGTH
        code = [e for e in piece.entities if e["type"] == "code"]
        assert code, f"the code block was not reopened in: {piece.text[:60]!r}"
    # Nothing is lost at the cuts: the report's text is the SMS, its links defanged.
    shown = re.sub(r"\s", "", "".join(p.text for p in pieces).removeprefix(intro))
    expected = "13800138000*" + sms.replace(".top", "[.]top")
    assert shown == re.sub(r"\s", "", expected)
    assert not _refused(bot)


def _paths(advisor: Advisor) -> Iterator[tuple[Question, list[tuple[Question, str]]]]:
    """Every question the tree can ask, with the answers (question, option) that reach it."""
    k, seen = advisor.knowledge, set[str]()
    todo: deque[list[tuple[Question, str]]] = deque([[]])
    while todo:
        path = todo.popleft()
        question = advisor.current(advisor.new_session(ZH, _facts(path)))
        if question is None or question.id in seen:
            continue
        seen.add(question.id)
        yield question, path
        todo.extend([*path, (question, o.id)] for o in question.options)
    assert seen == set(k.questions), f"never asked: {set(k.questions) - seen}"


def _to_outcome(advisor: Advisor) -> list[tuple[Question, str]]:
    """Answers that end the questions: still owing, then the first option of each."""
    path: list[tuple[Question, str]] = []
    while (question := advisor.current(advisor.new_session(ZH, _facts(path)))) is not None:
        wanted = [o.id for o in question.options if o.id in (*question.exclusive, "no")]
        path.append((question, (wanted or [question.options[0].id])[0]))
    return path


def _facts(path: list[tuple[Question, str]]) -> dict[str, str | frozenset[str]]:
    return {q.fact: frozenset({o}) if q.multi else o for q, o in path}


async def _tap(chat: UserChat, label: str) -> None:
    """Tap the live button whose label is exactly ``label`` (a tick box aside)."""
    live = chat.live
    assert live is not None, "no buttons"
    for row in live.buttons:
        for text, data in row:
            if _bare(text) == label and data is not None:
                chat.api.user_presses(chat.user_id, live.message_id, data)
                await chat.bot.pump()
                return
    raise AssertionError(f"no button {label!r} on {live.buttons}")


def _bare(label: str) -> str:
    """A button label without the tick box of a multi-select option."""
    return label.removeprefix("☑️ ").removeprefix("⬜ ")


async def _answer(chat: UserChat, k: Knowledge, question: Question, option: str) -> None:
    await _tap(chat, localize(next(o for o in question.options if o.id == option).label, ZH))
    if question.multi and option not in question.exclusive:
        await _tap(chat, k.text("done_multi", ZH))


def _sent_buttons(bot: BotUnderTest) -> list[tuple[str, str]]:
    """Every (label, callback_data) the bot put on a keyboard, in sends and in edits."""
    out = []
    for call in bot.api.calls():
        for row in inline_buttons(call.params.get("reply_markup")):
            out += [(text, data) for text, data in row if data is not None]
    return out


def _refused(bot: BotUnderTest) -> list[str]:
    """Calls the fake API refused for breaking a limit or for bad HTML."""
    limits = ("BUTTON_DATA_INVALID", "too long", "can't parse entities", "text is empty")
    return [
        f"{c.method}: {c.description}"
        for c in bot.api.calls()
        if c.description and any(word in c.description for word in limits)
    ]


async def test_every_button_the_bot_can_show_fits_64_bytes(
    bot: BotUnderTest, knowledge: Knowledge, advisor: Advisor
) -> None:
    """Each question with all its options ticked, the guidance pages, /lang, /forget, a card."""
    for user, (question, path) in enumerate(_paths(advisor), start=5000):
        chat = bot.user(user)
        await chat.send("/start")
        for earlier, option in path:
            await _answer(chat, knowledge, earlier, option)
        labels = {localize(o.label, ZH) for o in question.options}
        assert labels <= {_bare(b) for b in chat.buttons}, (question.id, chat.buttons)
        if question.multi:  # ticking changes the buttons: tick every option
            for each in question.options:
                if each.id not in question.exclusive:
                    await _tap(chat, localize(each.label, ZH))
    guide = bot.user(4999)
    await guide.send("/start")
    for question, option in _to_outcome(advisor):
        await _answer(guide, knowledge, question, option)
    plan = advisor.outcome(advisor.new_session(ZH, _facts(_to_outcome(advisor))))
    for _ in range(len(plan.steps) - 1):  # every page of the plan, one after the other
        await _tap(guide, knowledge.text("next_step", ZH))
    assert knowledge.text("next_step", ZH) not in guide.buttons  # the last page
    await _tap(guide, knowledge.text("to_summary", ZH))
    steps = {knowledge.text("open_step", ZH, number=n) for n in range(1, len(plan.guide) + 1)}
    assert steps <= set(guide.buttons)
    await guide.send("/lang")
    await guide.send("/forget")
    await guide.send(f"{SENDER}\n{SCAM_LINE}")
    shown = [t for m in guide.messages for row in m.buttons for t, _ in row]
    assert any("12321" in b for b in shown)  # the SMS card's buttons
    data = _sent_buttons(bot)
    too_long = sorted({(t, d) for t, d in data if len(d.encode()) > MAX_CALLBACK_BYTES})
    assert not too_long, too_long
    assert len({d for _, d in data}) > sum(len(q.options) for q in knowledge.questions.values())
    error = knowledge.text("error", ZH)
    assert not [c for c in bot.api.calls("sendMessage") if error in str(c.params.get("text"))]
    assert not _refused(bot)
