"""Everything an SMS states, pulled out once: signature, links, numbers, platforms, name.

The 【signature】 is read at the start or the end of the message (a bracketed
``[…人民法院]`` at the end counts too). E-mail addresses are found first and masked (so
``webmaster@icbc.com.cn`` is no link), then links, cards, QQ/WeChat/LINE IDs and phone
numbers, so no digit is read twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.knowledge.sms_model import SmsFile
from bot.sms import signature
from bot.sms.names import NameFinder, NameHit
from bot.sms.numbers import (
    Amount,
    Card,
    ContactId,
    Email,
    Phone,
    find_amounts,
    find_cards,
    find_contact_ids,
    find_dates,
    find_emails,
    find_phones,
    mask,
)
from bot.sms.text import Folded
from bot.sms.urls import Link, LinkFinder

__all__ = ["Evidence", "Extractor", "PlatformHit", "Signature"]


@dataclass(frozen=True, slots=True)
class Signature:
    """A 【signature】 as written; ``name`` is its inside in matching form."""

    text: str
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PlatformHit:
    """A lender or product named in the SMS, and the ``loan`` fact it implies."""

    id: str
    loan: str
    text: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the SMS states, each item as written in the original."""

    signatures: tuple[Signature, ...]
    links: tuple[Link, ...]
    phones: tuple[Phone, ...]
    cards: tuple[Card, ...]
    contact_ids: tuple[ContactId, ...]
    amounts: tuple[Amount, ...]
    dates: tuple[str, ...]
    platforms: tuple[PlatformHit, ...]
    name: NameHit | None
    body_start: int
    emails: tuple[Email, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Plain JSON values (every text as written in the SMS)."""
        return {
            "signatures": [s.text for s in self.signatures],
            "links": [
                {"text": x.text, "host": x.host, "domain": x.domain, "kind": x.kind}
                for x in self.links
            ],
            "phones": [{"text": p.text, "number": p.number, "kind": p.kind} for p in self.phones],
            "cards": [{"text": c.text, "masked": c.masked} for c in self.cards],
            "contact_ids": [{"kind": c.kind, "id": c.id} for c in self.contact_ids],
            "amounts": [{"text": a.text, "value": a.value} for a in self.amounts],
            "dates": list(self.dates),
            "platforms": [{"id": p.id, "loan": p.loan, "text": p.text} for p in self.platforms],
            "emails": [e.text for e in self.emails],
        }


class Extractor:
    """Pulls the evidence out of a folded SMS, per ``sms.yaml``."""

    def __init__(self, sms: SmsFile, fold: Callable[[str], str]) -> None:
        self._numbers = sms.numbers
        org_domains = {d: org.id for org in sms.orgs for d in org.domains}
        self._links = LinkFinder(sms.hosts, org_domains)
        self._names = NameFinder(sms.names)
        self._platforms = [
            (p.id, p.loan, tuple(fold(n) for n in p.names), p.compiled) for p in sms.platforms
        ]

    def extract(self, folded: Folded) -> Evidence:
        """The evidence of one SMS."""
        signatures = _signatures(folded)
        body_start = signatures[0].end if signatures and signatures[0].start == 0 else 0
        emails = find_emails(folded)
        text = mask(folded.text, [(e.start, e.end) for e in emails])
        links = self._links.find(folded, text)
        text = mask(text, [(x.start, x.end) for x in links])
        cards, spans = find_cards(folded, text)
        text = mask(text, spans)
        contact_ids, spans = find_contact_ids(folded, text)
        text = mask(text, spans)
        return Evidence(
            signatures=signatures,
            links=links,
            phones=find_phones(folded, text, self._numbers),
            cards=cards,
            contact_ids=contact_ids,
            amounts=find_amounts(folded, text),
            dates=find_dates(folded, text),
            platforms=self._find_platforms(folded),
            name=self._names.find(folded, body_start),
            body_start=body_start,
            emails=emails,
        )

    def _find_platforms(self, folded: Folded) -> tuple[PlatformHit, ...]:
        hits: list[PlatformHit] = []
        for ident, loan, names, patterns in self._platforms:
            span = _first_name(folded.text, names) or _first_pattern(folded.text, patterns)
            if span is not None:
                hits.append(PlatformHit(ident, loan, folded.source(*span)))
        return tuple(hits)


def _signatures(folded: Folded) -> tuple[Signature, ...]:
    found: list[Signature] = []
    lead = signature.LEADING.search(folded.text)
    if lead is not None:
        found.append(_signature(folded, lead))
    trail = signature.TRAILING.search(folded.text)
    if trail is not None and (lead is None or trail.start() >= lead.end()):
        found.append(_signature(folded, trail))
    return tuple(found)


def _signature(folded: Folded, found: re.Match[str]) -> Signature:
    start = found.start(1) - 1
    end = found.end(1) + 1
    return Signature(folded.source(start, end), found.group(1).strip(), start, end)


def _first_name(text: str, names: tuple[str, ...]) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for name in names:
        at = text.find(name)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, at + len(name))
    return best


def _first_pattern(
    text: str, patterns: tuple[re.Pattern[str] | str, ...]
) -> tuple[int, int] | None:
    for pattern in patterns:
        if isinstance(pattern, re.Pattern):
            found = pattern.search(text)
            if found is not None:
                return found.span()
    return None
