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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.knowledge.model import Text
from bot.knowledge.sms_model import Org, SmsFile, SmsSignal
from bot.sms.extract import Evidence
from bot.sms.numbers import classify_number
from bot.sms.rules import Hit
from bot.sms.text import Folded, fold_for_matching
from bot.sms.urls import Link, registrable_domain

__all__ = ["Claim", "ClaimFinder", "ChannelChecker", "Proof"]

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
        selves = sorted(
            ((fold(word), org) for org in sms.orgs for word in org.self_names),
            key=lambda pair: len(pair[0]),
            reverse=True,
        )
        self._by_self = {word: org for word, org in reversed(selves)}
        self._self = (
            re.compile("|".join(re.escape(word) for word, _ in selves)) if selves else None
        )

    def find(self, folded: Folded, evidence: Evidence, sender: str | None) -> Claim | None:
        """The first claim: a signature, else the body (a marked claim, then an org speaking
        of itself: 我行), else a known sender number."""
        for signature in evidence.signatures:
            for word, org in self._signatures:
                if word in signature.name:
                    return Claim(org, signature.text, signature.start, signature.end, "signature")
        found = self._body.search(folded.text)
        if found is not None:
            group = "a" if found.group("a") else "b"
            org = self._by_name[found.group(group)]
            return Claim(org, folded.source(*found.span(group)), *found.span(), "body")
        itself = self._self.search(folded.text) if self._self is not None else None
        if itself is not None:
            org = self._by_self[itself.group()]
            return Claim(org, folded.source(*itself.span()), *itself.span(), "body")
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


@dataclass(frozen=True, slots=True)
class Proof:
    """Whether a message that reads like a notice keeps to its sender's own channels.

    ``own`` are the texts that show it does (a link on the claimed organisation's domain,
    its own number, "open the app"); ``off`` those that leave its channels or cannot be
    checked (another link or number, an account, a contact, a scam signal). ``asks_nothing``:
    no link, number to call, account, contact or app at all. ``personal_sender``: it was
    sent from a personal mobile or landline, which no organisation's notices come from.
    """

    own: tuple[str, ...]
    off: tuple[str, ...]
    asks_nothing: bool
    personal_sender: bool
    has_content: bool
    """Whether anything besides a signature or a sender number looks official."""
    quotes_listed: bool = False
    """Whether it quotes a number of an organisation of ``orgs`` or of ``numbers.official``
    (95188, 95533…): an unlisted lender that does is not writing from its own template."""

    @property
    def official(self) -> bool:
        """Whether the message may be called an ``official_notice``."""
        if self.off or self.personal_sender or not self.has_content:
            return False
        return bool(self.own) or self.asks_nothing


_PERSONAL = frozenset({"mobile", "landline"})
_NOT_CONTENT = frozenset({"signature", "channel"})
_CONTENT_CHANNELS = frozenset({"own_app", "own_number"})
"""Channel signals the text itself shows (its own app named, its own number quoted): content,
unlike the sender number (``sender``), which only says where the message seems to come from."""
_PROOF_LINKS = frozenset({"official", "court", "gov", "org"})
_SERVICE = frozenset({"official", "court", "service"})
"""Numbers only an organisation can hold (95xxx, 12xxx): a message claiming no one may give one."""


