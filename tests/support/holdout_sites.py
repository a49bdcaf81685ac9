"""What a held-out SMS file must not share with the tuning data: its sites and its texts.

A *site* is where a source URL comes from: ``github.com/owner/name`` for code, else the
registrable domain of the page's host (``www.sn.jcy.gov.cn`` → ``jcy.gov.cn``), so one
publisher's pages count as one site. A text is compared with its white space removed.
Used by ``tests/unit/test_sms_holdout_file.py`` and ``scripts/holdout.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from bot.sms.urls import registrable_domain

__all__ = ["URL", "normal", "site", "sites_of"]

URL = re.compile(r"https?://[^\s)\"'，。；、]+")


def site(url: str) -> str:
    """The site a source URL belongs to: github.com/owner/name, else its registrable domain."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in {"github.com", "raw.githubusercontent.com"}:
        path = [p for p in parts.path.split("/") if p]
        return "github.com/" + "/".join(path[:2]).lower()
    return registrable_domain(host) or host  # an IP address (or an unknown TLD) as a whole


def normal(text: str) -> str:
    """A text with all white space removed: the same message re-wrapped is still the same."""
    return re.sub(r"\s+", "", text)


def sites_of(items: Iterable[Mapping[str, Any]], *fields: str) -> set[str]:
    """Every site the URLs in ``fields`` of ``items`` name (default: ``source``)."""
    return {
        site(url)
        for item in items
        for name in fields or ("source",)
        for url in URL.findall(str(item.get(name) or ""))
    }
