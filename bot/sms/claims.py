"""Who an SMS claims to be, and whether what it asks stays on that organisation's channels.

A message claims an organisation of ``sms.yaml`` → ``orgs`` by its 【signature】, by the
body ("我是支付宝客服", "这里是XX法院", "工商银行工作人员") or by the number it was sent
from (which can be spoofed: a fake base station shows 95188). What it asks is read from
the evidence: the links it gives, the numbers it asks you to call, full card numbers to
pay into, contacts to add (QQ, WeChat, LINE, e-mail) and apps to download. A request
outside the claimed organisation's own domains, numbers and apps fires a ``channel``
signal whose explanation names both sides ("自称【支付宝】，却让你拨打400-…；支付宝的
官方渠道是95188…"). A collection agency that says it acts for the lender and gives its
own number is not leaving any channel: it never claimed to be the lender.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from bot.knowledge.model import Text
from bot.knowledge.sms_model import Org, SmsFile, SmsSignal
from bot.sms.extract import Evidence
from bot.sms.numbers import classify_number
from bot.sms.rules import Hit
from bot.sms.text import Folded, fold_for_matching
from bot.sms.urls import registrable_domain

__all__ = ["Claim", "ClaimFinder", "ChannelChecker"]

_MAIL = re.compile(r"(?:邮箱|邮件|发送|发至|发到|寄|联系|e-?mail|mail)[^,。!?;\n]{0,10}$")
_APP = re.compile(
    r"(?:下载|安装)[^,。!?;\n]{0,3}?[\"“「『]?(?P<name>[\u4e00-\u9fffa-z0-9]{2,12}?)[\"”」』]?"
    r"(?:app|软件|客户端|应用)"
)
_AGENCY = frozenset({"collector_claim", "agency_signature"})
_CASE = frozenset({"case_number"})
_SCREEN_APPS = ("腾讯会议", "钉钉", "云视讯", "zoom", "向日葵", "todesk", "会议")


@dataclass(frozen=True, slots=True)
class Claim:
    """The organisation a message claims to be, and the text that claims it."""

    org: Org
    text: str
    start: int
    end: int
    via: Literal["signature", "body", "sender"]


class ClaimFinder:
    """Finds the organisation an SMS claims to be, per ``sms.yaml`` → ``orgs``."""

    def __init__(self, sms: SmsFile, fold: Callable[[str], str]) -> None:
        self._orgs = tuple(sms.orgs)
        self._signatures = sorted(
            ((fold(word), org) for org in sms.orgs for word in org.signatures),
            key=lambda pair: len(pair[0]),
            reverse=True,
        )
        names = sorted(
            ((fold(word), org) for org in sms.orgs for word in (*org.claims, *org.signatures)),
            key=lambda pair: len(pair[0]),
            reverse=True,
        )
        self._by_name = {name: org for name, org in reversed(names)}
        alternatives = "|".join(re.escape(n) for n, _ in names) or "(?!)"
        before = "|".join(map(re.escape, (fold(w) for w in sms.claim_markers.before))) or "(?!)"
        after = "|".join(map(re.escape, (fold(w) for w in sms.claim_markers.after))) or "(?!)"
        self._body = re.compile(
            rf"(?:{before})[^,。!?;\n]{{0,6}}?(?P<a>{alternatives})"
            rf"|(?P<b>{alternatives})[^,。!?;\n]{{0,3}}?(?:{after})"
        )
        self._numbers = {n: org for org in sms.orgs for n in org.numbers}

    def find(self, folded: Folded, evidence: Evidence, sender: str | None) -> Claim | None:
        """The first claim: a signature, else the body, else a known sender number."""
        for signature in evidence.signatures:
            for word, org in self._signatures:
                if word in signature.name:
                    return Claim(org, signature.text, signature.start, signature.end, "signature")
        found = self._body.search(folded.text)
        if found is not None:
            group = "a" if found.group("a") else "b"
            org = self._by_name[found.group(group)]
            return Claim(org, folded.source(*found.span(group)), *found.span(), "body")
        shown = classify_number(fold_for_matching(sender).text, sender=True) if sender else None
        by_number = self._numbers.get(shown.number) if shown is not None else None
        if by_number is not None and sender is not None:
            return Claim(by_number, sender.strip(), -1, -1, "sender")
        return None


@dataclass(frozen=True, slots=True)
class _Request:
    channel: str
    text: str
    start: int
    end: int


class ChannelChecker:
    """The ``channel`` signals: requests that leave the claimed organisation's channels."""

    def __init__(self, sms: SmsFile, fold: Callable[[str], str]) -> None:
        self._signals: dict[str, SmsSignal] = {
            s.channel: s for s in sms.signals if s.field == "channel" and s.channel
        }
        self._public = frozenset(sms.public_numbers)
        self._apps = {org.id: tuple(fold(a) for a in (*org.apps, *org.claims)) for org in sms.orgs}

    def check(
        self, folded: Folded, evidence: Evidence, claim: Claim, fired: frozenset[str]
    ) -> list[Hit]:
        """One hit per kind of request that leaves ``claim.org``'s own channels.

        ``fired`` are the signals seen so far: a collection agency's own number
        (``collector_claim``, ``agency_signature``) leaves no channel, and a court's
        landline is its own only beside a case number (a real court notice names its case).
        """
        org = claim.org
        agency = bool(fired & _AGENCY)
        landline_ok = org.landlines and bool(fired & _CASE)
        hits: list[Hit] = []
        seen: set[str] = set()
        requests = list(self._requests(folded, evidence, org, agency=agency, landline=landline_ok))
        if claim.via == "sender":
            requests.append(_Request("sender", claim.text, -1, -1))
        for request in requests:
            signal = self._signals.get(request.channel)
            if signal is None or request.channel in seen:
                continue
            seen.add(request.channel)
            hits.append(
                Hit(
                    signal,
                    request.text,
                    request.start,
                    request.end,
                    _explain(signal, claim, request.text),
                )
            )
        return hits

    def _requests(
        self, folded: Folded, evidence: Evidence, org: Org, *, agency: bool, landline: bool
    ) -> Iterable[_Request]:
        text = folded.text
        judge_links = org.strict and (bool(org.domains) or not org.sends_links)
        for link in evidence.links if judge_links else ():
            own = link.org == org.id or (
                link.kind in ("court", "gov") and org.kind in ("court", "police", "credit_bureau")
            )
            if not own:
                yield _Request("link", link.text, link.start, link.end)
        for phone in evidence.phones:
            if phone.start < 0 or not phone.called:
                continue
            if self._own_number(phone.number, org) or (landline and phone.kind == "landline"):
                yield _Request("own_number", phone.text, phone.start, phone.end)
            elif phone.number in self._public or phone.kind not in org.callbacks:
                continue  # 110, 12321, 96110: help lines; or a kind of number it may use
            elif not agency:
                yield _Request("number", phone.text, phone.start, phone.end)
        for card in evidence.cards:
            if not card.masked and card.start >= 0:
                yield _Request("account", card.text, card.start, card.end)
        for contact in evidence.contact_ids:
            yield _Request("contact", contact.text, contact.start, contact.end)
        for email in evidence.emails:
            if email.masked or registrable_domain(email.domain) in org.domains:
                continue
            if _MAIL.search(text, max(0, email.start - 12), email.start):
                yield _Request("contact", email.text, email.start, email.end)
        for found in _APP.finditer(text):
            name = found.group("name")
            if any(s in name for s in _SCREEN_APPS):
                continue  # screen_share_app says this already
            if not any(own in name or name in own for own in self._apps[org.id]):
                yield _Request("app", folded.source(*found.span()), *found.span())

    @staticmethod
    def _own_number(number: str, org: Org) -> bool:
        if number in org.numbers:
            return True
        # an area code before a service number: 0571-12368, 021-95588
        return any(
            number.endswith(own) and re.fullmatch(r"0\d{2,3}", number[: -len(own)])
            for own in org.numbers
        )


def _explain(signal: SmsSignal, claim: Claim, asked: str) -> Text:
    org = claim.org
    values_zh = {
        "claimed": claim.text,
        "name": org.name.zh_hans,
        "asked": asked,
        "official": org.channel.zh_hans,
    }
    values_en = {
        "claimed": claim.text,
        "name": org.name.en,
        "asked": asked,
        "official": org.channel.en,
    }
    return Text.model_validate(
        {
            "zh-Hans": signal.explain.zh_hans.format(**values_zh),
            "en": signal.explain.en.format(**values_en),
        }
    )