class ChannelChecker:
    """The ``channel`` signals: requests that leave the claimed organisation's channels."""

    def __init__(self, sms: SmsFile, fold: Callable[[str], str]) -> None:
        self._signals: dict[str, SmsSignal] = {
            s.channel: s for s in sms.signals if s.field == "channel" and s.channel
        }
        self._public = frozenset(sms.public_numbers)
        self._proof_signals = frozenset(sms.official_proof)
        self._stories = frozenset(sms.guards.stories)
        self._statements = frozenset(sms.guards.statements)
        self._own_channel = frozenset(sms.guards.own_channel)
        self._offered = frozenset(sms.guards.offered)
        self._org_numbers = frozenset(n for org in sms.orgs for n in org.numbers)
        self._listed = self._org_numbers | frozenset(sms.numbers.official)
        self._apps = {org.id: tuple(fold(a) for a in (*org.apps, *org.claims)) for org in sms.orgs}
        self._in_own_app = {
            org.id: re.compile(
                "(?:"
                + "|".join(re.escape(fold(v)) for v in sms.own_app_verbs)
                + r")[^,。!?;\n]{0,3}?(?:"
                + "|".join(re.escape(fold(a)) for a in org.apps)
                + ")"
            )
            for org in sms.orgs
            if org.apps
        }
        # The stricter form a story needs before it is dropped (``drop_stories``, ``_to_app``).
        self._to_own_app = {org.id: _to_app(org.apps, fold) for org in sms.orgs if org.apps}

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
            if phone.masked:
                # a number with masked digits is nobody's own: a request of the kind it shows
                if phone.kind in org.callbacks and not agency:
                    yield _Request("number", phone.text, phone.start, phone.end)
                continue
            if self._own_number(phone.number, org) or (landline and phone.kind == "landline"):
                yield _Request("own_number", phone.text, phone.start, phone.end)
            elif phone.number in self._public or phone.kind not in org.callbacks:
                continue  # 110, 12321, 96110: help lines; or a kind of number it may use
            elif not org.numbers and _overseas_line(phone.number):
                continue  # a Taiwan bank's own 02-2383-1000: no mainland number has that shape
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
            if email.requested:
                yield _Request("contact", email.text, email.start, email.end)
        for found in _APP.finditer(text):
            name = found.group("name")
            if any(s in name for s in _SCREEN_APPS):
                continue  # screen_share_app says this already
            if not any(own in name or name in own for own in self._apps[org.id]):
                yield _Request("app", folded.source(*found.span()), *found.span())
        to_app = self._to_own_app.get(org.id)
        found_app = to_app.search(text) if to_app is not None else None
        if found_app is not None:
            yield _Request("own_app", folded.source(*found_app.span()), *found_app.span())

    def drop_stories(
        self,
        evidence: Evidence,
        claim: Claim | None,
        hits: list[Hit],
        sender_kind: str | None,
        folded: Folded,
    ) -> list[Hit]:
        """``hits`` without the scam stories of ``guards.stories`` when the message leads
        only to the claimed organisation's own channel (with no claim: a counter to visit, a
        gov.cn link): one of ``guards.own_channel`` fired, and with
        the stories left out nothing leaves its channels (no other link, number to call,
        card, contact or scam signal but a statement of ``guards.statements``). A story that
        sends you to the real bank's app or hotline does no harm ("积分将清零，请登录中国移动App
        兑换")."""
        if not any(h.signal.id in self._stories for h in hits):
            return hits
        if not any(h.signal.id in self._own_channel for h in hits):
            return hits
        rest = [h for h in hits if h.signal.id not in self._stories]
        # a statement ("账户已停用") stays and still counts, but it asks for nothing: it does
        # not show that the message leaves the channel
        asks = [h for h in rest if h.signal.id not in self._statements]
        if self.proof(evidence, claim, asks, sender_kind, folded).off:
            return hits
        return rest

    def proof(
        self,
        evidence: Evidence,
        claim: Claim | None,
        hits: Iterable[Hit],
        sender_kind: str | None,
        folded: Folded | None = None,
    ) -> Proof:
        """The proof (or its absence) that a message keeps to its sender's own channels.

        A signature or a sender number is never proof: both are forged. Every scam signal,
        and every link, number to call, card number, contact or app outside the claimed
        organisation's channels, counts against it; with no claim, only a link on a known
        organisation's domain and a service or help-line number are checkable.
        """
        fired = list(hits)
        ids = frozenset(h.signal.id for h in fired)
        own: list[str] = [h.text for h in fired if h.signal.id in self._proof_signals]
        off: list[str] = [h.text for h in fired if h.signal.weight.scam > 0]
        org = claim.org if claim is not None else None
        in_app = self._in_own_app.get(org.id) if org is not None else None
        found = in_app.search(folded.text) if in_app is not None and folded is not None else None
        if found is not None:
            own.append(folded.source(*found.span()) if folded is not None else found.group())
        for link in evidence.links:
            (own if self._own_link(link, org) else off).append(link.text)
        landline_ok = org is not None and org.landlines and bool(ids & _CASE)
        # a help line an unlisted sender offers for questions (``guards.offered``) is no request
        offers = (
            [(h.start, h.end) for h in fired if h.signal.id in self._offered]
            if org is None
            else []
        )
        called = [
            p
            for p in evidence.phones
            if p.called and not any(a <= p.start and p.end <= b for a, b in offers)
        ]
        for phone in called:
            if phone.masked:
                off.append(phone.text)  # masked digits: no one can check whose it is
                continue
            if phone.number in self._public:
                # a public help line (110, 96110, 12122, 12345…): calling it reaches no one
                # but the public body, so it keeps the reader on a checkable channel
                own.append(phone.text)
                continue
            mine = (
                self._own_number(phone.number, org)
                or (landline_ok and phone.kind == "landline")
                # an org whose numbers are not listed (any bank): a service number, as unclaimed
                or (not org.numbers and phone.kind in _SERVICE)
                or (not org.numbers and _overseas_line(phone.number))
                if org is not None
                else phone.number in self._org_numbers or phone.kind in _SERVICE
            )
            (own if mine else off).append(phone.text)
        off += [c.text for c in evidence.cards if not c.masked and c.start >= 0]
        off += [c.text for c in evidence.contact_ids]
        off += [e.text for e in evidence.emails if e.requested and not e.masked]
        asks = bool(evidence.links or called or off)
        return Proof(
            own=tuple(dict.fromkeys(own)),
            off=tuple(dict.fromkeys(off)),
            asks_nothing=not asks,
            personal_sender=sender_kind in _PERSONAL,
            has_content=any(
                h.signal.weight.official > 0
                and (h.signal.field not in _NOT_CONTENT or h.signal.channel in _CONTENT_CHANNELS)
                for h in fired
            ),
            quotes_listed=any(p.number in self._listed for p in evidence.phones),
        )

    @staticmethod
    def _own_link(link: Link, org: Org | None) -> bool:
        if org is None:
            return link.kind in _PROOF_LINKS
        if link.org == org.id:
            return True
        return link.kind in ("court", "gov") and org.kind in ("court", "police", "credit_bureau")

    @staticmethod
    def _own_number(number: str, org: Org) -> bool:
        if number in org.numbers:
            return True
        # an area code before a service number: 0571-12368, 021-95588
        return any(
            number.endswith(own) and re.fullmatch(r"0\d{2,3}", number[: -len(own)])
            for own in org.numbers
        )


def _to_app(apps: Sequence[str], fold: Callable[[str], str]) -> re.Pattern[str]:
    """Text that sends the reader into one of ``apps`` ("登录/打开支付宝", or "通过/在/使用中国
    电信App"); "在我们京东平台开通过白条" only names the organisation."""
    names = "|".join(re.escape(fold(a)) for a in apps)
    return re.compile(
        rf"(?:登录|打开|进入|前往)[^,。!?;\n]{{0,3}}?(?:{names})"
        rf"|(?:通过|在|使用|用)[^,。!?;\n]{{0,3}}?(?:{names})[^,。!?;\n]{{0,4}}?(?:app|客户端|手机银行|-|—|>)"
    )


_OVERSEAS_LINE = re.compile(r"0[2-8]\d{8}")


def _overseas_line(number: str) -> bool:
    """Whether ``number`` has the shape of a Taiwan landline or 0800 line (0 and nine more
    digits: 02-2383-1000, 0800-031-115). A mainland landline with its area code has 11 or 12
    digits (010-…, 0571-…), so this is the service line of a bank abroad, as its own notices
    give it; it counts as the bank's own only for an organisation with no listed numbers."""
    return _OVERSEAS_LINE.fullmatch(number) is not None


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
