"""The evidence table of the PostgreSQL store (``bot.storage.port.EvidenceStore``).

Mixed into ``PostgresStore`` (same pool).
"""

from __future__ import annotations

import json
import logging

import asyncpg

from bot.evidence import EvidenceRecord
from bot.storage.postgres_schema import guarded, rows
from bot.storage.postgres_scope import PostgresBase

__all__ = ["PostgresEvidence"]

log = logging.getLogger(__name__)
_COLUMNS = "id, data, created_at, origin"


class PostgresEvidence(PostgresBase):
    """EvidenceStore methods, on the update's transaction when there is one."""

    @guarded
    async def add_evidence(self, user: str, record: EvidenceRecord) -> int:
        """Keep one analyzed message; once per ``origin`` when it has one; return its id."""
        text = json.dumps(record.to_json(), ensure_ascii=False, separators=(",", ":"))
        async with self._conn() as conn, conn.transaction():
            new = await conn.fetchval(
                "INSERT INTO evidence (user_key, data, created_at, origin) "
                "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id",
                user,
                text,
                record.received_at,
                record.origin,
            )
            if new is not None:
                return int(new)
            # The origin was kept before (a replayed update): its first id.
            kept = await conn.fetchval(
                "SELECT id FROM evidence WHERE user_key = $1 AND origin = $2",
                user,
                record.origin,
            )
        return int(kept or 0)

    @guarded
    async def get_evidence(
        self, user: str, evidence_id: int, *, since: float = 0.0
    ) -> EvidenceRecord | None:
        """One kept message of ``user`` kept at ``since`` or later (None if gone, expired,
        unreadable or someone else's)."""
        async with self._conn() as conn:
            row = await conn.fetchrow(
                f"SELECT {_COLUMNS} FROM evidence "
                "WHERE user_key = $1 AND id = $2 AND created_at >= $3",
                user,
                evidence_id,
                since,
            )
        return _record(row) if row is not None else None

    @guarded
    async def evidence(self, user: str, *, since: float = 0.0) -> list[EvidenceRecord]:
        """The user's messages kept at ``since`` or later, oldest first."""
        async with self._conn() as conn:
            found = await conn.fetch(
                f"SELECT {_COLUMNS} FROM evidence WHERE user_key = $1 AND created_at >= $2 "
                "ORDER BY id",
                user,
                since,
            )
        return [record for row in found if (record := _record(row)) is not None]

    @guarded
    async def delete_evidence(self, user: str) -> int:
        """Delete every kept message of ``user`` (space is reused after (auto)vacuum)."""
        async with self._conn() as conn:
            return rows(await conn.execute("DELETE FROM evidence WHERE user_key = $1", user))


def _record(row: asyncpg.Record) -> EvidenceRecord | None:
    try:
        return EvidenceRecord.from_json(
            json.loads(row["data"]),
            received_at=float(row["created_at"]),
            origin=row["origin"],
            record_id=int(row["id"]),
        )
    except (ValueError, TypeError):
        log.warning("a kept message is unreadable; it is skipped")
        return None
