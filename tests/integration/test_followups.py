"""Follow-ups and repayment reminders as a user meets them: offered on a step, listed and
cancelled in /reminders, asked on their day, escalated when the messages go on."""

from __future__ import annotations

import io
from datetime import datetime

import pytest

from bot.bootstrap import Core
from bot.channels.console import ConsoleChat
from bot.conversation import (
    Act,
    ChoiceCard,
    Command,
    Conversation,
    NoticeView,
    Pressed,
    Reply,
    StepCard,
    Typed,
)
from bot.reminders import Kind, Reminder, run_due
from bot.report.model import BEIJING
from bot.service import AdvisorService
from bot.storage.memory import MemoryStore

DAY = 86_400.0
START = datetime(2027, 1, 30, 8, 0, tzinfo=BEIJING).timestamp()
PROCESSING = [("paid_off", "yes"), ("paid_when", "today"), ("loan", "jiebei"),
              ("overdue", "never"), ("sender", "official"), ("addressed_to", "me"),
              ("red_flags", "none")]  # fmt: skip
OWING = [("paid_off", "no"), ("overdue", "long"), ("sender", "mobile"),
         ("addressed_to", "me"), ("red_flags", "none")]  # fmt: skip
NAMED = "邓强，你欠的借呗逾期款再不还，我们就联系你的家人和单位，后果自负。"


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def service(core: Core, clock: Clock) -> AdvisorService:
    return AdvisorService(core.advisor, MemoryStore(), clock=clock)


@pytest.fixture
def conv(service: AdvisorService) -> Conversation:
    return Conversation(service)


def _text(reply: Reply) -> str:
    parts: list[str] = []
    for view in reply.views:
        if isinstance(view, NoticeView | ChoiceCard):
            parts.append(view.text)
            parts.append(getattr(view, "code", None) or "")
        if isinstance(view, ChoiceCard | StepCard):
            rows = view.buttons if isinstance(view, StepCard) else (view.buttons,)
            parts += [b.label for row in rows for b in row]
    return "\n".join(parts)


def _button(reply: Reply, label: str) -> Pressed:
    for view in reply.views:
        rows = (
            view.buttons
            if isinstance(view, StepCard)
            else (view.buttons,)
            if isinstance(view, ChoiceCard)
            else ()
        )
        for row in rows:
            for b in row:
                if label in b.label:
                    return Pressed(b.act, b.arg, b.arg2)
    raise AssertionError(f"no button {label!r} in {_text(reply)}")


async def _guidance(conv: Conversation, user: str, answers: list[tuple[str, str]]) -> Reply:
    reply = await conv.handle(user, Command("start"))
    for question, option in answers:
        reply = await conv.handle(user, Pressed(Act.ANSWER, question, option))
    return reply


async def _step(conv: Conversation, user: str, step_id: str) -> Reply:
    session, _, _ = await conv.service.load_with_anchor(user)
    index = conv.advisor.outcome(session).guide.index(step_id)
    return await conv.handle(user, Pressed(Act.STEP, str(index)))


async def _run(service: AdvisorService, conv: Conversation, now: float) -> list[Reply]:
    """What the reminder job would send at ``now``."""
    sent: list[Reply] = []

    async def send(reminder: Reminder) -> None:
        sent.append(await conv.followups.due(reminder))

    await run_due(service.store, now, send)
    return sent


# --- processing delay: "remind me in N days" ------------------------------------------
async def test_a_processing_delay_offers_a_check_in_days_later_and_asks_then(
    conv: Conversation, service: AdvisorService
) -> None:
    await _guidance(conv, "u:1", PROCESSING)
    step = await _step(conv, "u:1", "wait_processing")
    ask = await conv.handle("u:1", _button(step, "过几天提醒我"))
    assert "几天后提醒你" in _text(ask)
    done = await conv.handle("u:1", _button(ask, "3 天后"))
    assert "2027-02-02 08:00" in _text(done)  # three days on, China time
    assert await _run(service, conv, START + 3 * DAY - 60) == []  # not yet
    (due,) = await _run(service, conv, START + 3 * DAY)
    assert "借呗的还款记录" in _text(due)
    assert await _run(service, conv, START + 4 * DAY) == []  # sent once
    still = await conv.handle("u:1", _button(due, "还在收到"))
    assert "95188" in _text(still)
    again = await conv.handle("u:1", _button(still, "一周后问我"))
    assert "2027-02-06 08:00" in _text(again)  # a week after the press (the clock did not move)


