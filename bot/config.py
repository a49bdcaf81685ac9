"""Settings from the environment (documented in ``.env.example``); bad values fail fast."""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from bot.errors import ConfigError
from bot.storage.url import parse_store_url, sqlite_url

__all__ = ["Settings", "shipped_knowledge"]

_TOKEN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
DEFAULT_API = "https://api.telegram.org"
DEFAULT_DB = Path("data/paidoff.sqlite3")


def shipped_knowledge() -> Path:
    """The knowledge folder that goes with the running ``bot`` package.

    Run from a source checkout (its ``setup.py`` beside ``bot/``), that checkout's own
    ``knowledge/``: installed or not, and even when the environment's editable install was made
    from another checkout (a second worktree sharing one venv would otherwise read the first
    one's rules). Otherwise the folder installed with the package (``bot._knowledge``: setup.py
    maps the repository's ``knowledge/`` to it, so a wheel carries the files).
    """
    from importlib.resources import files

    package = Path(__file__).resolve().parent
    tree = package.parent
    if (tree / "setup.py").is_file() and (tree / "knowledge").is_dir():  # a source checkout
        return tree / "knowledge"
    try:
        return Path(str(files("bot._knowledge")))
    except ModuleNotFoundError:
        return package / "_knowledge"  # missing: the error names where it should be


