"""The evidence table of the SQLite store (``bot.storage.port.EvidenceStore``).

Mixed into ``SqliteStore`` (same connection, same file).
"""

from __future__ import annotations

import json
import logging

import aiosqlite

from bot.evidence import EvidenceRecord
from bot.storage.guard import guarded

__all__ = ["SqliteEvidence"]

log = logging.getLogger(__name__)
_COLUMNS = "id, data, created_at, origin"


class SqliteEvidence:
    """EvidenceStore methods; expects ``self._db`` (set by ``SqliteStore``)."""

    _db: aiosqlite.Connection

    @guarded
    async def add_evidence(self, user: str, record: EvidenceRecord) -> int:
        """Keep one analyzed message; once per ``origin`` when it has one; return its id."""
        text = json.dumps(record.to_json(), ensure_ascii=False, separators=(",", ":"))
        cursor = await self._db.execute(
            "INSERT OR IGNORE INTO evidence (user_key, data, created_at, origin) "
            "VALUES (?, ?, ?, ?)",
            (user, text, record.received_at, record.origin),
        )
        await self._db.commit()
        if record.origin is None or cursor.rowcount == 1:
            return int(cursor.lastrowid or 0)
        async with self._db.execute(
            "SELECT id FROM evidence WHERE user_key = ? AND origin = ?", (user, record.origin)
        ) as found:
            row = await found.fetchone()
        return int(row[0]) if row else 0

    @guarded
    async def get_evidence(
        self, user: str, evidence_id: int, *, since: float = 0.0
    ) -> EvidenceRecord | None:
        """One kept message of ``user`` kept at ``since`` or later (None if gone, expired,
        unreadable or someone else's)."""
        async with self._db.execute(
            f"SELECT {_COLUMNS} FROM evidence WHERE user_key = ? AND id = ? AND created_at >= ?",
            (user, evidence_id, since),
        ) as cursor:
            row = await cursor.fetchone()
        return _record(row) if row is not None else None

    @guarded
    async def evidence(self, user: str, *, since: float = 0.0) -> list[EvidenceRecord]:
        """The user's messages kept at ``since`` or later, oldest first."""
        async with self._db.execute(
            f"SELECT {_COLUMNS} FROM evidence WHERE user_key = ? AND created_at >= ? ORDER BY id",
            (user, since),
        ) as cursor:
            rows = await cursor.fetchall()
        return [record for row in rows if (record := _record(row)) is not None]

    # --- s4-evidence ---
    @guarded
    async def delete_evidence(self, user: str) -> int:
        """Delete every kept message of ``user``; the WAL is folded back and truncated."""
        cursor = await self._db.execute("DELETE FROM evidence WHERE user_key = ?", (user,))
        await self._db.commit()
        await self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(cursor.rowcount)


def _record(row: aiosqlite.Row) -> EvidenceRecord | None:
    record_id, data, created, origin = row
    try:
        return EvidenceRecord.from_json(
            json.loads(str(data)),
            received_at=float(created),
            origin=str(origin) if origin is not None else None,
            record_id=int(record_id),
        )
    except (ValueError, TypeError):
        log.warning("a kept message is unreadable; it is skipped")
        return None