async def test_no_check_in_is_offered_when_processing_is_not_the_likely_cause(
    conv: Conversation,
) -> None:
    await _guidance(conv, "u:1", OWING)
    session, _, _ = await conv.service.load_with_anchor("u:1")
    for index, step_id in enumerate(conv.advisor.outcome(session).guide):
        card = await conv.handle("u:1", Pressed(Act.STEP, str(index)))
        if step_id != "set_reminders":
            assert "过几天提醒我" not in _text(card), step_id


# --- contact support: ask in a week, escalate --------------------------------------------
async def test_still_coming_a_week_after_support_escalates_to_a_filled_12378_complaint(
    conv: Conversation, service: AdvisorService, clock: Clock
) -> None:
    await _guidance(conv, "u:1", PROCESSING)
    await conv.handle("u:1", Typed(NAMED))
    await conv.handle("u:1", Pressed(Act.CONSENT, "yes"))  # keep it as evidence
    step = await _step(conv, "u:1", "contact_support")
    await conv.handle("u:1", _button(step, "一周后问我"))
    clock.now = START + 7 * DAY
    (due,) = await _run(service, conv, clock.now)
    assert "还在收到催收短信吗" in _text(due)
    escalated = await conv.handle("u:1", _button(due, "还在收到"))
    text = _text(escalated)
    assert "12378" in text
    assert "投诉对象" in text  # the ready-to-send complaint itself, to copy
    assert "共收到 1 条催收或可疑短信" in text  # filled in from the kept message
    stopped = await conv.handle("u:1", _button(due, "停了"))
    assert "太好了" in _text(stopped)


async def test_a_check_in_button_still_works_after_a_knowledge_update(
    conv: Conversation, service: AdvisorService
) -> None:
    await service.add_reminder(Reminder("u:1", Kind.SUPPORT, START, {"lang": "en"}))
    (due,) = await _run(service, conv, START)
    assert "still getting collection messages" in _text(due)  # the language it was set in
    pressed = _button(due, "Still coming")
    old = Pressed(pressed.act, pressed.arg, pressed.arg2, fresh=False)  # an older revision
    assert "12378" in _text(await conv.handle("u:1", old))


# --- repayment reminders ---------------------------------------------------------------
async def test_a_due_day_of_31_reminds_at_the_end_of_february_then_each_month(
    conv: Conversation, service: AdvisorService
) -> None:
    listed = await conv.handle("u:1", Typed("提醒"))
    assert "没有设置任何提醒" in _text(listed)
    ask = await conv.handle("u:1", _button(listed, "每月还款提醒"))
    assert "1 到 31" in _text(ask)
    wrong = await conv.handle("u:1", Typed("40"))
    assert "1 到 31 之间" in _text(wrong)
    ahead = await conv.handle("u:1", Typed("31号"))
    assert "每月 31 号还款" in _text(ahead)
    done = await conv.handle("u:1", _button(ahead, "提前 3 天"))
    # Jan 31 minus 3 days is already past at 08:00 on Jan 30: February's is next.
    assert "2027-02-25 09:00" in _text(done)
    (first,) = await _run(service, conv, datetime(2027, 2, 25, 9, tzinfo=BEIJING).timestamp())
    assert "2027-02-28" in _text(first)  # February has no 31st
    (next_one,) = await service.reminders("u:1")
    assert next_one.payload["due"] == "2027-03-31"
    assert datetime.fromtimestamp(next_one.due_at, BEIJING).date().isoformat() == "2027-03-28"


async def test_typing_something_else_while_the_due_day_is_asked_goes_on_as_usual(
    conv: Conversation,
) -> None:
    listed = await conv.handle("u:1", Command("reminders"))
    await conv.handle("u:1", _button(listed, "每月还款提醒"))
    reply = await conv.handle("u:1", Typed(NAMED))
    assert any(type(v).__name__ == "VerdictCard" for v in reply.views)
    assert await conv.followups.service.reminders("u:1") == []


