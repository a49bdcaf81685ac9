"""The store contract: what every backend promises the service and the Telegram inbox.

Each test runs once per backend (``parametrize(..., indirect=True)``, the pattern of
aiogram's FSM storage tests). A new backend adds one line to ``BACKENDS``: a name and the
``PAIDOFF_DB_URL`` it opens (given the test's request, for fixtures, and temporary folder).
PostgreSQL: a fresh database on the session's throwaway cluster (tests/support/postgres.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.engine.session import Session
from bot.knowledge.model import Lang
from bot.reminders.model import Kind, Reminder
from bot.storage.factory import open_store
from bot.storage.port import EvidenceRecord, EvidenceSignal, Store

BACKENDS: dict[str, Callable[[pytest.FixtureRequest, Path], str]] = {
    "sqlite": lambda request, tmp: f"sqlite:///{tmp}/contract.sqlite3",  # a real file
    "memory": lambda request, tmp: "memory://",
    "postgres": lambda request, tmp: str(request.getfixturevalue("postgres_url")),
}

pytestmark = pytest.mark.parametrize("store", list(BACKENDS), indirect=True)


@pytest.fixture
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    opened = await open_store(BACKENDS[request.param](request, tmp_path))
    yield opened
    await opened.close()


def _session(paid: str = "yes", lang: Lang = Lang.ZH_HANS) -> Session:
    return Session(lang=lang, facts={"paid_off": paid}, answered=("paid_off",))


def _sms(
    text: str,
    verdict: str = "scam",
    at: float = 100.0,
    origin: str | None = None,
    record_id: int | None = None,
) -> EvidenceRecord:
    return EvidenceRecord(
        text=text,
        verdict=verdict,
        risk=80,
        signals=(EvidenceSignal("url_lookalike", "a1ipay.com", "仿冒域名"),),
        facts={"sender": "mobile", "red_flags": ("link", "upfront_fee")},
        addressed_name="邓强",
        sender="13800138000",
        received_at=at,
        origin=origin,
        id=record_id,
    )


# ---------------- sessions and anchors ----------------


async def test_a_saved_session_reads_back_per_user(store: Store) -> None:
    assert await store.load("tg:1") is None
    await store.save("tg:1", _session("yes"), now=100.0)
    await store.save("tg:2", _session("no", Lang.EN), now=150.0)
    await store.save("tg:1", _session("unsure"), now=200.0)  # replaces
    first, second = await store.load("tg:1"), await store.load("tg:2")
    assert first is not None
    assert second is not None
    assert (first.session, first.updated_at, first.corrupt) == (_session("unsure"), 200.0, False)
    assert (second.session, second.updated_at) == (_session("no", Lang.EN), 150.0)


async def test_the_anchor_is_kept_across_saves_and_needs_a_session(store: Store) -> None:
    await store.set_anchor("tg:1", 41)  # no session yet: nothing to anchor
    assert await store.load("tg:1") is None
    await store.save("tg:1", _session(), now=1.0)
    assert (await store.load("tg:1")).anchor is None  # type: ignore[union-attr]
    await store.set_anchor("tg:1", 42)
    await store.save("tg:1", _session("no"), now=2.0)
    assert (await store.load("tg:1")).anchor == 42  # type: ignore[union-attr]
    await store.set_anchor("tg:1", None)
    assert (await store.load("tg:1")).anchor is None  # type: ignore[union-attr]


# ---------------- evidence ----------------


async def test_evidence_reads_back_typed_with_its_id_time_and_owner(store: Store) -> None:
    first = await store.add_evidence("tg:1", _sms("点击 a1ipay.com", at=100.0))
    second = await store.add_evidence("tg:1", _sms("请还款", "collection", at=200.0))
    other = await store.add_evidence("tg:2", _sms("别人的", at=100.0))
    assert len({first, second, other}) == 3
    kept = await store.evidence("tg:1")
    assert [r.id for r in kept] == [first, second]  # oldest first
    assert kept[0] == _sms("点击 a1ipay.com", at=100.0, record_id=first)  # every field round-trips
    assert kept[1].received_at == 200.0
    assert kept[0].engine_facts()["red_flags"] == frozenset({"link", "upfront_fee"})
    assert await store.get_evidence("tg:1", second) == kept[1]
    assert await store.get_evidence("tg:2", first) is None  # not someone else's
    assert await store.get_evidence("tg:1", 10_000) is None


async def test_evidence_reads_hide_what_was_kept_before_since(store: Store) -> None:
    old = await store.add_evidence("tg:1", _sms("old", at=100.0))
    new = await store.add_evidence("tg:1", _sms("new", at=900.0))
    assert [r.text for r in await store.evidence("tg:1", since=500.0)] == ["new"]
    assert await store.get_evidence("tg:1", old, since=500.0) is None
    assert await store.get_evidence("tg:1", new, since=500.0) is not None


async def test_the_same_origin_is_kept_once_per_user(store: Store) -> None:
    first = await store.add_evidence("tg:1", _sms("a", origin="17:0"))
    again = await store.add_evidence("tg:1", _sms("a", at=300.0, origin="17:0"))
    other = await store.add_evidence("tg:1", _sms("b", origin="17:1"))
    elsewhere = await store.add_evidence("tg:2", _sms("a", origin="17:0"))
    assert again == first
    assert len({first, other, elsewhere}) == 3
    assert [(r.text, r.origin) for r in await store.evidence("tg:1")] == [
        ("a", "17:0"),
        ("b", "17:1"),
    ]


# ---------------- forget and expire ----------------


async def test_forget_deletes_everything_of_that_user_only(store: Store) -> None:
    for user in ("tg:1", "tg:2"):
        await store.save(user, _session(), now=1.0)
        await store.add_evidence(user, _sms("x"))
        await store.journal_begin(user, 5, user)
        await store.journal_sent(user, 70)
    assert await store.forget("tg:1") >= 3
    assert await store.load("tg:1") is None
    assert await store.evidence("tg:1") == []
    start = await store.journal_begin("tg:1", 6, "tg:1")
    assert start.last_msg is None  # the reply journal went too
    assert await store.forget("tg:1") == 1  # only the journal just begun
    assert await store.load("tg:2") is not None
    assert len(await store.evidence("tg:2")) == 1


# --- s4-evidence ---
async def test_delete_evidence_removes_that_users_messages_and_keeps_the_session(
    store: Store,
) -> None:
    await store.save("tg:1", _session(), 50.0)
    for text in ("a", "b"):
        await store.add_evidence("tg:1", _sms(text))
    await store.add_evidence("tg:2", _sms("other"))
    assert await store.delete_evidence("tg:1") == 2
    assert await store.evidence("tg:1") == []
    assert [r.text for r in await store.evidence("tg:2")] == ["other"]
    assert await store.load("tg:1") is not None


async def test_expire_removes_only_what_is_older(store: Store) -> None:
    await store.save("tg:old", _session(), now=100.0)
    await store.save("tg:new", _session(), now=900.0)
    await store.add_evidence("tg:new", _sms("old sms", at=100.0))
    await store.add_evidence("tg:new", _sms("new sms", at=900.0))
    assert await store.expire(before=500.0) == 2  # one session, one message
    assert await store.load("tg:old") is None
    assert await store.load("tg:new") is not None
    assert [r.text for r in await store.evidence("tg:new")] == ["new sms"]
    assert await store.expire(before=500.0) == 0


# ---------------- durable inbox and reply journal ----------------


async def test_the_inbox_records_each_update_once_until_pruned(store: Store) -> None:
    assert await store.inbox_add(11, "tg:1", '{"update_id": 11}', now=100.0)
    assert await store.inbox_add(10, "tg:2", '{"update_id": 10}', now=100.0)
    assert not await store.inbox_add(11, "tg:1", '{"again": true}', now=101.0)
    assert await store.inbox_pending() == [(10, '{"update_id": 10}'), (11, '{"update_id": 11}')]
    await store.inbox_done(10, "tg:2")
    assert await store.inbox_pending() == [(11, '{"update_id": 11}')]
    assert not await store.inbox_add(10, "tg:2", "{}", now=102.0)  # answered: still known
    assert await store.inbox_prune(before=50.0) == 0
    assert await store.inbox_prune(before=200.0) == 1  # the answered one; 11 is pending
    assert await store.inbox_pending() == [(11, '{"update_id": 11}')]
    assert await store.inbox_add(10, "tg:2", "{}", now=300.0)  # forgotten after pruning


async def test_answering_again_rolls_the_session_back_and_lists_what_was_sent(
    store: Store,
) -> None:
    await store.save("tg:1", _session("yes"), now=1.0)
    first = await store.journal_begin("tg:1", 20, "tg:1")
    assert (first.replay, first.sent, first.last_msg) == (False, (), None)
    await store.save("tg:1", _session("no"), now=2.0)  # the update's effect
    await store.journal_sent("tg:1", 101)
    await store.journal_sent("tg:1", 102)
    again = await store.journal_begin("tg:1", 20, "tg:1")  # a crash, then the same update
    assert (again.replay, again.sent, again.last_msg) == (True, (101, 102), 102)
    restored = await store.load("tg:1")
    assert restored is not None
    assert (restored.session, restored.updated_at) == (_session("yes"), 1.0)
    await store.inbox_done(20, "tg:1")
    after = await store.journal_begin("tg:1", 21, "tg:1")
    assert (after.replay, after.sent, after.last_msg) == (False, (), 102)


async def test_answering_again_removes_a_session_the_update_created(store: Store) -> None:
    await store.journal_begin("tg:9", 30, "tg:9")
    await store.save("tg:9", _session(), now=5.0)
    again = await store.journal_begin("tg:9", 30, "tg:9")
    assert again.replay
    assert await store.load("tg:9") is None


# ---------------- s5-follow: reminders ----------------


def _due(user: str, at: float, kind: Kind = Kind.SUPPORT, **payload: str) -> Reminder:
    return Reminder(user, kind, at, payload or {"lang": "en"})


async def test_reminders_read_back_soonest_first_one_per_kind(store: Store) -> None:
    support = await store.add_reminder(_due("tg:1", 500.0))
    monthly = await store.add_reminder(
        _due("tg:1", 300.0, Kind.REPAYMENT, day="31", ahead="3", lang="zh-Hans")
    )
    await store.add_reminder(_due("tg:2", 100.0))
    mine = await store.reminders("tg:1")
    assert [(r.id, r.kind, r.due_at) for r in mine] == [
        (monthly, Kind.REPAYMENT, 300.0),
        (support, Kind.SUPPORT, 500.0),
    ]
    assert mine[0].payload == {"day": "31", "ahead": "3", "lang": "zh-Hans"}
    again = await store.add_reminder(_due("tg:1", 900.0))  # a new week replaces the old one
    assert [(r.id, r.due_at) for r in await store.reminders("tg:1")] == [
        (monthly, 300.0),
        (again, 900.0),
    ]


async def test_a_reminder_is_cancelled_only_by_its_owner(store: Store) -> None:
    number = await store.add_reminder(_due("tg:1", 500.0))
    assert not await store.cancel_reminder("tg:2", number)
    assert await store.cancel_reminder("tg:1", number)
    assert not await store.cancel_reminder("tg:1", number)
    assert await store.reminders("tg:1") == []


async def test_due_reminders_are_claimed_once_and_in_time_order(store: Store) -> None:
    late = await store.add_reminder(_due("tg:1", 200.0))
    early = await store.add_reminder(_due("tg:2", 100.0))
    await store.add_reminder(_due("tg:3", 900.0))  # not due yet
    await store.add_reminder(_due("console:me", 50.0))  # another channel's
    claimed = await store.claim_reminders(300.0, limit=10, lease=60.0, prefix="tg:")
    assert [(r.id, r.attempts) for r in claimed] == [(early, 1), (late, 1)]
    assert await store.claim_reminders(310.0, limit=10, lease=60.0, prefix="tg:") == []
    await store.add_reminder(_due("console:meg", 50.0))
    (mine,) = await store.claim_reminders(310.0, limit=10, lease=60.0, user="console:me")
    assert mine.user == "console:me"  # one user only: not "console:meg"
    assert await store.finish_reminder(early, None)
    assert not await store.finish_reminder(early, None)  # already retired
    assert await store.reminders("tg:2") == []
    assert [r.id for r in await store.reminders("tg:1")] == [late]  # claimed, not finished


async def test_a_claim_whose_lease_ran_out_is_claimed_again(store: Store) -> None:
    number = await store.add_reminder(_due("tg:1", 100.0))
    (first,) = await store.claim_reminders(100.0, limit=5, lease=60.0)
    assert await store.claim_reminders(159.0, limit=5, lease=60.0) == []
    (again,) = await store.claim_reminders(161.0, limit=5, lease=60.0)  # the runner died
    assert (first.id, again.id, again.attempts) == (number, number, 2)


async def test_the_limit_leaves_the_rest_for_the_next_claim(store: Store) -> None:
    for user in range(5):
        await store.add_reminder(_due(f"tg:{user}", 100.0 + user))
    first = await store.claim_reminders(200.0, limit=3, lease=60.0)
    rest = await store.claim_reminders(200.0, limit=3, lease=60.0)
    assert [r.user for r in first] == ["tg:0", "tg:1", "tg:2"]
    assert [r.user for r in rest] == ["tg:3", "tg:4"]


async def test_finishing_a_monthly_reminder_adds_next_months(store: Store) -> None:
    number = await store.add_reminder(_due("tg:1", 100.0, Kind.REPAYMENT, day="31", ahead="3"))
    (claimed,) = await store.claim_reminders(100.0, limit=5, lease=60.0)
    then = _due("tg:1", 2_000.0, Kind.REPAYMENT, day="31", ahead="3")
    assert await store.finish_reminder(number, then)
    (waiting,) = await store.reminders("tg:1")
    assert (waiting.due_at, waiting.attempts, waiting.payload["day"]) == (2_000.0, 0, "31")
    assert waiting.id != number


async def test_a_reminder_cancelled_while_being_sent_does_not_come_back(store: Store) -> None:
    number = await store.add_reminder(_due("tg:1", 100.0, Kind.REPAYMENT, day="5", ahead="1"))
    await store.claim_reminders(100.0, limit=5, lease=60.0)
    assert await store.cancel_reminder("tg:1", number)
    later = _due("tg:1", 2_000.0, Kind.REPAYMENT, day="5", ahead="1")
    assert not await store.finish_reminder(number, later)
    assert await store.reminders("tg:1") == []


async def test_forget_and_expiry_remove_reminders(store: Store) -> None:
    for user, written in (("tg:1", 900.0), ("tg:2", 900.0), ("tg:old", 100.0)):
        await store.save(user, _session(), now=written)
        await store.add_reminder(_due(user, 5_000.0))
    assert await store.forget("tg:1") == 2  # the session and the reminder
    assert await store.reminders("tg:1") == []
    assert await store.expire(before=500.0) == 2  # tg:old's session and its reminder
    assert await store.reminders("tg:old") == []
    assert len(await store.reminders("tg:2")) == 1
    assert await store.claim_reminders(9_000.0, limit=5, lease=60.0) != []
