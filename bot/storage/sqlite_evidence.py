"""The evidence table of the SQLite store (``bot.storage.port.EvidenceStore``).

Mixed into ``SqliteStore`` (same connection, same file).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from typing import Any

from bot.evidence import EvidenceRecord
from bot.storage.guard import guarded
from bot.storage.sqlite_db import Db
from bot.storage.sqlite_schema import truncate_wal

__all__ = ["SqliteEvidence"]

log = logging.getLogger(__name__)
_COLUMNS = "id, data, created_at, origin"


class SqliteEvidence:
    """EvidenceStore methods; expects ``self._db`` (set by ``SqliteStore``)."""

    _db: Db

    @guarded
    async def add_evidence(self, user: str, record: EvidenceRecord) -> int:
        """Keep one analyzed message; once per ``origin`` when it has one; return its id."""
        text = json.dumps(record.to_json(), ensure_ascii=False, separators=(",", ":"))

        def unit(conn: sqlite3.Connection) -> int:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO evidence (user_key, data, created_at, origin) "
                "VALUES (?, ?, ?, ?)",
                (user, text, record.received_at, record.origin),
            )
            if record.origin is None or cursor.rowcount == 1:
                return int(cursor.lastrowid or 0)
            row = conn.execute(
                "SELECT id FROM evidence WHERE user_key = ? AND origin = ?", (user, record.origin)
            ).fetchone()
            return int(row[0]) if row else 0

        return await self._db.run(unit)

    @guarded
    async def get_evidence(
        self, user: str, evidence_id: int, *, since: float = 0.0
    ) -> EvidenceRecord | None:
        """One kept message of ``user`` kept at ``since`` or later (None if gone, expired,
        unreadable or someone else's)."""
        row = await self._db.run(
            lambda conn: conn.execute(
                f"SELECT {_COLUMNS} FROM evidence "
                "WHERE user_key = ? AND id = ? AND created_at >= ?",
                (user, evidence_id, since),
            ).fetchone()
        )
        return _record(row) if row is not None else None

    @guarded
    async def evidence(self, user: str, *, since: float = 0.0) -> list[EvidenceRecord]:
        """The user's messages kept at ``since`` or later, oldest first."""
        rows = await self._db.run(
            lambda conn: conn.execute(
                f"SELECT {_COLUMNS} FROM evidence "
                "WHERE user_key = ? AND created_at >= ? ORDER BY id",
                (user, since),
            ).fetchall()
        )
        return [record for row in rows if (record := _record(row)) is not None]

    # --- s4-evidence ---
    @guarded
    async def delete_evidence(self, user: str) -> int:
        """Delete every kept message of ``user``; the WAL is folded back and truncated."""
        removed = await self._db.run(
            lambda conn: int(
                conn.execute("DELETE FROM evidence WHERE user_key = ?", (user,)).rowcount
            )
        )
        await self._db.run(truncate_wal, blocking=True)
        return removed


def _record(row: Any) -> EvidenceRecord | None:
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
