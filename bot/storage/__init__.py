"""Session storage: the port the channels use and its SQLite implementation."""

from bot.storage.port import SessionStore, StoredSession
from bot.storage.sqlite import SqliteStore

__all__ = ["SessionStore", "SqliteStore", "StoredSession"]
