"""Links in an SMS: found with or without a scheme, and classified by registrable domain.

Registrable domains come from the Public Suffix List bundled with ``publicsuffixlist``
(read from the package, never fetched): ``ur.alipay.com`` → ``alipay.com``,
``alipay.com.xx.cn`` → ``xx.cn``, ``www.icbc.com.cn`` → ``icbc.com.cn``. A bare host is a
link when it has the shape ``name.tld`` with a real top-level domain, so ``.pw``, ``.top``
or ``.xyz`` need no list of their own. E-mail addresses are blanked out before hosts are
read (``webmaster@icbc.com.cn`` is no link to ``icbc.com.cn``).

Kinds: ``official`` (Alipay's own domains), ``court`` (the courts'), ``gov`` (any host
under a government suffix such as ``gov.cn``, which only government bodies can register),
``org`` (the domain of another organisation of ``sms.yaml`` → ``orgs``), ``shortener``,
``lookalike`` (a host that imitates a brand), ``risky`` (a bare IP address or a cheap
ending of ``hosts.risky_tlds``) and ``other``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from publicsuffixlist import PublicSuffixList
from rapidfuzz import fuzz, process

from bot.knowledge.sms_model import HostKind, Hosts
from bot.sms.text import WRITTEN_DOTS, Folded

__all__ = ["Link", "LinkFinder", "registrable_domain"]

# Digits and letters that phishing hosts swap for the letters of a brand (a1ipay, alipav).
_HOMOGLYPHS = str.maketrans({"1": "l", "0": "o", "3": "e", "5": "s", "v": "y"})
_TRAILING = ".,;:!?)]}'\"-"
_FUZZY_BRAND = 80.0
_DOT_LETTER = re.compile(r"\.[a-z0-9]")
_IP = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_AUTHORITY = re.compile(r"[^/?#]*")
_HOST_TOKEN = re.compile(r"[.@:-]")
# A back-end template's unfilled variable: ``${order.no}``, ``#{bill.date}``, ``{$notice.user}``,
# ``{{ .User.Name }}`` or plain ``{user.name}``, holding one identifier path (no hyphen).
_PLACEHOLDER = re.compile(
    r"(?:\$\{|#\{|\{\{?)\s*\$?\s*\.?[a-z_][a-z0-9_]*(?:(?:\.|->)[a-z_][a-z0-9_]*)+\s*\}\}?"
)
_KINDS_KEPT = 4096
"""Links classified at most (host, domain and user part): the oldest half is dropped then."""
# Scheme links run to the first non-ASCII or space; a bare host must not continue a word,
# an e-mail address or a masked account (764*@qq.*); its last label is checked afterwards.
_LINK = re.compile(
    r"(?:https?://|www\.)[!#-&(-;=?-~]{1,2000}"
    r"|[a-z0-9](?<![a-z0-9@.*/_\\-][a-z0-9])[a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){1,8}"
    r"(?![a-z0-9-])(?::\d{1,5})?(?:[/?#][!#-&(-;=?-~]{0,2000})?"
)


@cache
def _psl() -> PublicSuffixList:
    # Built on first use from the list shipped inside the package (no network).
    # (ASCII hosts only, so the punycode forms of IDN rules need not be built.)
    return PublicSuffixList(only_icann=True, accept_unknown=False, accept_encoded_idn=False)


@lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str | None:
    """The registrable domain of ``host`` by the Public Suffix List, or None (no real TLD)."""
    domain = _psl().privatesuffix(host)
    return None if domain is None else str(domain)


@lru_cache(maxsize=4096)
def _public_suffix(host: str) -> str | None:
    suffix = _psl().publicsuffix(host)
    return None if suffix is None else str(suffix)


@dataclass(frozen=True, slots=True)
class Link:
    """One link: as written, its host, registrable domain and kind; ``org`` owns the domain."""

    text: str
    host: str
    domain: str
    kind: HostKind
    start: int
    end: int
    org: str | None = None
    disguised: bool = False
    """Its dots were spelled to dodge filters ("hb-jd . top", "jbhf点com"; ``bot.sms.text``)."""


class LinkFinder:
    """Finds and classifies the links of a folded SMS, per ``sms.yaml`` → ``hosts``."""

    def __init__(self, hosts: Hosts, org_domains: Mapping[str, str] | None = None) -> None:
        self._hosts = hosts
        self._extra_tlds = frozenset(hosts.tlds)
        self._risky = frozenset(hosts.risky_tlds)
        self._org_domains = dict(org_domains or {})
        self._genuine = frozenset(hosts.genuine)
        self._brands = tuple(b for b in hosts.brands if b)
        self._brand_set = frozenset(self._brands)
        self._long_brands = tuple(b for b in self._brands if len(b) >= 5)
        self._fuzzy_brands = tuple(b for b in self._long_brands if b.isalpha())
        self._kinds: dict[tuple[str, str, str], tuple[HostKind, str | None]] = {}
        _psl()  # parse the bundled list now, not on the first message

    def find(self, folded: Folded, masked: str | None = None) -> tuple[Link, ...]:
        """Every link in ``folded``, in order; ``masked`` is its text with e-mails blanked."""
        text = folded.text if masked is None else masked
        if _DOT_LETTER.search(text) is None:
            return ()  # no "x.y" at all: nothing can be a link
        links: list[Link] = []
        for found in _LINK.finditer(text):
            raw = found.group()
            trimmed = raw.rstrip(_TRAILING)
            end = found.start() + len(trimmed)
            authority = _authority(trimmed)
            host = authority.rsplit("@", 1)[-1].split(":", 1)[0].strip(".{}")
            schemed = trimmed.startswith(("http://", "https://", "www."))
            if not schemed and not host.rpartition(".")[2].isalpha():
                continue  # 1,250.00 or v1.2.3: no bare host (``_domain`` says so too), first
            if not schemed and self._identifier(text, found.start(), found.end(), host):
                continue
            domain = self._domain(host, schemed)
            if domain is None:
                continue
            kind, org = self._kind(host, domain, authority)
            links.append(
                Link(
                    text=folded.source(found.start(), end),
                    host=host,
                    domain=domain,
                    kind=kind,
                    start=found.start(),
                    end=end,
                    org=org,
                    disguised=_disguised(folded, found.start(), end),
                )
            )
        return tuple(links)

    def _identifier(self, text: str, start: int, end: int, host: str) -> bool:
        """Whether the bare host ``text[start:end]`` is a program's identifier, not a host.

        A name that runs on into an underscore (``notice.site_name``) is one: host names have
        no underscore. So is a dotted name that fills a back-end template's placeholder
        (``${messageInfoVo.day }``, ``{user.name}``): a variable the sender's system failed to
        fill in, not an address anyone can open, unless it ends in a risky ending or imitates
        a brand ("{jiebei.top}", "${alipay.com}" stay links; a hyphen or a scheme never
        makes a placeholder). Outside braces, a host that runs on into an underscore stays a
        link when it ends in a risky ending or imitates a brand ("jiebei-vip.top_refund")."""
        runs_on = text[end : end + 1] == "_"
        if "{" not in text[max(0, start - 4) : start]:
            return runs_on and self._plain_host(host)
        if runs_on:
            return True
        for found in _PLACEHOLDER.finditer(text, max(0, start - 6), min(len(text), end + 6)):
            if found.start() <= start and end <= found.end():
                return self._plain_host(host)
        return False

    def _plain_host(self, host: str) -> bool:
        """Whether ``host`` has neither a risky ending nor a brand's imitation."""
        return host.rsplit(".", 1)[-1] not in self._risky and not self._imitates_brand(host)

    def _domain(self, host: str, schemed: bool) -> str | None:
        labels = host.split(".")
        if len(labels) < 2 or not all(labels):
            return None
        if not schemed and not labels[-1].isalpha():
            return None  # 1,250.00 or 3.5: a bare host ends in a real (alphabetic) TLD
        domain = registrable_domain(host)
        if domain is not None:
            return domain
        if labels[-1] in self._extra_tlds or (schemed and labels[-1].isalpha()):
            return ".".join(labels[-2:])  # a TLD newer than the bundled list
        if schemed and _IP.fullmatch(host):
            return host  # a bare IP address
        return None

    def _kind(self, host: str, domain: str, authority: str) -> tuple[HostKind, str | None]:
        key = (host, domain, authority)
        kind = self._kinds.get(key)
        if kind is None:
            if len(self._kinds) >= _KINDS_KEPT:
                for old in list(self._kinds)[: _KINDS_KEPT // 2]:
                    del self._kinds[old]
            kind = self._kinds[key] = self._classify(host, domain, authority)
        return kind

    def _classify(self, host: str, domain: str, authority: str) -> tuple[HostKind, str | None]:
        org = self._org_domains.get(domain)
        if domain in self._hosts.official:
            return "official", org
        if domain in self._hosts.court:
            return "court", org
        suffix = _public_suffix(host)
        if suffix is not None and suffix in self._hosts.government:
            return "gov", org
        if org is not None or domain in self._genuine:
            return "org", org
        if domain in self._hosts.shorteners or host in self._hosts.shorteners:
            return "shortener", None
        if self._imitates_brand(authority):  # also "alipay.com@evil.cn": the user part
            return "lookalike", None
        if host.rsplit(".", 1)[-1] in self._risky or _IP.fullmatch(host):
            return "risky", None
        return "other", None

    def _imitates_brand(self, host: str) -> bool:
        """Whether ``host`` has a brand as a label or token, contains a brand of five or more
        characters (also after undoing the homoglyphs), or has a token of four or more
        letters within ``_FUZZY_BRAND`` of an alphabetic brand of five or more."""
        tokens = [t for t in _HOST_TOKEN.split(host) if t]
        if self._brand_set.intersection(tokens):
            return True
        swapped = host.translate(_HOMOGLYPHS)
        if any(brand in host or brand in swapped for brand in self._long_brands):
            return True
        if not self._fuzzy_brands:
            return False
        return any(
            process.extractOne(
                token,
                self._fuzzy_brands,
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=_FUZZY_BRAND,
            )
            is not None
            for token in tokens
            if len(token) >= 4
        )


def _disguised(folded: Folded, start: int, end: int) -> bool:
    """Whether a dot of the link ``folded.text[start:end]`` stands for no dot as written."""
    dot = folded.text.find(".", start, end)
    while dot != -1:
        if unicodedata.normalize("NFKC", folded.source(dot, dot + 1)).lower() not in WRITTEN_DOTS:
            return True
        dot = folded.text.find(".", dot + 1, end)
    return False


def _authority(url: str) -> str:
    """``user@host:port`` of a link (lower-case, as folded)."""
    rest = url.split("://", 1)[1] if "://" in url else url
    found = _AUTHORITY.match(rest)
    return (found.group() if found is not None else rest).lower()
