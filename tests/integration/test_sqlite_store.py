"""The SQLite store beyond the contract (test_store_contract.py): a real file, WAL, the
versioned schema, rows written by earlier versions, failures, no trace after deletion."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.bootstrap import Core, bootstrap
from bot.config import Settings
from bot.engine.advisor import Advisor
from bot.engine.session import Session
from bot.errors import StorageError
from bot.evidence import EvidenceRecord
from bot.storage.sqlite import MIGRATIONS, SqliteStore


def _raw(path: Path, sql: str) -> object:
    """Run one statement on the file with the plain sqlite3 module; return the first cell."""
    raw = sqlite3.connect(path)
    try:
        row = raw.execute(sql).fetchone()
        raw.commit()
        return row[0] if row else None
    finally:
        raw.close()


def _files_holding(folder: Path, needle: bytes) -> list[str]:
    """The database files (main, -wal, -shm) whose bytes contain ``needle``."""
    files = [p for p in folder.iterdir() if p.name.startswith("db.sqlite3")]
    assert files, "the database files exist"
    return [p.name for p in files if needle in p.read_bytes()]


async def test_a_session_survives_closing_and_reopening(advisor: Advisor, tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    store = await SqliteStore.open(path)
    session = advisor.choose(advisor.new_session(), "paid_off", "yes").session
    await store.save("tg:1", session, now=100.0)
    await store.close()

    reopened = await SqliteStore.open(path)
    stored = await reopened.load("tg:1")
    await reopened.close()
    assert stored is not None
    assert stored.session == session
    assert advisor.current(stored.session).id == "paid_when"  # type: ignore[union-attr]


async def test_the_file_is_in_wal_mode_at_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    store = await SqliteStore.open(path)
    await store.close()
    assert _raw(path, "PRAGMA journal_mode") == "wal"
    assert _raw(path, "PRAGMA user_version") == len(MIGRATIONS)


async def test_a_newer_schema_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    _raw(path, f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    with pytest.raises(StorageError, match="newer than this program"):
        await SqliteStore.open(path)


async def test_a_corrupt_row_reads_as_a_fresh_start(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    store = await SqliteStore.open(path)
    await store.close()
    _raw(path, "INSERT INTO sessions (user_key, data, updated_at) VALUES ('tg:9', '{oops', 1)")
    store = await SqliteStore.open(path)
    stored = await store.load("tg:9")
    assert stored is not None
    assert stored.corrupt
    assert await store.load("tg:9") is None  # reset: the row is gone
    await store.close()


async def test_a_row_that_is_json_but_not_an_object_is_corrupt_too(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    store = await SqliteStore.open(path)
    await store.close()
    for key, data in (("tg:1", "[1, 2]"), ("tg:2", '"text"'), ("tg:3", "42"), ("tg:4", "null")):
        _raw(
            path,
            f"INSERT INTO sessions (user_key, data, updated_at) VALUES ('{key}', '{data}', 1)",
        )
    store = await SqliteStore.open(path)
    for key in ("tg:1", "tg:2", "tg:3", "tg:4"):
        stored = await store.load(key)
        assert stored is not None
        assert stored.corrupt
    await store.close()


async def test_service_expires_by_retention_and_adapts_to_new_knowledge(
    core: Core, store: SqliteStore
) -> None:
    now = [1_000_000.0]
    settings = Settings(retention_days=1)
    parts = await bootstrap(settings, core=core, store=store, clock=lambda: now[0])
    service, advisor = parts.service, core.advisor
    session = advisor.choose(advisor.new_session(), "paid_off", "yes").session
    await store.save("u", session.__class__(**{**session.__dict__, "revision": "old"}), now[0])
    loaded, resumed = await service.load("u")
    assert resumed
    assert loaded.revision == advisor.knowledge.revision
    assert loaded.facts == {"paid_off": "yes"}
    now[0] += 2 * 86_400
    _, resumed = await service.load("u")
    assert not resumed


async def test_a_version_1_file_is_migrated_forward(advisor: Advisor, tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    _raw(path, MIGRATIONS[0].replace(";\n    CREATE INDEX", "; CREATE INDEX").split(";")[0])
    _raw(path, "PRAGMA user_version = 1")
    store = await SqliteStore.open(path)
    await store.save("tg:1", advisor.new_session(), now=1.0)
    await store.set_anchor("tg:1", 7)
    stored = await store.load("tg:1")
    await store.close()
    assert stored is not None
    assert stored.anchor == 7
    assert _raw(path, "PRAGMA user_version") == len(MIGRATIONS)


async def test_expired_sms_is_gone_from_every_file(advisor: Advisor, tmp_path: Path) -> None:
    """After expiry the message text is in neither the database file nor its WAL."""
    path = tmp_path / "db.sqlite3"
    store = await SqliteStore.open(path)
    secret = "EXPIRED-SMS-点击a1ipay.com还款" * 4
    await store.save("tg:1", advisor.new_session(), now=10.0)
    await store.add_evidence("tg:1", EvidenceRecord(secret, "scam", received_at=10.0))
    await store.add_evidence("tg:1", EvidenceRecord("kept", "collection", received_at=900.0))
    assert await store.expire(before=500.0) == 2
    assert not _files_holding(tmp_path, b"EXPIRED-SMS")
    assert [r.text for r in await store.evidence("tg:1")] == ["kept"]
    await store.close()


async def test_reads_hide_evidence_past_retention_before_the_expiry_job(
    core: Core, store: SqliteStore
) -> None:
    """/evidence and the card buttons never serve a message older than the retention."""
    now = [1_000_000.0]
    settings = Settings(retention_days=1)
    parts = await bootstrap(settings, core=core, store=store, clock=lambda: now[0])
    service = parts.service
    old = await service.add_evidence("tg:1", EvidenceRecord("old", "scam"))
    now[0] += 2 * 86_400
    new = await service.add_evidence("tg:1", EvidenceRecord("new", "scam"))
    assert [r.text for r in await service.evidence("tg:1")] == ["new"]
    assert await service.get_evidence("tg:1", old) is None
    assert await service.get_evidence("tg:1", new) is not None


async def test_database_files_are_private_to_the_bot_user(
    advisor: Advisor, tmp_path: Path
) -> None:
    """Other local users cannot read the conversations: files 0600, a new folder 0700."""
    folder = tmp_path / "data"
    store = await SqliteStore.open(folder / "db.sqlite3")
    await store.save("tg:1", advisor.new_session(), now=1.0)
    modes = {p.name: p.stat().st_mode & 0o777 for p in folder.iterdir()}
    await store.close()
    assert "db.sqlite3-wal" in modes
    assert modes == dict.fromkeys(modes, 0o600)
    assert folder.stat().st_mode & 0o777 == 0o700


async def test_an_existing_readable_database_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    _raw(path, "PRAGMA user_version = 0")
    path.chmod(0o644)
    store = await SqliteStore.open(path)
    await store.close()
    assert path.stat().st_mode & 0o777 == 0o600


async def test_evidence_kept_by_an_earlier_version_reads_as_a_typed_record(
    tmp_path: Path,
) -> None:
    """Rows hold the JSON the untyped store wrote (with keys no longer read)."""
    path = tmp_path / "db.sqlite3"
    await (await SqliteStore.open(path)).close()
    old = (
        '{"verdict":"scam","risk":85,"signals":[{"id":"url_lookalike","text":"a1ipay.com",'
        '"explain":"仿冒域名"}],"facts":{"sender":"mobile","red_flags":["link"]},'
        '"addressed_name":null,"text":"点击 a1ipay.com","sender":"10690000","why":"x"}'
    )
    _raw(path, f"INSERT INTO evidence (user_key, data, created_at) VALUES ('tg:1', '{old}', 5)")
    _raw(path, "INSERT INTO evidence (user_key, data, created_at) VALUES ('tg:1', '[]', 6)")
    store = await SqliteStore.open(path)
    try:
        (record,) = await store.evidence("tg:1")  # the unreadable row is skipped
        assert (record.verdict, record.risk, record.sender) == ("scam", 85, "10690000")
        assert record.signal_ids() == ["url_lookalike"]
        assert record.received_at == 5.0
        assert record.engine_facts() == {
            "sender": "mobile",
            "red_flags": frozenset({"link"}),
            "sms_verdict": "scam",
        }
    finally:
        await store.close()


async def test_a_failed_write_raises_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    await (await SqliteStore.open(path)).close()
    for table in ("sessions", "evidence"):
        _raw(
            path,
            f"CREATE TRIGGER full_{table} BEFORE INSERT ON {table} "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
        )
    store = await SqliteStore.open(path)
    try:
        with pytest.raises(StorageError, match="save failed: database or disk is full"):
            await store.save("tg:1", Session(), now=1.0)
        with pytest.raises(StorageError, match="add_evidence failed"):
            await store.add_evidence("tg:1", EvidenceRecord("secret text", "scam"))
        assert await store.load("tg:1") is None  # and the store still answers
    finally:
        await store.close()


async def test_a_write_that_fails_halfway_is_undone_and_frees_the_file(tmp_path: Path) -> None:
    """/forget deletes from several tables; when a later DELETE fails, the earlier ones must
    not be committed by whatever write comes next, and the file must not stay locked against
    other processes (``paidoff expire``, a second bot)."""
    path = tmp_path / "db.sqlite3"
    store = await SqliteStore.open(path)
    try:
        await store.save("tg:1", Session(), now=1.0)
        await store.add_evidence("tg:1", EvidenceRecord("secret text", "scam"))
        _raw(
            path,
            "CREATE TRIGGER stuck BEFORE DELETE ON evidence "
            "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
        )
        with pytest.raises(StorageError, match="forget failed"):
            await store.forget("tg:1")
        other = sqlite3.connect(path, timeout=0.2)
        try:
            other.execute(
                "INSERT INTO sessions (user_key, data, updated_at) VALUES ('x', '{}', 1)"
            )
            other.commit()  # not "database is locked"
        finally:
            other.close()
        await store.save("tg:2", Session(), now=2.0)  # an unrelated later write
        assert await store.load("tg:1") is not None  # the half-done forget was not committed
    finally:
        await store.close()


async def test_a_write_waits_for_another_process_holding_the_file(tmp_path: Path) -> None:
    """s6-cost: the store's calls run on the event loop without waiting for locks; while
    another process (``paidoff expire``, a second bot) holds the file's write lock, a save
    is not refused with "database is locked": it waits in a worker thread, as before."""
    path = tmp_path / "db.sqlite3"
    store = await SqliteStore.open(path)
    other = sqlite3.connect(path, check_same_thread=False)
    try:
        await store.save("tg:1", Session(), now=1.0)
        other.execute("BEGIN IMMEDIATE")  # the write lock, held by another connection
        other.execute("UPDATE sessions SET updated_at = 2 WHERE user_key = 'tg:1'")
        release = asyncio.get_running_loop().call_later(0.3, other.commit)
        await store.save("tg:2", Session(facts={"paid_off": "yes"}), now=3.0)
        release.cancel()
        loaded = await store.load("tg:2")
        assert loaded is not None
        assert loaded.session.facts == {"paid_off": "yes"}
        assert await store.load("tg:1") is not None
    finally:
        other.close()
        await store.close()
