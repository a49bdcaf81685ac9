"""Links in an SMS: found with or without a scheme, and classified by registrable domain.

``ur.alipay.com`` is official (registrable domain ``alipay.com``); ``alipay.com.xx.cn`` and
``ur.alipay.com.tk-refund.cn`` are not (their registrable domains are ``xx.cn`` and
``tk-refund.cn``), and because they carry the brand they are look-alikes, as are
``a1ipay.com`` (digit one) and ``alipay-jb.top``. Short-link services hide the target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.knowledge.sms_model import HostKind, Hosts
from bot.sms.text import Folded

__all__ = ["Link", "LinkFinder"]

# Digits and letters that phishing hosts swap for the letters of a brand (a1ipay, alipav).
_HOMOGLYPHS = str.maketrans({"1": "l", "0": "o", "3": "e", "5": "s", "v": "y"})
_TRAILING = ".,;:!?)]}'\""
_FUZZY_BRAND = 80.0
_DOT_LETTER = re.compile(r"\.[a-z]")


@dataclass(frozen=True, slots=True)
class Link:
    """One link: as written, its host, registrable domain and kind."""

    text: str
    host: str
    domain: str
    kind: HostKind
    start: int
    end: int


class LinkFinder:
    """Finds and classifies the links of a folded SMS, per ``sms.yaml`` → ``hosts``."""

    def __init__(self, hosts: Hosts) -> None:
        self._hosts = hosts
        tlds = "|".join(sorted(map(re.escape, hosts.tlds), key=len, reverse=True))
        # Scheme links run to the first non-ASCII or space; bare hosts need a known TLD and
        # must not continue a word, an e-mail address or a masked account (764*@qq.*).
        self._pattern = re.compile(
            r"(?:https?://|www\.)[!#-&(-;=?-~]{1,2000}"
            r"|[a-z0-9-](?<![a-z0-9@.*/_-][a-z0-9-])[a-z0-9-]{0,62}\.(?:[a-z0-9-]{1,63}\.){0,7}"
            rf"(?:{tlds})(?![a-z0-9-])(?::\d{{1,5}})?(?:[/?#][!#-&(-;=?-~]{{0,2000}})?"
        )
        self._brands = tuple(b for b in hosts.brands if b)

    def find(self, folded: Folded) -> tuple[Link, ...]:
        """Every link in ``folded``, in order."""
        links: list[Link] = []
        if _DOT_LETTER.search(folded.text) is None:
            return ()  # no "x.y" at all: nothing can be a link
        for found in self._pattern.finditer(folded.text):
            raw = found.group()
            trimmed = raw.rstrip(_TRAILING)
            end = found.start() + len(trimmed)
            authority = _authority(trimmed)
            host = authority.rsplit("@", 1)[-1].split(":", 1)[0].strip(".")
            if not host or "." not in host:
                continue
            domain = self._registrable(host)
            links.append(
                Link(
                    text=folded.source(found.start(), end),
                    host=host,
                    domain=domain,
                    kind=self._kind(host, domain, authority),
                    start=found.start(),
                    end=end,
                )
            )
        return tuple(links)

    def _registrable(self, host: str) -> str:
        labels = host.split(".")
        if len(labels) >= 3 and ".".join(labels[-2:]) in self._hosts.suffixes:
            return ".".join(labels[-3:])
        return ".".join(labels[-2:])

    def _kind(self, host: str, domain: str, authority: str) -> HostKind:
        if domain in self._hosts.official:
            return "official"
        if domain in self._hosts.court:
            return "court"
        if domain in self._hosts.shorteners or host in self._hosts.shorteners:
            return "shortener"
        if self._imitates_brand(authority):  # also "alipay.com@evil.cn": the user part
            return "lookalike"
        return "other"

    def _imitates_brand(self, host: str) -> bool:
        tokens = [t for t in re.split(r"[.@:-]", host) if t]
        swapped = host.translate(_HOMOGLYPHS)
        for brand in self._brands:
            if brand in tokens or (len(brand) >= 5 and (brand in host or brand in swapped)):
                return True
            if len(brand) >= 5 and brand.isalpha():
                for token in tokens:
                    close = fuzz.ratio(token, brand, score_cutoff=_FUZZY_BRAND)
                    if len(token) >= 4 and close:
                        return True
        return False


def _authority(url: str) -> str:
    """``user@host:port`` of a link (lower-case, as folded)."""
    rest = url.split("://", 1)[1] if "://" in url else url
    return re.split(r"[/?#]", rest, maxsplit=1)[0].lower()
