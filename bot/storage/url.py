"""Which store to open: ``PAIDOFF_DB_URL`` parsed (``sqlite:///path``, ``memory://``,
``postgresql://user:password@host:port/database``).

SQLite URLs follow the SQLAlchemy convention: what follows ``sqlite:///`` is the path, so
``sqlite:///data/paidoff.sqlite3`` is relative to the working folder and
``sqlite:////var/lib/paidoff/paidoff.sqlite3`` is absolute. A new backend adds a scheme
here and a branch in ``bot.storage.open_store``.

PostgreSQL URLs are libpq's (what asyncpg takes): missing parts fall back to the ``PG*``
environment variables and libpq's defaults; query parameters such as ``sslmode`` pass on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["SCHEMES", "StoreUrl", "parse_store_url", "sqlite_url"]

SCHEMES = ("sqlite", "memory", "postgresql")


@dataclass(frozen=True, slots=True)
class StoreUrl:
    """A parsed store URL: the backend and, for SQLite, the file; for PostgreSQL, the
    connection URL as given (it may hold a password, so it is not in ``repr``)."""

    scheme: str
    path: Path | None = None
    dsn: str | None = field(default=None, repr=False)


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
        _check_postgres(url)
        return StoreUrl("postgresql", dsn=f"postgresql://{rest}")  # the scheme as asyncpg wants
    raise ValueError(f"unknown store '{scheme}://' (use one of: {', '.join(SCHEMES)})")


def _check_postgres(url: str) -> None:
    """Reject what asyncpg would only reject when connecting (the message names no secret)."""
    try:
        parts = urlsplit(url)
        if "," not in parts.netloc and parts.port == 0:  # several hosts: asyncpg checks
            raise ValueError("port 0")
    except ValueError:
        raise ValueError(
            "expected postgresql://user:password@host:port/database (the port is a number)"
        ) from None
    if parts.fragment:
        raise ValueError("a postgresql:// URL takes no #fragment")


def sqlite_url(path: Path) -> str:
    """The URL of an SQLite file (what ``PAIDOFF_DB_PATH`` alone means)."""
    return f"sqlite:///{path}"
