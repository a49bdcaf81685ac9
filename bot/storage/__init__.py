"""Storage: the ports the service uses, their backends, and ``open_store`` to pick one."""

from bot.storage.memory import MemoryStore
from bot.storage.port import (
    EvidenceRecord,
    EvidenceSignal,
    EvidenceStore,
    InboxStore,
    SessionStore,
    Store,
    StoredSession,
)
from bot.storage.sqlite import SqliteStore
from bot.storage.url import parse_store_url

__all__ = [
    "EvidenceRecord",
    "EvidenceSignal",
    "EvidenceStore",
    "InboxStore",
    "MemoryStore",
    "SessionStore",
    "SqliteStore",
    "Store",
    "StoredSession",
    "open_store",
]


async def open_store(url: str) -> Store:
    """Open the store ``url`` names (see ``bot.storage.url``); ValueError for a bad URL,
    StorageError when the database cannot be opened."""
    parsed = parse_store_url(url)
    if parsed.scheme == "memory":
        return await MemoryStore.open()
    assert parsed.path is not None
    return await SqliteStore.open(parsed.path)
