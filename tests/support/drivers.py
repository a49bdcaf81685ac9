"""Users who talk to a ``paidoff run`` process one step at a time, each in a thread.

A ``Driver`` acts like a person: one step (a message, a tap), then it waits for the answer
(across bot restarts and Bot API faults) before the next. A step whose answer never comes
is recorded in ``lost`` and ends that user's conversation. The plans are the ones the
fault tests share: buttons only, typed answers, and pasting SMS with keeping switched on.
"""

from __future__ import annotations

import threading
import time

from tests.e2e.conftest import ZH_TAPS, Person
from tests.support.progress import asked

__all__ = [
    "SMS_TEXTS",
    "Driver",
    "Step",
    "cards",
    "duplicates",
    "paster",
    "tapper",
    "typist",
]

Step = tuple[str, str, str]
"""(kind, what, expected in the answer); kind: ``send``, ``tap`` or ``sms``."""
SMS_TEXTS = (
    "【支付宝】您的借呗账户异常，将影响征信，请立即登录 alipay-jb.top 处理，"
    "并将资金转入安全账户。",
    "邓强，你欠的借呗逾期款再不还，我们就联系你的家人和单位，后果自负。",
    "【支付宝】校验码482913，你正在登录支付宝，切勿告诉他人。",
)
KEEP_ON = "▶️ 开始保存"  # texts.yaml keep_switch_on: /evidence's switch
KEPT = "之后发来的短信都会保存"  # keep_on_later / keep_on_done


def tapper(taps: int = len(ZH_TAPS)) -> list[Step]:
    """/start, then the first ``taps`` buttons of the Chinese conversation."""
    return [("send", "/start", asked(1)), *[("tap", lb, un) for lb, un in ZH_TAPS[:taps]]]


def typist(taps: int = len(ZH_TAPS)) -> list[Step]:
    """Typed answers to the first three questions, then buttons up to ``taps`` answers."""
    typed = [("send", "还清了", asked(2)), ("send", "上周", asked(3)), ("send", "借呗", asked(4))]
    steps: list[Step] = [("send", "/start", asked(1)), *typed[:taps]]
    return steps + [("tap", lb, un) for lb, un in ZH_TAPS[3:taps]]


def paster(texts: int = len(SMS_TEXTS)) -> list[Step]:
    """/start, keeping switched on in /evidence, then ``texts`` SMS pasted one by one."""
    return [
        ("send", "/start", asked(1)),
        ("send", "/evidence", "保存短信：未开启"),  # keep_state_off
        ("tap", KEEP_ON, KEPT),
        *[("sms", text, "") for text in SMS_TEXTS[:texts]],
    ]


def cards(person: Person) -> list[str]:
    """The SMS verdict cards in the chat (they start with a coloured circle)."""
    return [m.text for m in person.bot_messages() if m.text[:1] in "🔴🟠🟢"]


def duplicates(person: Person) -> list[str]:
    """Bot messages that repeat the bot's message just before them in the chat (a reply
    sent twice; the same question shown again after another message is no repeat)."""
    texts = [m.text for m in person.bot_messages()]
    pairs = enumerate(zip(texts, texts[1:], strict=False))
    return [f"#{n + 1}: {b[:80]!r}" for n, (a, b) in pairs if a == b]


class Driver(threading.Thread):
    """One user's steps in a thread (``start()``/``join()``)."""

    def __init__(self, person: Person, steps: list[Step], wait: float = 40.0) -> None:
        super().__init__(daemon=True, name=f"user-{person.user_id}")
        self.person, self.steps, self.wait = person, steps, wait
        self.lost: list[str] = []
        self.done = 0
        """Steps answered."""
        self.acknowledged: list[str] = []
        """SMS the bot answered with a verdict card."""
        self.latencies: list[float] = []
        """Seconds from each step to its answer (for bench/; never asserted)."""

    def run(self) -> None:
        person = self.person
        for kind, what, until in self.steps:
            began = time.monotonic()
            try:
                if kind == "send":
                    person.send(what, until=until, timeout=self.wait)
                elif kind == "tap":
                    person.tap(what, until=until, timeout=self.wait)
                else:  # an SMS: wait for one more verdict card
                    count = len(cards(person))
                    person.api.user_sends(person.user_id, what)
                    person.api.wait_for(
                        lambda _, n=count: len(cards(person)) > n,  # type: ignore[misc]
                        timeout=self.wait,
                        what=f"a verdict card for user {person.user_id}",
                    )
                    self.acknowledged.append(what)
            except AssertionError as exc:
                self.lost.append(f"user {person.user_id} step {what[:20]!r}: {str(exc)[:400]}")
                return
            self.latencies.append(time.monotonic() - began)
            self.done += 1

    @property
    def where(self) -> str:
        """What the screen shows after the last step answered (its ``until``)."""
        if self.done == 0:
            return ""
        return self.steps[self.done - 1][2]
