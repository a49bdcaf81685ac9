"""The storage port: what the channels need from a session store, whatever the backend."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.engine.session import Session

__all__ = ["SessionStore", "StoredSession"]


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
        """The user's saved session, or None."""
        ...

    async def save(self, user: str, session: Session, now: float) -> None:
        """Create or replace the user's session."""
        ...

    async def set_anchor(self, user: str, message_id: int | None) -> None:
        """Record the message that shows the user's current question (no-op without a row)."""
        ...

    async def add_evidence(self, user: str, data: dict[str, object], now: float) -> int:
        """Keep one analyzed message for the user's /evidence; return its id."""
        ...

    async def get_evidence(
        self, user: str, evidence_id: int, *, since: float = 0.0
    ) -> dict[str, object] | None:
        """One kept message of ``user`` kept at ``since`` or later, or None."""
        ...

    async def evidence(
        self, user: str, *, since: float = 0.0
    ) -> list[tuple[float, dict[str, object]]]:
        """The user's messages kept at ``since`` or later, oldest first, with their time."""
        ...

    async def forget(self, user: str) -> int:
        """Delete every row about ``user``; return how many rows went."""
        ...

    async def expire(self, before: float) -> int:
        """Delete sessions and evidence older than ``before``; return how many rows went."""
        ...

    async def close(self) -> None:
        """Release the connection."""
        ...