@dataclass(frozen=True)
class Settings:
    """Everything configurable, validated; the token and secrets are kept out of ``repr``."""

    token: str | None = field(default=None, repr=False)
    api_base_url: str = DEFAULT_API
    db_path: Path = DEFAULT_DB
    db_url: str | None = field(default=None, repr=False)  # a postgresql:// URL may hold a password
    """The store (``PAIDOFF_DB_URL``); None: the SQLite file ``db_path``."""
    knowledge_dir: Path = field(default_factory=shipped_knowledge)
    log_level: str = "INFO"
    admin_ids: frozenset[int] = frozenset()
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    webhook_port: int = 8443
    webhook_listen: str = "127.0.0.1"
    retention_days: int = 180
    replicas: int = 1
    """How many webhook replicas share the bot (``PAIDOFF_REPLICAS``): each sends at most
    its share of Telegram's limit; above 1, ``paidoff deploy`` registers the webhook."""
    # --- s5-follow ---
    job_interval: float = 5.0
    """Seconds between runs of the reminder job (``PAIDOFF_JOB_INTERVAL``)."""
    day_seconds: float = 86_400.0
    """TEST ONLY (``PAIDOFF_TEST_DAY_SECONDS``): the length of a follow-up's "day", so an
    end-to-end test sees "in 2 days" arrive in seconds. Never set it in production."""
    api_timeout: float = 5.0
    """Seconds to wait to connect to, send to and hear from the Bot API (PTB's default);
    a stalled call is given up after this and retried (``PAIDOFF_TELEGRAM_TIMEOUT``)."""
    poll_timeout: int = 10
    """Seconds one long poll (``getUpdates``) waits for updates (``PAIDOFF_POLL_TIMEOUT``);
    a poll that stalls is given up after this plus ``api_timeout``."""
    # --- s6-burst ---
    ocr_at_boot: bool = False
    """Start the OCR worker (and load its models) just after start-up, in the background,
    so the first photo waits for no model (``PAIDOFF_OCR_AT_BOOT``; for ``paidoff run`` on
    unless ``0``, off by default with ``PAIDOFF_REPLICAS`` above 1, where N replicas would
    keep N idle workers; off for a ``Settings`` built in code: tests start no worker)."""
    # --- s6-startup ---
    cache_dir: Path | None = None
    """Where start-up keeps the checked knowledge (``PAIDOFF_CACHE_DIR``; from the
    environment, by default the SQLite file's folder; None: checked at every start)."""

    @property
    def store_url(self) -> str:
        """The store to open: ``db_url``, or the SQLite file at ``db_path``."""
        return self.db_url or sqlite_url(self.db_path)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Read and check every variable; raise ConfigError naming the first bad one."""

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        token = get("TELEGRAM_BOT_TOKEN")
        if token is not None and not _TOKEN.match(token):
            raise ConfigError("TELEGRAM_BOT_TOKEN", "not a bot token (expected 123456:ABC…)")
        api = _api_base(get("TELEGRAM_API_BASE_URL") or DEFAULT_API)
        level = (get("PAIDOFF_LOG_LEVEL") or "INFO").upper()
        if level not in logging.getLevelNamesMapping():
            raise ConfigError("PAIDOFF_LOG_LEVEL", f"unknown level '{level}'")
        webhook = get("PAIDOFF_WEBHOOK_URL")
        if webhook is not None:
            _url("PAIDOFF_WEBHOOK_URL", webhook)
        secret = get("PAIDOFF_WEBHOOK_SECRET")
        if secret is not None and not _SECRET.match(secret):
            raise ConfigError("PAIDOFF_WEBHOOK_SECRET", "use 1–256 of A–Z, a–z, 0–9, _ and -")
        knowledge = get("PAIDOFF_KNOWLEDGE_DIR")
        db_path = Path(get("PAIDOFF_DB_PATH") or DEFAULT_DB)
        replicas = _int("PAIDOFF_REPLICAS", get("PAIDOFF_REPLICAS"), 1, 1, 30)
        return cls(
            token=token,
            api_base_url=api,
            db_path=db_path,
            db_url=_store("PAIDOFF_DB_URL", get("PAIDOFF_DB_URL")),
            knowledge_dir=Path(knowledge) if knowledge else shipped_knowledge(),
            log_level=level,
            admin_ids=_ids(get("PAIDOFF_ADMIN_IDS")),
            webhook_url=webhook,
            webhook_secret=secret,
            webhook_port=_int("PAIDOFF_WEBHOOK_PORT", get("PAIDOFF_WEBHOOK_PORT"), 8443, 1, 65535),
            webhook_listen=_address("PAIDOFF_WEBHOOK_LISTEN", get("PAIDOFF_WEBHOOK_LISTEN")),
            retention_days=_int(
                "PAIDOFF_RETENTION_DAYS", get("PAIDOFF_RETENTION_DAYS"), 180, 1, 3650
            ),
            replicas=replicas,
            job_interval=_seconds(
                "PAIDOFF_JOB_INTERVAL", get("PAIDOFF_JOB_INTERVAL"), 5.0, 0.1, 86_400.0
            ),
            day_seconds=_seconds(
                "PAIDOFF_TEST_DAY_SECONDS",
                get("PAIDOFF_TEST_DAY_SECONDS"),
                86_400.0,
                0.1,
                86_400.0,
            ),
            api_timeout=_seconds(
                "PAIDOFF_TELEGRAM_TIMEOUT", get("PAIDOFF_TELEGRAM_TIMEOUT"), 5.0, 0.1, 300.0
            ),
            poll_timeout=_int("PAIDOFF_POLL_TIMEOUT", get("PAIDOFF_POLL_TIMEOUT"), 10, 0, 50),
            # one replica: on by default; several: off (N idle 0.4 GB workers), on when asked
            ocr_at_boot=_int(
                "PAIDOFF_OCR_AT_BOOT", get("PAIDOFF_OCR_AT_BOOT"), int(replicas == 1), 0, 1
            ) == 1,
            cache_dir=_cache_dir(get("PAIDOFF_CACHE_DIR"), get("PAIDOFF_DB_URL"), db_path),
        )  # fmt: skip


def _url(name: str, value: str) -> str:
    """An http(s) URL that httpx and Telegram will accept, or a ConfigError naming ``name``."""
    if any(ch.isspace() or ord(ch) < 0x20 for ch in value):
        raise ConfigError(name, "a URL cannot contain spaces (percent-encode them as %20)")
    try:
        parsed = urlparse(value)
        port = parsed.port  # raises for a port that is not a number in 0–65535
        host = parsed.hostname
    except ValueError as exc:
        raise ConfigError(name, f"not a valid URL ({exc}): '{value}'") from None
    if parsed.scheme not in {"http", "https"} or not parsed.netloc or not host:
        raise ConfigError(name, f"not an http(s) URL: '{value}'")
    if port == 0:
        raise ConfigError(name, f"port 0 is not a port: '{value}'")
    return value


def _api_base(value: str) -> str:
    """The Bot API base without PTB's ``/bot`` suffix: ``https://host`` and ``https://host/bot``
    (the form PTB's ``base_url`` takes) both mean the same server."""
    base = _url("TELEGRAM_API_BASE_URL", value).rstrip("/")
    if urlparse(base).path.endswith("/bot"):
        base = base.removesuffix("/bot")
    return base


def _store(name: str, raw: str | None) -> str | None:
    if raw is None:
        return None
    try:
        parse_store_url(raw)
    except ValueError as exc:
        raise ConfigError(name, str(exc)) from None
    return raw


def _cache_dir(raw: str | None, db_url: str | None, db_path: Path) -> Path | None:
    """``PAIDOFF_CACHE_DIR``, else the folder of the SQLite file (PostgreSQL: none)."""
    if raw is not None:
        return Path(raw)
    store = parse_store_url(db_url) if db_url is not None else None
    if store is None:
        return db_path.parent
    return store.path.parent if store.path is not None else None


def _address(name: str, raw: str | None) -> str:
    """The IP address the webhook listens on: loopback unless the operator says otherwise."""
    if raw is None:
        return "127.0.0.1"
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        message = f"not an IP address: '{raw}' (127.0.0.1 for a local proxy, 0.0.0.0 for all)"
        raise ConfigError(name, message) from None


def _int(name: str, raw: str | None, default: int, low: int, high: int) -> int:
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(name, f"not a whole number: '{raw}'") from None
    if not low <= value <= high:
        raise ConfigError(name, f"must be between {low} and {high}, got {value}")
    return value


def _seconds(name: str, raw: str | None, default: float, low: float, high: float) -> float:
    """A number of seconds from ``low`` to ``high``."""
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(name, f"not a number of seconds: '{raw}'") from None
    if not low <= value <= high:  # also refuses nan
        raise ConfigError(name, f"must be between {low:g} and {high:g} seconds, got {raw}")
    return value


def _ids(raw: str | None) -> frozenset[int]:
    if raw is None:
        return frozenset()
    try:
        return frozenset(int(part) for part in re.split(r"[,\s]+", raw) if part)
    except ValueError:
        message = "use Telegram user IDs separated by commas"
        raise ConfigError("PAIDOFF_ADMIN_IDS", message) from None
