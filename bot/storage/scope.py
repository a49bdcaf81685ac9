"""Applying one update exactly once, in order, whichever process answers it; one job runner.

Two optional store capabilities, for running more than one replica on one database:

- ``UpdateScopes.applying(chat_key, user, update_id)``: the scope one update is answered in.
  On PostgreSQL it is one transaction holding ``pg_advisory_xact_lock`` on the chat, so two
  replicas never answer the same chat at once, and every store call made inside it (the
  service's loads and saves, kept evidence) shares that transaction. ``applied_before``
  says the update was already applied (its inbox row is done, or the session's
  ``last_update_id`` is at or past it): the caller answers nothing. Leaving the scope
  normally with ``keep`` marks the update applied (the session's ``last_update_id`` and
  the inbox row, in the same commit as its effects); ``keep = False`` or an exception
  rolls back what can be rolled back. SQLite and memory stores serve one process, whose
  inbox already answers a chat's updates one at a time: their scope checks and marks the
  update, and the reply journal replays a failed attempt as before.
- ``ChatQuiet.quiet(chat_key)``: held while writing into a chat from outside its updates
  (the reminder job): on PostgreSQL the chat's advisory lock, so the reminder comes after
  the update another replica is answering there, not in the middle of it.
- ``JobLease.lead_jobs()``: True in the one process that runs the periodic jobs (expiry,
  reminders); on PostgreSQL a session-level ``pg_try_advisory_lock`` held on a dedicated
  connection, taken over by another replica once that connection goes.

The conversation layer never sees any of this: only the Telegram inbox opens a scope.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.storage.port import InboxStore

__all__ = ["Applying", "ChatQuiet", "JobLease", "UpdateScopes", "applying", "lead_jobs", "quiet"]


@dataclass
class Applying:
    """One update being answered: was it applied before, and should this attempt stay."""

    applied_before: bool
    keep: bool = True
    """Set False for an attempt that failed and will be tried again (rolled back)."""


@runtime_checkable
class UpdateScopes(Protocol):
    """A store that can answer each update once across processes (see the module doc)."""

    def applying(
        self, chat_key: str, user: str | None, update_id: int
    ) -> AbstractAsyncContextManager[Applying]:
        """The scope ``update_id`` of the chat is answered in (``user``: its session key,
        None outside a private chat)."""
        ...


@runtime_checkable
class ChatQuiet(Protocol):
    """A store shared by several processes that can hold a chat between its updates."""

    def quiet(self, chat_key: str) -> AbstractAsyncContextManager[None]:
        """Held once no update of the chat is being answered, until left (module doc)."""
        ...


@runtime_checkable
class JobLease(Protocol):
    """A store shared by several processes, of which one runs the periodic jobs."""

    async def lead_jobs(self) -> bool:
        """True if this process runs the jobs now (taking the lease when it is free)."""
        ...


def applying(
    store: InboxStore, chat_key: str, user: str | None, update_id: int
) -> AbstractAsyncContextManager[Applying]:
    """``store``'s scope for the update, or for a store without one (a test's fake) a
    plain one: never applied before, marked done by ``inbox_done`` when kept."""
    if isinstance(store, UpdateScopes):
        return store.applying(chat_key, user, update_id)
    return _plain(store, chat_key, update_id)


@asynccontextmanager
async def _plain(store: InboxStore, chat_key: str, update_id: int) -> AsyncIterator[Applying]:
    scope = Applying(applied_before=False)
    yield scope
    if scope.keep:
        await store.inbox_done(update_id, chat_key)


async def lead_jobs(store: object) -> bool:
    """Whether this process should run the periodic jobs now (True for a store that one
    process owns, like an SQLite file)."""
    if isinstance(store, JobLease):
        return await store.lead_jobs()
    return True


def quiet(store: object, chat_key: str) -> AbstractAsyncContextManager[None]:
    """``store``'s hold on a chat between its updates; nothing to hold for a store that
    one process owns (its inbox and ``AdvisorService.lock`` already order them)."""
    if isinstance(store, ChatQuiet):
        return store.quiet(chat_key)
    return nullcontext()
