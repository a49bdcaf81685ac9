"""Which store to open: ``PAIDOFF_DB_URL`` parsed (``sqlite:///path``, ``memory://``).

SQLite URLs follow the SQLAlchemy convention: what follows ``sqlite:///`` is the path, so
``sqlite:///data/paidoff.sqlite3`` is relative to the working folder and
``sqlite:////var/lib/paidoff/paidoff.sqlite3`` is absolute. A new backend adds a scheme
here and a branch in ``bot.storage.open_store``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["SCHEMES", "StoreUrl", "parse_store_url", "sqlite_url"]

SCHEMES = ("sqlite", "memory")


@dataclass(frozen=True, slots=True)
class StoreUrl:
    """A parsed store URL: the backend and, for SQLite, the file."""

    scheme: str
    path: Path | None = None


def parse_store_url(url: str) -> StoreUrl:
    """Parse ``url``; ValueError saying what is wrong (never echoing a password)."""
    scheme, sep, rest = url.partition("://")
    scheme = scheme.lower()
    if not sep:
        raise ValueError("expected a URL like sqlite:///data/paidoff.sqlite3 or memory://")
    if scheme == "memory":
        if rest.strip("/"):
            raise ValueError("memory:// takes no path")
        return StoreUrl("memory")
    if scheme == "sqlite":
        if not rest.startswith("/") or not rest[1:]:
            raise ValueError("use sqlite:///relative/path or sqlite:////absolute/path")
        return StoreUrl("sqlite", Path(rest[1:]))
    if scheme in {"postgres", "postgresql"}:
        raise ValueError("PostgreSQL is not supported by this version yet; use sqlite:///…")
    raise ValueError(f"unknown store '{scheme}://' (use one of: {', '.join(SCHEMES)})")


def sqlite_url(path: Path) -> str:
    """The URL of an SQLite file (what ``PAIDOFF_DB_PATH`` alone means)."""
    return f"sqlite:///{path}"
