"""The update scope and the jobs lease (bot.storage.scope): each update applied once on
every backend; on PostgreSQL one transaction per update under the chat's advisory lock,
so two replicas never answer one chat at once, and one replica runs the jobs."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import asyncpg
import pytest

from bot.engine.session import Session
from bot.evidence import EvidenceRecord
from bot.storage.factory import open_store
from bot.storage.port import Store
from bot.storage.postgres import MIGRATIONS, PostgresStore
from bot.storage.scope import UpdateScopes, quiet
from tests.integration.test_store_contract import BACKENDS


def _session(paid: str) -> Session:
    return Session(facts={"paid_off": paid}, answered=("paid_off",))


@pytest.fixture(params=list(BACKENDS))
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    opened = await open_store(BACKENDS[request.param](request, tmp_path))
    yield opened
    await opened.close()


async def _apply(store: Store, update_id: int, paid: str, user: str = "tg:1") -> bool:
    """Answer one update in its scope (saving ``paid``); False if it was applied before."""
    assert isinstance(store, UpdateScopes)
    await store.inbox_add(update_id, user, "{}", now=1.0)
    async with store.applying(user, user, update_id) as scope:
        if scope.applied_before:
            return False
        await store.save(user, _session(paid), now=float(update_id))
    return True


async def test_an_update_is_applied_once_and_a_late_one_not_after_a_newer(store: Store) -> None:
    assert await _apply(store, 10, "yes")
    assert not await _apply(store, 10, "no")  # redelivered: not again
    assert await store.inbox_pending() == []
    assert not await _apply(store, 9, "no")  # older than the session's last update
    assert await _apply(store, 11, "unsure")
    stored = await store.load("tg:1")
    assert stored is not None
    assert stored.session == _session("unsure")


async def test_an_attempt_that_is_not_kept_leaves_the_update_to_answer_again(
    store: Store,
) -> None:
    assert isinstance(store, UpdateScopes)
    await store.inbox_add(20, "tg:2", "{}", now=1.0)
    async with store.applying("tg:2", "tg:2", 20) as scope:
        scope.keep = False  # a transient failure: tried again later
    assert await store.inbox_pending() == [(20, "{}")]
    async with store.applying("tg:2", "tg:2", 20) as scope:
        assert not scope.applied_before


# ---------------- PostgreSQL: replicas on one database ----------------


async def _two(postgres_url: str) -> tuple[PostgresStore, PostgresStore]:
    first, second = await PostgresStore.open(postgres_url), await PostgresStore.open(postgres_url)
    return first, second


async def _waiting_for_a_lock(url: str) -> bool:
    conn = await asyncpg.connect(url)
    try:
        waiting = await conn.fetchval(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        )
    finally:
        await conn.close()
    return bool(waiting)


async def test_an_update_rolled_back_leaves_the_session_as_it_was(postgres_url: str) -> None:
    store = await PostgresStore.open(postgres_url)
    try:
        await store.save("tg:3", _session("yes"), now=1.0)

        async def fails_half_way() -> None:
            async with store.applying("tg:3", "tg:3", 30):
                await store.save("tg:3", _session("no"), now=2.0)
                await store.add_evidence("tg:3", _record())
                raise RuntimeError("the replica failed half-way")

        with pytest.raises(RuntimeError):
            await fails_half_way()
        stored = await store.load("tg:3")
        assert stored is not None
        assert stored.session == _session("yes")
        assert await store.evidence("tg:3") == []
    finally:
        await store.close()


def _record() -> EvidenceRecord:
    return EvidenceRecord(text="【支付宝】…", verdict="official_notice", risk=5, received_at=1.0)


async def test_two_replicas_answer_one_chat_one_update_at_a_time(postgres_url: str) -> None:
    a, b = await _two(postgres_url)
    try:
        await a.inbox_add(40, "tg:4", "{}", now=1.0)
        async with a.applying("tg:4", "tg:4", 40) as first:
            assert not first.applied_before
            # Telegram sends the same update to replica B: it waits for A's commit ...
            second = asyncio.create_task(  # another process: none of A's context
                _apply(b, 40, "no", user="tg:4"), context=contextvars.Context()
            )
            assert await _poll(lambda: _waiting_for_a_lock(postgres_url))
            other = await _apply(b, 41, "yes", user="tg:5")  # another chat does not wait
            assert other
            assert not second.done()
            await a.save("tg:4", _session("yes"), now=2.0)
        assert not await second  # ... and then finds it applied: not applied twice
        stored = await b.load("tg:4")
        assert stored is not None
        assert stored.session == _session("yes")
    finally:
        await a.close()
        await b.close()


async def _poll(check: Callable[[], Awaitable[bool]], tries: int = 500) -> bool:
    """Until ``check`` holds (a state of the server, not a time): False if it never does."""
    for _ in range(tries):
        if await check():
            return True
        await asyncio.sleep(0.01)
    return False


async def test_a_replica_that_dies_mid_update_frees_the_chat_for_another(
    postgres_url: str,
) -> None:
    a, b = await _two(postgres_url)
    try:
        await a.inbox_add(50, "tg:6", "{}", now=1.0)
        entered = asyncio.Event()

        async def dies() -> None:
            async with a.applying("tg:6", "tg:6", 50):
                await a.save("tg:6", _session("no"), now=2.0)
                entered.set()
                await asyncio.Event().wait()  # killed here

        dying = asyncio.create_task(dies())
        await entered.wait()
        dying.cancel()
        await asyncio.gather(dying, return_exceptions=True)
        assert await _apply(b, 50, "yes", user="tg:6")  # rolled back: B applies it
        stored = await b.load("tg:6")
        assert stored is not None
        assert stored.session == _session("yes")
    finally:
        await a.close()
        await b.close()


async def test_forget_inside_an_update_keeps_recording_its_replies(postgres_url: str) -> None:
    store = await PostgresStore.open(postgres_url)
    try:
        await store.save("tg:7", _session("yes"), now=1.0)
        await store.inbox_add(60, "tg:7", "{}", now=1.0)
        async with store.applying("tg:7", "tg:7", 60):
            await store.journal_begin("tg:7", 60, "tg:7")
            assert await store.forget("tg:7") >= 2  # the session and the journal
            await store.journal_sent("tg:7", 301)  # "everything is deleted" is sent after
        assert await store.load("tg:7") is None
        again = await store.journal_begin("tg:7", 61, "tg:7")
        assert again.last_msg is None  # the journal went with the rest
    finally:
        await store.close()


async def test_one_replica_runs_the_jobs_and_another_takes_over_when_it_goes(
    postgres_url: str,
) -> None:
    a, b = await _two(postgres_url)
    try:
        assert await a.lead_jobs()
        assert await a.lead_jobs()  # still the leader
        assert not await b.lead_jobs()
        await a.close()
        assert await b.lead_jobs()
    finally:
        await b.close()


async def test_replicas_upgrading_the_schema_at_once_all_start(postgres_url: str) -> None:
    conn = await asyncpg.connect(postgres_url)
    try:  # a database of the previous release: schema 1
        await conn.execute(MIGRATIONS[0])
        await conn.execute("CREATE TABLE schema_version (version integer NOT NULL)")
        await conn.execute("INSERT INTO schema_version VALUES (1)")
        await conn.execute(
            "INSERT INTO sessions (user_key, data, updated_at) VALUES ('tg:8', '{}', 1)"
        )
    finally:
        await conn.close()
    stores = await asyncio.gather(*(PostgresStore.open(postgres_url) for _ in range(3)))
    try:
        conn = await asyncpg.connect(postgres_url)
        try:
            assert await conn.fetchval("SELECT version FROM schema_version") == len(MIGRATIONS)
            assert await conn.fetchval("SELECT count(*) FROM schema_version") == 1
            assert await conn.fetchval("SELECT count(*) FROM sessions") == 1
        finally:
            await conn.close()
    finally:
        for store in stores:
            await store.close()


async def test_a_write_from_outside_the_updates_waits_for_the_update_on_another_replica(
    postgres_url: str,
) -> None:
    a, b = await _two(postgres_url)
    try:
        await a.inbox_add(60, "tg:6", "{}", now=1.0)
        order: list[str] = []

        async def reminder() -> None:
            async with quiet(b, "tg:6"):
                order.append("reminder")

        async with a.applying("tg:6", "tg:6", 60):
            held = asyncio.create_task(reminder(), context=contextvars.Context())
            assert await _poll(lambda: _waiting_for_a_lock(postgres_url))
            async with quiet(b, "tg:7"):  # another chat is free
                order.append("other chat")
            order.append("update")
        await held
        assert order == ["other chat", "update", "reminder"]
    finally:
        await a.close()
        await b.close()
