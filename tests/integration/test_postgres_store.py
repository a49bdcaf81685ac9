"""The PostgreSQL store beyond the contract (test_store_contract.py): replicas migrating
at once, the versioned schema, failures, and ``PAIDOFF_DB_URL`` through ``bootstrap``.

Each test gets a fresh database on the session's throwaway cluster (tests/support/postgres.py).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from bot.bootstrap import Core, bootstrap
from bot.config import Settings
from bot.engine.session import Session
from bot.errors import StorageError
from bot.evidence import EvidenceRecord
from bot.storage.postgres import MIGRATIONS, PostgresStore
from tests.support.postgres import free_port


async def _raw(url: str, sql: str) -> object:
    """Run one statement on its own connection; return the first cell (None if none)."""
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


async def test_replicas_migrating_a_fresh_database_at_once_all_start(postgres_url: str) -> None:
    stores = await asyncio.gather(*(PostgresStore.open(postgres_url) for _ in range(4)))
    try:
        assert await _raw(postgres_url, "SELECT count(*) FROM schema_version") == 1
        assert await _raw(postgres_url, "SELECT version FROM schema_version") == len(MIGRATIONS)
        await stores[0].save("tg:1", Session(facts={"paid_off": "yes"}), now=1.0)
        seen = await stores[3].load("tg:1")  # one database behind every replica
        assert seen is not None
        assert seen.session.facts == {"paid_off": "yes"}
    finally:
        for store in stores:
            await store.close()


async def test_reopening_keeps_the_data_and_the_schema(postgres_url: str) -> None:
    first = await PostgresStore.open(postgres_url)
    await first.save("tg:1", Session(facts={"paid_off": "no"}), now=5.0)
    await first.close()
    again = await PostgresStore.open(postgres_url)
    try:
        stored = await again.load("tg:1")
        assert stored is not None
        assert (stored.session.facts, stored.updated_at) == ({"paid_off": "no"}, 5.0)
        assert await _raw(postgres_url, "SELECT count(*) FROM schema_version") == 1
    finally:
        await again.close()


async def test_a_newer_schema_is_refused_clearly(postgres_url: str) -> None:
    await (await PostgresStore.open(postgres_url)).close()
    await _raw(postgres_url, f"UPDATE schema_version SET version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StorageError, match="newer than this program"):
        await PostgresStore.open(postgres_url)


async def test_a_corrupt_row_reads_as_a_fresh_start_once(postgres_url: str) -> None:
    store = await PostgresStore.open(postgres_url)
    try:
        await store.save("tg:1", Session(), now=1.0)
        await _raw(postgres_url, "UPDATE sessions SET data = '{not json'")
        stored = await store.load("tg:1")
        assert stored is not None
        assert stored.corrupt
        assert stored.session == Session()
        assert await store.load("tg:1") is None  # the unreadable row is gone
    finally:
        await store.close()


async def test_a_failed_write_raises_storage_error_without_the_data(postgres_url: str) -> None:
    store = await PostgresStore.open(postgres_url)
    await _raw(
        postgres_url,
        "CREATE FUNCTION full() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'could not extend file' USING ERRCODE = 'disk_full'; END $$",
    )
    for table in ("sessions", "evidence"):
        await _raw(
            postgres_url,
            f"CREATE TRIGGER full_{table} BEFORE INSERT ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION full()",
        )
    try:
        with pytest.raises(StorageError, match=r"save failed: DiskFullError \(SQLSTATE 53100\)"):
            await store.save("tg:1", Session(facts={"paid_off": "yes"}), now=1.0)
        with pytest.raises(StorageError, match="add_evidence failed") as info:
            await store.add_evidence("tg:1", EvidenceRecord("secret text", "scam"))
        assert "secret" not in str(info.value)
        assert await store.load("tg:1") is None  # and the store still answers
    finally:
        await store.close()
    with pytest.raises(StorageError, match="load failed"):
        await store.load("tg:1")  # closed: the pool is gone


async def test_an_unreachable_server_is_a_storage_error_naming_no_password() -> None:
    url = f"postgresql://bot:hunter2@127.0.0.1:{free_port()}/paidoff"  # nothing listens
    with pytest.raises(StorageError, match="cannot open the database 127.0.0.1") as info:
        await PostgresStore.open(url)
    assert "hunter2" not in str(info.value)
    assert "bot" not in str(info.value).split("127.0.0.1")[0]


async def test_the_url_through_bootstrap_gives_a_working_service(
    core: Core, postgres_url: str
) -> None:
    settings = Settings.from_env({"PAIDOFF_DB_URL": postgres_url})
    parts = await bootstrap(settings, core=core)
    try:
        assert isinstance(parts.store, PostgresStore)
        session = core.advisor.choose(core.advisor.new_session(), "paid_off", "yes").session
        await parts.service.save("tg:7", session)
    finally:
        await parts.close()
    # A second process (another replica, or after a restart) continues the conversation;
    # libpq's other spelling of the scheme names the same database.
    alias = postgres_url.replace("postgresql://", "Postgres://", 1)
    again = await bootstrap(Settings.from_env({"PAIDOFF_DB_URL": alias}), core=core)
    try:
        loaded, resumed = await again.service.load("tg:7")
        assert resumed
        assert loaded == session
        assert core.advisor.current(loaded).id == "paid_when"  # type: ignore[union-attr]
    finally:
        await again.close()


def test_the_sqlite_default_loads_no_postgresql_driver(tmp_path: Path) -> None:
    """asyncpg is imported only when PAIDOFF_DB_URL names PostgreSQL (start-up time)."""
    script = (
        "import asyncio, sys\n"
        "from bot.storage.factory import open_store\n"
        "async def main():\n"
        f"    await (await open_store('sqlite:///{tmp_path}/db.sqlite3')).close()\n"
        "asyncio.run(main())\n"
        "print('asyncpg' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"
