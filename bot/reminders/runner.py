"""Send the reminders that are due: ``run_due(store, now, send)``, called every few seconds.

Replica-safe by the store: ``claim_reminders`` hands each due row to one caller only (a
lease: a caller that dies before finishing leaves the row to be claimed again after
``LEASE`` seconds, so a reminder is sent at least once, normally exactly once). A monthly
reminder's next row is written in the same transaction that retires the sent one.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.reminders.model import Reminder, following

__all__ = ["BATCH", "LEASE", "MAX_ATTEMPTS", "Postponed", "ReminderQueue", "run_due"]

log = logging.getLogger(__name__)
BATCH = 50
"""Reminders claimed per run at most (the rest wait for the next run)."""
LEASE = 300.0
"""Seconds a claimed reminder is left to its caller before another may claim it."""
MAX_ATTEMPTS = 5
"""Failed sends of one reminder before it is given up."""


class Postponed(Exception):
    """Raised by ``send``: not sent now, for a reason that is not the reminder's (the
    channel cannot be reached at all, or the chat is busy). It is tried again after its
    lease however long that lasts, never given up for it; with ``rest`` (the channel
    unreachable) the rest of the batch waits too, as they would fail the same way."""

    rest = True


class ReminderQueue(Protocol):
    """The part of ``ReminderStore`` the runner uses."""

    async def claim_reminders(
        self, now: float, *, limit: int, lease: float, prefix: str = "", user: str | None = None
    ) -> list[Reminder]: ...

    async def finish_reminder(self, reminder_id: int, then: Reminder | None) -> bool: ...


async def run_due(
    store: ReminderQueue,
    now: float,
    send: Callable[[Reminder], Awaitable[None]],
    *,
    prefix: str = "",
    user: str | None = None,
    limit: int = BATCH,
    lease: float = LEASE,
) -> int:
    """Claim the reminders due at ``now`` (of users whose key starts with ``prefix``, or of
    ``user`` alone), send each with ``send`` and retire it; return how many were sent.

    ``send`` raising means "not sent": the row stays claimed and is tried again once its
    lease ends, up to ``MAX_ATTEMPTS`` times. A user who can no longer be reached (blocked
    the bot) is ``send``'s to recognise: it returns, and the reminder is retired. ``send``
    raising ``Postponed`` (the channel unreachable) leaves this one and the rest claimed,
    to be tried again after the lease without giving up.
    """
    sent = 0
    claimed = await store.claim_reminders(now, limit=limit, lease=lease, prefix=prefix, user=user)
    for reminder in claimed:
        assert reminder.id is not None
        try:
            await send(reminder)
        except Postponed as exc:
            if not exc.rest:
                continue
            log.info("reminders wait: the channel cannot be reached")
            break
        except Exception as exc:  # noqa: BLE001 - one failed send must not stop the others
            log.warning(
                "a %s reminder was not sent (%s, attempt %d)",
                reminder.kind.value, type(exc).__name__, reminder.attempts,
            )  # fmt: skip
            if reminder.attempts < MAX_ATTEMPTS:
                continue
        else:
            sent += 1
        await store.finish_reminder(reminder.id, following(reminder, now))
    return sent
