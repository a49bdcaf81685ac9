"""The advisor as a service for channels: load the session, apply an engine step, save.

Channels (terminal, Telegram) call this; it holds no channel types and makes no decision
of its own: the decisions are the engine's, the persistence is the store's.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import replace

from bot.engine.advisor import Advisor, Turn
from bot.engine.session import Session
from bot.evidence import EvidenceRecord
from bot.knowledge.model import Lang
from bot.reminders.model import Reminder
from bot.storage.port import Store

__all__ = ["AdvisorService"]

DAY = 86_400.0


class AdvisorService:
    """Load → engine step → save for one user.

    Channels that handle updates concurrently hold ``lock(user)`` around a whole update
    (read, decide, send, save), so one user's updates are handled in order.
    """

    def __init__(
        self,
        advisor: Advisor,
        store: Store,
        retention_days: int = 180,
        clock: Callable[[], float] = time.time,
        on_reset: Callable[[str, Lang], Awaitable[None]] | None = None,
        day_seconds: float = DAY,
    ) -> None:
        self.advisor = advisor
        self.day_seconds = day_seconds
        """A day of a follow-up ("in 3 days"); shorter only in tests (PAIDOFF_TEST_DAY_SECONDS)."""
        self.on_reset = on_reset
        """Told when a user's saved session was unreadable and had to be reset."""
        self.store = store
        self.retention_days = retention_days
        self.retention = retention_days * DAY
        self.clock = clock
        # Weak: a user's lock lives only while an update of theirs holds it.
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    def lock(self, user: str) -> asyncio.Lock:
        """The lock serialising ``user``'s updates."""
        lock = self._locks.get(user)
        if lock is None:
            lock = self._locks[user] = asyncio.Lock()
        return lock

    async def load(self, user: str, lang: Lang = Lang.ZH_HANS) -> tuple[Session, bool]:
        """The user's session (adapted to the current knowledge) and whether it was resumed."""
        session, resumed, _ = await self.load_with_anchor(user, lang)
        return session, resumed

    async def load_with_anchor(
        self, user: str, lang: Lang = Lang.ZH_HANS
    ) -> tuple[Session, bool, int | None]:
        """Like ``load``, with the message showing the current question (one read)."""
        stored = await self.store.load(user)
        if stored is not None and stored.corrupt:
            if self.on_reset is not None:
                await self.on_reset(user, lang)
            return self.advisor.new_session(lang), False, None
        if stored is None or stored.updated_at < self.clock() - self.retention:
            return self.advisor.new_session(lang), False, None
        session = stored.session
        if session.revision != self.advisor.knowledge.revision:
            session = self._adapt(session)
        return session, True, stored.anchor

    def _adapt(self, session: Session) -> Session:
        # Saved under another knowledge version: keep what still exists, drop the rest.
        facts = self.advisor.valid_facts(session.facts)
        questions = self.advisor.knowledge.questions
        answered = tuple(
            q for q in session.answered if q in questions and questions[q].fact in facts
        )
        return replace(
            session,
            facts=facts,
            answered=answered,
            selection=frozenset(),
            step=None,
            revision=self.advisor.knowledge.revision,
        )

    async def save(self, user: str, session: Session) -> None:
        """Persist ``session`` for ``user``."""
        await self.store.save(user, session, self.clock())

    async def apply(
        self, user: str, step: Callable[[Session], Turn], lang: Lang = Lang.ZH_HANS
    ) -> Turn:
        """Load ``user``'s session, run one engine step on it and save the result."""
        session, _ = await self.load(user, lang)
        turn = step(session)
        if turn.session != session:
            await self.save(user, turn.session)
        return turn

    async def update(
        self, user: str, change: Callable[[Session], Session], lang: Lang = Lang.ZH_HANS
    ) -> Session:
        """Like ``apply`` for steps that only change the session (language, guidance)."""
        turn = await self.apply(user, lambda s: Turn(change(s)), lang)
        return turn.session

    async def forget(self, user: str) -> int:
        """Delete everything stored about ``user``."""
        return await self.store.forget(user)

    async def anchor(self, user: str) -> int | None:
        """The chat message that shows the user's current question or step, if any."""
        stored = await self.store.load(user)
        return stored.anchor if stored and not stored.corrupt else None

    async def set_anchor(self, user: str, message_id: int | None) -> None:
        """Remember which chat message shows the current question or step."""
        await self.store.set_anchor(user, message_id)

    async def add_evidence(
        self, user: str, record: EvidenceRecord, *, origin: str | None = None
    ) -> int:
        """Keep an analyzed SMS for ``user``, stamped with the time now (unless it already
        has one); return its id.

        With ``origin`` (e.g. the update and the message's place in it) keeping the same
        origin again returns the first id instead of a second copy."""
        when = record.received_at or self.clock()  # a held SMS kept later: when it came
        kept = replace(record, received_at=when, origin=origin or record.origin)
        return await self.store.add_evidence(user, kept)

    async def evidence(self, user: str) -> list[EvidenceRecord]:
        """The user's kept messages still within the retention period, oldest first."""
        return await self.store.evidence(user, since=self.clock() - self.retention)

    async def get_evidence(self, user: str, evidence_id: int) -> EvidenceRecord | None:
        """One kept message of ``user`` still within the retention period, or None."""
        return await self.store.get_evidence(
            user, evidence_id, since=self.clock() - self.retention
        )

    async def delete_evidence(self, user: str) -> int:
        """Delete every kept message of ``user`` (their answers stay)."""
        return await self.store.delete_evidence(user)

    async def expire(self) -> int:
        """Delete sessions older than the retention period."""
        return await self.store.expire(self.clock() - self.retention)

    # --- s5-follow: reminders ---
    async def add_reminder(self, reminder: Reminder) -> int:
        """Keep a reminder (replacing the user's reminder of the same kind); its id."""
        return await self.store.add_reminder(reminder)

    async def reminders(self, user: str) -> list[Reminder]:
        """The user's reminders not yet sent, soonest first."""
        return await self.store.reminders(user)

    async def cancel_reminder(self, user: str, reminder_id: int) -> bool:
        """Cancel one reminder of ``user``; False when it is gone."""
        return await self.store.cancel_reminder(user, reminder_id)