async def test_reminders_are_listed_and_cancelled_one_by_one(
    conv: Conversation, service: AdvisorService
) -> None:
    await service.add_reminder(Reminder("u:1", Kind.PROCESSING, START + DAY, {"days": "1"}))
    await service.add_reminder(Reminder("u:1", Kind.SUPPORT, START + 7 * DAY, {}))
    listed = await conv.handle("u:1", Command("reminders"))
    text = _text(listed)
    assert text.index("核对还款") < text.index("停了没有")  # soonest first
    cancelled = await conv.handle("u:1", _button(listed, "取消第 1 个"))
    assert cancelled.toast == "已取消这个提醒。"
    assert "核对还款" not in _text(cancelled)
    assert [r.kind for r in await service.reminders("u:1")] == [Kind.SUPPORT]
    again = await conv.handle("u:1", _button(listed, "取消第 1 个"))  # the old list's button
    assert again.toast is not None
    assert "已经不在了" in again.toast


async def test_forget_removes_the_reminders(conv: Conversation, service: AdvisorService) -> None:
    await conv.handle("u:1", Command("start"))
    await service.add_reminder(Reminder("u:1", Kind.SUPPORT, START + DAY, {}))
    await conv.handle("u:1", Pressed(Act.FORGET, "yes"))
    assert await service.reminders("u:1") == []
    assert await _run(service, conv, START + 2 * DAY) == []


# --- the terminal ------------------------------------------------------------------------
async def test_the_terminal_shows_due_reminders_at_start_and_with_the_next_line(
    conv: Conversation, service: AdvisorService, clock: Clock
) -> None:
    user = "console:t"
    await service.add_reminder(Reminder(user, Kind.PROCESSING, START, {"lang": "zh-Hans"}))
    await service.add_reminder(Reminder(user, Kind.SUPPORT, START + 5 * DAY, {}))
    await service.add_reminder(Reminder("console:tom", Kind.SUPPORT, START, {}))
    lines = ["reminders", "2"]
    out = io.StringIO()

    async def read() -> str | None:
        if not lines:
            return None
        clock.now += 10 * DAY  # the next line comes days later
        return lines.pop(0)

    await ConsoleChat(service, read, out, user=user).run()
    shown = out.getvalue()
    assert shown.count("借呗的还款记录") == 1  # the processing check-in, at start
    listed = shown.index("没有设置任何提醒")  # the line's reply: the due one is retired
    asked = shown.index("还在收到催收短信吗")
    assert shown.index("借呗的还款记录") < listed < asked  # then the reminder, last
    assert "12378" in shown[asked:]  # "2" picked its "still coming"
    assert await service.reminders(user) == []
    assert len(await service.reminders("console:tom")) == 1  # another user's stays


# --- the payoff day in /evidence (s5-follow leftover) ----------------------------------
async def test_the_payoff_day_asked_in_evidence_counts_the_messages_after_it(
    conv: Conversation, service: AdvisorService, clock: Clock
) -> None:
    answers = [("paid_off", "yes"), ("paid_when", "1_3_days")]
    await _guidance(conv, "u:1", answers)
    await conv.handle("u:1", Typed(NAMED))
    await conv.handle("u:1", Pressed(Act.CONSENT, "yes"))  # kept 2027-01-30 08:00
    shown = await conv.handle("u:1", Command("evidence"))
    assert "不清楚" in _text(shown)
    ask = await conv.handle("u:1", _button(shown, "还清日期"))
    assert "哪天还清的" in _text(ask)
    offered = [b.label for v in ask.views if isinstance(v, ChoiceCard) for b in v.buttons]
    assert offered == ["2027-01-29", "2027-01-28", "2027-01-27"]  # 1–3 days before today
    wrong = await conv.handle("u:1", Typed("1月40日"))
    assert "没看懂这个日期" in _text(wrong)
    done = await conv.handle("u:1", Typed("1月28日"))
    assert "已记下：2027-01-28 还清" in _text(done)
    assert "1 条（2027-01-28 之后）" in _text(done)
    texts = await conv.handle("u:1", Pressed(Act.EVIDENCE, "texts"))
    assert "2027-01-28" in _text(texts)  # the ready texts name the day, not 〔请补充〕
    clock.now += 30 * DAY
    await conv.handle("u:1", Command("restart"))
    later = await conv.handle("u:1", Command("evidence"))
    assert "1 条（2027-01-28 之后）" in _text(later)  # kept across /restart
    tapped = await conv.handle("u:1", Pressed(Act.EVIDENCE, "paid", "2027-01-30"))
    assert "0 条（2027-01-30 之后）" in _text(tapped)  # the day itself is not "after"
