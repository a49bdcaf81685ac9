"""Every store port in memory (``PAIDOFF_DB_URL=memory://``): for tests, benchmarks and a
throw-away terminal chat. Nothing survives the process; the behaviour is SQLite's, as the
store contract test (tests/integration/test_store_contract.py) checks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace

from bot.engine.session import Session
from bot.evidence import EvidenceRecord
from bot.storage.memory_reminders import MemoryReminders
from bot.storage.port import JournalStart, StoredSession
from bot.storage.scope import Applying

__all__ = ["MemoryStore"]


@dataclass
class _Journal:
    update_id: int | None = None
    sent: list[int] = field(default_factory=list)
    last_msg: int | None = None
    snapshot: tuple[StoredSession | None] | None = None
    """The user's row before the update (a 1-tuple, so "no row" differs from "no snapshot")."""


@dataclass
class _Update:
    chat_key: str | None
    data: str | None
    received_at: float


class MemoryStore(MemoryReminders):
    """A ``Store`` in dicts; each method is atomic (no await inside)."""

    def __init__(self) -> None:
        self._init_reminders()  # s5-follow
        self._sessions: dict[str, StoredSession] = {}
        self._evidence: dict[int, tuple[str, EvidenceRecord]] = {}
        self._next_id = 1
        self._inbox: dict[int, _Update] = {}
        self._journals: dict[str, _Journal] = {}
        self._last: dict[str, int] = {}
        """Each session's ``last_update_id`` (s5-replicas); gone with the session."""

    @classmethod
    async def open(cls) -> MemoryStore:
        """An empty store (async like the others' ``open``)."""
        return cls()

    async def load(self, user: str) -> StoredSession | None:
        return self._sessions.get(user)

    async def save(self, user: str, session: Session, now: float) -> None:
        old = self._sessions.get(user)
        self._sessions[user] = StoredSession(session, now, old.anchor if old else None)

    async def set_anchor(self, user: str, message_id: int | None) -> None:
        if user in self._sessions:
            self._sessions[user] = replace(self._sessions[user], anchor=message_id)

    async def add_evidence(self, user: str, record: EvidenceRecord) -> int:
        if record.origin is not None:
            for number, (owner, kept) in self._evidence.items():
                if owner == user and kept.origin == record.origin:
                    return number
        number, self._next_id = self._next_id, self._next_id + 1
        self._evidence[number] = (user, replace(record, id=number))
        return number

    async def get_evidence(
        self, user: str, evidence_id: int, *, since: float = 0.0
    ) -> EvidenceRecord | None:
        owner, record = self._evidence.get(evidence_id, ("", None))
        if record is None or owner != user or record.received_at < since:
            return None
        return record

    async def evidence(self, user: str, *, since: float = 0.0) -> list[EvidenceRecord]:
        return [
            record
            for owner, record in self._evidence.values()
            if owner == user and record.received_at >= since
        ]

    async def delete_evidence(self, user: str) -> int:
        gone = [n for n, (owner, _) in self._evidence.items() if owner == user]
        for number in gone:
            del self._evidence[number]
        return len(gone)

    async def forget(self, user: str) -> int:
        gone = [n for n, (owner, _) in self._evidence.items() if owner == user]
        for number in gone:
            del self._evidence[number]
        self._last.pop(user, None)
        removed = len(gone) + (self._sessions.pop(user, None) is not None)
        removed += self._drop_reminders(lambda r: r.user == user)
        return removed + (self._journals.pop(user, None) is not None)

    async def expire(self, before: float) -> int:
        old = [u for u, s in self._sessions.items() if s.updated_at < before]
        gone = [n for n, (_, r) in self._evidence.items() if r.received_at < before]
        for user in old:
            del self._sessions[user]
            self._last.pop(user, None)
        for number in gone:
            del self._evidence[number]
        left = self._drop_reminders(lambda r: r.user not in self._sessions)
        return len(old) + len(gone) + left

    async def inbox_add(self, update_id: int, chat_key: str, data: str, now: float) -> bool:
        if update_id in self._inbox:
            return False
        self._inbox[update_id] = _Update(chat_key, data, now)
        return True

    async def inbox_pending(self) -> list[tuple[int, str]]:
        return [(n, u.data) for n, u in sorted(self._inbox.items()) if u.data is not None]

    async def inbox_done(self, update_id: int, chat_key: str) -> None:
        if update_id in self._inbox:
            self._inbox[update_id] = replace(self._inbox[update_id], chat_key=None, data=None)
        journal = self._journals.get(chat_key)
        if journal is not None and journal.update_id == update_id:
            journal.update_id, journal.sent, journal.snapshot = None, [], None

    async def inbox_prune(self, before: float) -> int:
        gone = [n for n, u in self._inbox.items() if u.data is None and u.received_at < before]
        for number in gone:
            del self._inbox[number]
        return len(gone)

    async def journal_begin(self, chat_key: str, update_id: int, user: str | None) -> JournalStart:
        journal = self._journals.setdefault(chat_key, _Journal())
        if journal.update_id == update_id:
            if user is not None and journal.snapshot is not None:
                (row,) = journal.snapshot
                if row is None:
                    self._sessions.pop(user, None)
                    self._last.pop(user, None)
                else:
                    self._sessions[user] = row
            return JournalStart(replay=True, sent=tuple(journal.sent), last_msg=journal.last_msg)
        journal.update_id, journal.sent = update_id, []
        journal.snapshot = (self._sessions.get(user),) if user is not None else None
        return JournalStart(replay=False, sent=(), last_msg=journal.last_msg)

    @asynccontextmanager
    async def applying(
        self, chat_key: str, user: str | None, update_id: int
    ) -> AsyncIterator[Applying]:
        row = self._inbox.get(update_id)
        done = row is not None and row.data is None
        last = self._last.get(user, -1) if user is not None and user in self._sessions else -1
        scope = Applying(done or last >= update_id)
        yield scope
        if not scope.keep:
            return
        if user is not None and user in self._sessions and not scope.applied_before:
            self._last[user] = max(self._last.get(user, 0), update_id)
        await self.inbox_done(update_id, chat_key)

    async def journal_sent(self, chat_key: str, message_id: int) -> None:
        journal = self._journals.get(chat_key)
        if journal is not None:
            journal.sent.append(message_id)
            journal.last_msg = max(journal.last_msg or 0, message_id)

    async def close(self) -> None:
        return None
