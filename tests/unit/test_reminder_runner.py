"""run_due: sends each due reminder once, retries a failed send after its lease, gives up
after a few tries, and puts next month's repayment reminder in place."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.reminders import Kind, Reminder, repayment, run_due
from bot.reminders.runner import LEASE, MAX_ATTEMPTS, Postponed
from bot.report.model import BEIJING
from bot.storage.memory import MemoryStore

NOW = datetime(2027, 2, 25, 9, tzinfo=BEIJING).timestamp()


class Outbox:
    def __init__(self, failures: int = 0) -> None:
        self.sent: list[Reminder] = []
        self.failures = failures

    async def __call__(self, reminder: Reminder) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("Telegram unreachable")
        self.sent.append(reminder)


async def test_each_due_reminder_is_sent_once() -> None:
    store, out = MemoryStore(), Outbox()
    await store.add_reminder(Reminder("tg:1", Kind.SUPPORT, NOW - 1))
    await store.add_reminder(Reminder("tg:2", Kind.SUPPORT, NOW + 60))
    assert await run_due(store, NOW, out) == 1
    assert await run_due(store, NOW, out) == 0
    assert [r.user for r in out.sent] == ["tg:1"]
    assert [r.user for r in await store.reminders("tg:2")] == ["tg:2"]  # not due yet


async def test_a_failed_send_is_tried_again_after_its_lease() -> None:
    store, out = MemoryStore(), Outbox(failures=1)
    await store.add_reminder(Reminder("tg:1", Kind.SUPPORT, NOW))
    assert await run_due(store, NOW, out) == 0
    assert await run_due(store, NOW + 1, out) == 0  # still leased to the failed attempt
    assert await run_due(store, NOW + LEASE, out) == 1
    assert [r.attempts for r in out.sent] == [2]


async def test_a_reminder_that_never_goes_through_is_given_up() -> None:
    store, out = MemoryStore(), Outbox(failures=100)
    await store.add_reminder(Reminder("tg:1", Kind.SUPPORT, NOW))
    for attempt in range(MAX_ATTEMPTS):
        await run_due(store, NOW + attempt * LEASE, out)
    assert await store.reminders("tg:1") == []
    assert out.sent == []


@pytest.mark.parametrize("failures", [0, MAX_ATTEMPTS])
async def test_a_monthly_reminder_comes_back_next_month(failures: int) -> None:
    store, out = MemoryStore(), Outbox(failures=failures)
    first = repayment("tg:1", NOW - 3600, day=31, ahead=3, lang="zh-Hans")
    assert first.payload["due"] == "2027-02-28"
    await store.add_reminder(first)
    for attempt in range(failures + 1):
        await run_due(store, first.due_at + attempt * LEASE, out)
    (next_one,) = await store.reminders("tg:1")
    assert next_one.payload["due"] == "2027-03-31"  # even when February's never went out


async def test_a_reminder_waits_out_an_outage_however_long() -> None:
    store, sent = MemoryStore(), Outbox()
    await store.add_reminder(Reminder("tg:1", Kind.SUPPORT, NOW))
    await store.add_reminder(Reminder("tg:2", Kind.SUPPORT, NOW))
    tried: list[str] = []

    async def unreachable(reminder: Reminder) -> None:
        tried.append(reminder.user)
        raise Postponed

    for attempt in range(2 * MAX_ATTEMPTS):
        assert await run_due(store, NOW + attempt * LEASE, unreachable) == 0
    assert set(tried) == {"tg:1"}  # the rest of a batch waits without trying
    assert await run_due(store, NOW + 2 * MAX_ATTEMPTS * LEASE, sent) == 2
    assert sorted(r.user for r in sent.sent) == ["tg:1", "tg:2"]


class Busy(Postponed):
    rest = False


async def test_a_reminder_for_a_busy_chat_waits_and_the_others_go_out() -> None:
    store, out = MemoryStore(), Outbox()
    await store.add_reminder(Reminder("tg:1", Kind.SUPPORT, NOW))
    await store.add_reminder(Reminder("tg:2", Kind.SUPPORT, NOW + 1))

    async def busy_first(reminder: Reminder) -> None:
        if reminder.user == "tg:1":
            raise Busy
        await out(reminder)

    for attempt in range(2 * MAX_ATTEMPTS):
        await run_due(store, NOW + 1 + attempt * LEASE, busy_first)
    assert [r.user for r in out.sent] == ["tg:2"]
    assert [r.user for r in await store.reminders("tg:1")] == ["tg:1"]  # not given up
    assert await run_due(store, NOW + 1 + 2 * MAX_ATTEMPTS * LEASE, out) == 1
