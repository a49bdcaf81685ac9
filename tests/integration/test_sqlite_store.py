"""The SQLite store: a real file, WAL, versioned schema, forget and expiry."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.engine.advisor import Advisor
from bot.errors import StorageError
from bot.service import AdvisorService
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


async def test_forget_deletes_every_row_of_that_user_only(
    advisor: Advisor, store: SqliteStore
) -> None:
    await store.save("tg:1", advisor.new_session(), now=1.0)
    await store.save("tg:2", advisor.new_session(), now=1.0)
    assert await store.forget("tg:1") == 1
    assert await store.load("tg:1") is None
    assert await store.load("tg:2") is not None


async def test_expire_removes_only_old_sessions(advisor: Advisor, store: SqliteStore) -> None:
    await store.save("old", advisor.new_session(), now=10.0)
    await store.save("new", advisor.new_session(), now=1000.0)
    assert await store.expire(before=500.0) == 1
    assert await store.load("old") is None
    assert await store.load("new") is not None


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
    advisor: Advisor, store: SqliteStore
) -> None:
    now = [1_000_000.0]
    service = AdvisorService(advisor, store, retention_days=1, clock=lambda: now[0])
    session = advisor.choose(advisor.new_session(), "paid_off", "yes").session
    await store.save("u", session.__class__(**{**session.__dict__, "revision": "old"}), now[0])
    loaded, resumed = await service.load("u")
    assert resumed
    assert loaded.revision == advisor.knowledge.revision
    assert loaded.facts == {"paid_off": "yes"}
    now[0] += 2 * 86_400
    _, resumed = await service.load("u")
    assert not resumed


async def test_anchor_is_kept_across_saves_and_cleared_on_forget(
    advisor: Advisor, store: SqliteStore
) -> None:
    await store.save("tg:1", advisor.new_session(), now=1.0)
    await store.set_anchor("tg:1", 42)
    await store.save("tg:1", advisor.new_session(), now=2.0)
    stored = await store.load("tg:1")
    assert stored is not None
    assert stored.anchor == 42
    await store.forget("tg:1")
    assert await store.load("tg:1") is None


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


async def test_evidence_is_kept_forgotten_and_expired(
    advisor: Advisor, store: SqliteStore
) -> None:
    await store.save("tg:1", advisor.new_session(), now=100.0)
    await store.add_evidence("tg:1", {"verdict": "scam", "text": "点击 a1ipay.com"}, now=100.0)
    await store.add_evidence("tg:1", {"verdict": "collection"}, now=900.0)
    await store.add_evidence("tg:2", {"verdict": "unclear"}, now=100.0)
    kept = await store.evidence("tg:1")
    first = await store.get_evidence("tg:1", 1)
    assert first is not None
    assert first["verdict"] == "scam"
    assert await store.get_evidence("tg:2", 1) is None  # not someone else's
    assert [d["verdict"] for _, d in kept] == ["scam", "collection"]
    assert await store.expire(before=500.0) == 3  # a session and two old messages
    assert [d["verdict"] for _, d in await store.evidence("tg:1")] == ["collection"]
    assert await store.forget("tg:1") == 1
    assert await store.evidence("tg:1") == []


async def test_expired_sms_is_gone_from_every_file(advisor: Advisor, tmp_path: Path) -> None:
    """After expiry the message text is in neither the database file nor its WAL."""
    path = tmp_path / "db.sqlite3"
    store = await SqliteStore.open(path)
    secret = "EXPIRED-SMS-点击a1ipay.com还款" * 4
    await store.save("tg:1", advisor.new_session(), now=10.0)
    await store.add_evidence("tg:1", {"verdict": "scam", "text": secret}, now=10.0)
    await store.add_evidence("tg:1", {"verdict": "collection", "text": "kept"}, now=900.0)
    assert await store.expire(before=500.0) == 2
    assert not _files_holding(tmp_path, b"EXPIRED-SMS")
    assert [d["text"] for _, d in await store.evidence("tg:1")] == ["kept"]
    await store.close()


async def test_reads_hide_evidence_past_retention_before_the_expiry_job(
    advisor: Advisor, store: SqliteStore
) -> None:
    """/evidence and the card buttons never serve a message older than the retention."""
    now = [1_000_000.0]
    service = AdvisorService(advisor, store, retention_days=1, clock=lambda: now[0])
    old = await store.add_evidence("tg:1", {"verdict": "scam", "text": "old"}, now=now[0])
    now[0] += 2 * 86_400
    new = await store.add_evidence("tg:1", {"verdict": "scam", "text": "new"}, now=now[0])
    assert [d["text"] for _, d in await service.evidence("tg:1")] == ["new"]
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
