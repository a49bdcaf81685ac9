"""The one gateway the conversation uses: sessions and kept messages (``AdvisorService``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from bot.engine.advisor import Advisor
from bot.engine.session import Session
from bot.evidence import EvidenceRecord
from bot.knowledge.model import Lang
from bot.reminders.model import Reminder

__all__ = ["AdvisorPort"]


class AdvisorPort(Protocol):
    """What the conversation needs from the service; it never sees the store itself."""

    advisor: Advisor
    retention_days: int
    clock: Callable[[], float]
    """Epoch seconds now (the service's clock: tests set it)."""
    day_seconds: float
    """The length of a follow-up's day (86,400 but in tests)."""

    async def load_with_anchor(
        self, user: str, lang: Lang = Lang.ZH_HANS
    ) -> tuple[Session, bool, int | None]:
        """The user's session, whether it was resumed (False: a first contact), and the
        channel's message that shows its live screen."""
        ...

    async def save(self, user: str, session: Session) -> None:
        """Persist ``session``."""
        ...

    async def forget(self, user: str) -> int:
        """Delete everything about ``user``."""
        ...

    async def add_evidence(
        self, user: str, record: EvidenceRecord, *, origin: str | None = None
    ) -> int:
        """Keep an analyzed SMS; the same ``origin`` (an update answered again) keeps it once."""
        ...

    async def evidence(self, user: str) -> list[EvidenceRecord]:
        """The kept messages still within the retention period, oldest first."""
        ...

    async def get_evidence(self, user: str, evidence_id: int) -> EvidenceRecord | None:
        """One kept message, or None once it is gone."""
        ...

    async def delete_evidence(self, user: str) -> int:
        """Delete every kept message of ``user``."""
        ...

    # --- s5-follow ---
    async def add_reminder(self, reminder: Reminder) -> int:
        """Keep a reminder, replacing the user's reminder of the same kind."""
        ...

    async def reminders(self, user: str) -> list[Reminder]:
        """The user's reminders not yet sent, soonest first."""
        ...

    async def cancel_reminder(self, user: str, reminder_id: int) -> bool:
        """Cancel one reminder; False when it is gone."""
        ...
