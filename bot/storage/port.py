"""The storage ports: what the service needs from a store, whatever the backend.

Split by concern (sessions, evidence, the durable inbox) so a channel or a job can ask for
only what it uses; ``Store`` is all of them plus forget, expiry and close. Only the
service (``bot.service``) and the Telegram inbox talk to a store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.engine.session import Session
from bot.evidence import EvidenceRecord, EvidenceSignal
from bot.reminders.model import Reminder

__all__ = [
    "EvidenceRecord",
    "EvidenceSignal",
    "EvidenceStore",
    "InboxStore",
    "JournalStart",
    "Reminder",
    "ReminderStore",
    "SessionStore",
    "Store",
    "StoredSession",
]


@dataclass(frozen=True, slots=True)
class StoredSession:
    """A saved session, when it was last written (epoch seconds), and its chat anchor.

    The anchor is the channel's message showing the current question, so a typed answer
    can mark that message as answered; None when unknown.
    """

    session: Session
    updated_at: float
    anchor: int | None = None
    corrupt: bool = False
    """The row could not be read: it was deleted and ``session`` is a fresh one."""


class SessionStore(Protocol):
    """Keeps one conversation per user; ``user`` is a channel-scoped key like ``tg:42``."""

    async def load(self, user: str) -> StoredSession | None:
        """The user's saved session, or None (an unreadable row: ``corrupt``, and gone)."""
        ...

    async def save(self, user: str, session: Session, now: float) -> None:
        """Create or replace the user's session (keeping its anchor)."""
        ...

    async def set_anchor(self, user: str, message_id: int | None) -> None:
        """Record the message that shows the user's current question (no-op without a row)."""
        ...


class EvidenceStore(Protocol):
    """Keeps the analyzed SMS a user may want as evidence (``/evidence``)."""

    async def add_evidence(self, user: str, record: EvidenceRecord) -> int:
        """Keep ``record`` (kept at ``record.received_at``); return its id. A record with
        an ``origin`` already kept for ``user`` is not kept again: its first id is returned."""
        ...

    async def get_evidence(
        self, user: str, evidence_id: int, *, since: float = 0.0
    ) -> EvidenceRecord | None:
        """One record of ``user`` kept at ``since`` or later (with its id), or None."""
        ...

    async def evidence(self, user: str, *, since: float = 0.0) -> list[EvidenceRecord]:
        """The user's records kept at ``since`` or later, oldest first, with their ids."""
        ...

    # --- s4-evidence ---
    async def delete_evidence(self, user: str) -> int:
        """Delete every record of ``user`` (leaving no readable trace); return how many."""
        ...


@dataclass(frozen=True, slots=True)
class JournalStart:
    """A chat's reply journal as an update starts being answered.

    ``replay``: this update was started before (a crash or a failed attempt), and the
    user's session is back as it was before it; ``sent``: the messages already sent for it,
    in order; ``last_msg``: the newest bot message recorded in the chat (None if unknown).
    """

    replay: bool
    sent: tuple[int, ...]
    last_msg: int | None


@runtime_checkable
class InboxStore(Protocol):
    """Durable receipt of channel updates, and the journal that makes answering them again
    after a crash idempotent. ``chat_key`` is a channel-scoped chat key like ``tg:42``."""

    async def inbox_add(self, update_id: int, chat_key: str, data: str, now: float) -> bool:
        """Record an update (its JSON) unless its id was seen before; True when new."""
        ...

    async def inbox_pending(self) -> list[tuple[int, str]]:
        """Recorded, not yet answered updates, oldest first: (update_id, JSON)."""
        ...

    async def inbox_done(self, update_id: int, chat_key: str) -> None:
        """The update is answered: forget its content, close the chat's journal."""
        ...

    async def inbox_prune(self, before: float) -> int:
        """Forget the ids of answered updates received before ``before``."""
        ...

    async def journal_begin(self, chat_key: str, update_id: int, user: str | None) -> JournalStart:
        """Start answering ``update_id`` in the chat (again: roll ``user``'s session back)."""
        ...

    async def journal_sent(self, chat_key: str, message_id: int) -> None:
        """Record one message sent in the chat for the update being answered."""
        ...


# --- s5-follow ---
class ReminderStore(Protocol):
    """Follow-ups and repayment reminders waiting to be sent (``bot.reminders``).

    A row is *due* until a runner claims it (``claim_reminders``: one caller only, for a
    lease), then retired by ``finish_reminder``; a claim whose lease ran out is claimed
    again (the caller died before finishing).
    """

    async def add_reminder(self, reminder: Reminder) -> int:
        """Keep ``reminder`` (its ``id`` and ``attempts`` are ignored); it replaces the
        user's reminder of the same kind, if any; return its id."""
        ...

    async def reminders(self, user: str) -> list[Reminder]:
        """The user's reminders not yet sent, soonest first."""
        ...

    async def cancel_reminder(self, user: str, reminder_id: int) -> bool:
        """Delete one reminder of ``user``; False when there was none (sent, or not theirs)."""
        ...

    async def claim_reminders(
        self, now: float, *, limit: int, lease: float, prefix: str = "", user: str | None = None
    ) -> list[Reminder]:
        """Take up to ``limit`` reminders due at ``now`` (or claimed ``lease`` seconds ago
        or more and never finished) of users whose key starts with ``prefix`` (of ``user``
        only, when given), soonest first. Atomic: two callers never get the same row.
        ``attempts`` counts this claim."""
        ...

    async def finish_reminder(self, reminder_id: int, then: Reminder | None) -> bool:
        """Retire a claimed reminder and, in the same transaction, add ``then`` (next
        month's); False, adding nothing, when it is gone (cancelled, or forgotten)."""
        ...


class Store(SessionStore, EvidenceStore, InboxStore, ReminderStore, Protocol):
    """Every port of one backend, and what spans them: forgetting a user, expiry, closing.

    Each method is one atomic write (or read); a failure raises ``StorageError``. Backends:
    ``bot.storage.sqlite`` (default), ``bot.storage.postgres``, ``bot.storage.memory``;
    ``bot.storage.factory.open_store`` picks one from ``PAIDOFF_DB_URL``.
    """

    async def forget(self, user: str) -> int:
        """Delete every row about ``user`` (session, evidence, reply journal, reminders);
        return how many went."""
        ...

    async def expire(self, before: float) -> int:
        """Delete sessions not written, and evidence not kept, since ``before``, and the
        reminders of users left without a session; return how many rows went."""
        ...

    async def close(self) -> None:
        """Release the connection."""
        ...
