"""Open the store a URL names (``PAIDOFF_DB_URL``; see ``bot.storage.url``)."""

from __future__ import annotations

from bot.storage.port import Store
from bot.storage.url import parse_store_url

__all__ = ["open_store"]


async def open_store(url: str) -> Store:
    """Open the store ``url`` names; ValueError for a bad URL, StorageError when the
    database cannot be opened. A new backend adds its branch here (imported lazily, so
    only the chosen driver loads)."""
    parsed = parse_store_url(url)
    if parsed.scheme == "memory":
        from bot.storage.memory import MemoryStore

        return await MemoryStore.open()
    if parsed.scheme == "postgresql":
        from bot.storage.postgres import PostgresStore

        assert parsed.dsn is not None
        return await PostgresStore.open(parsed.dsn)
    from bot.storage.sqlite import SqliteStore

    assert parsed.path is not None
    return await SqliteStore.open(parsed.path)
