"""The verdict on one SMS: what it looks like, how risky, what it implies, and why.

``decide`` turns the signals that fired into a verdict by the thresholds of ``sms.yaml``
(see the comment at the top of that file); ``Verdict.to_json`` gives exactly the fields
of DESIGN.md "SMS verdicts" plus ``why``, ``scores`` and ``evidence``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from bot.knowledge.base import localize
from bot.knowledge.model import Lang, Text
from bot.knowledge.sms_model import SmsFile, Weight, WhyId
from bot.sms.claims import Claim, Proof
from bot.sms.extract import Evidence
from bot.sms.rules import Hit

if TYPE_CHECKING:
    from bot.sms.model import ModelOpinion

__all__ = ["Scores", "SignalHit", "Verdict", "VerdictKind", "decide"]

FactValue = str | tuple[str, ...]


class VerdictKind(StrEnum):
    """What an SMS looks like (DESIGN.md contract values)."""

    SCAM = "scam"
    OFFICIAL_NOTICE = "official_notice"
    COLLECTION = "collection"
    UNCLEAR = "unclear"


@dataclass(frozen=True, slots=True)
class SignalHit:
    """A signal seen in the SMS: its ID, the text as written, and why it matters.
    ``start == end == 0`` for a signal seen in the sender number, not in the text."""

    id: str
    text: str
    explain: Text
    weight: Weight
    start: int
    end: int
    mark: bool = True
    """Whether a card marks the matched text as the dangerous part."""


@dataclass(frozen=True, slots=True)
class Scores:
    """The summed weights of the signals that fired."""

    scam: int
    official: int
    collection: int


@dataclass(frozen=True)
class Verdict:
    """The analysis of one SMS. ``facts`` uses the fact and option IDs of DESIGN.md."""

    verdict: VerdictKind
    risk: int
    signals: tuple[SignalHit, ...]
    facts: Mapping[str, FactValue]
    addressed_name: str | None
    why: Text | None
    scores: Scores
    evidence: Evidence
    text: str
    truncated: bool = False
    model: ModelOpinion | None = None
    """Set when the statistical layer lifted an ``unclear`` verdict (see bot.sms.model)."""
    claimed_org: str | None = None
    """The ``sms.yaml`` → ``orgs`` id the message claims to come from, if any."""
    org_kind: str | None = None
    """That organisation's kind (``bank``, ``court``, ``lender`` …), for the advice."""
    refused: frozenset[str] = frozenset()
    """Verdicts the guards refuse this message whatever the scores (``official_notice``,
    ``collection``; ``scam`` for a plain notice that asks nothing): the statistical layer
    may not lift it to one of them either."""

    def signal_ids(self) -> list[str]:
        """The IDs of the signals seen: requests off a claimed channel first, then in
        ``sms.yaml`` order."""
        return [s.id for s in self.signals]

    def engine_facts(self) -> dict[str, str | frozenset[str]]:
        """``facts`` in the engine's shape (``red_flags`` as a frozenset), with the verdict
        itself as the fact ``sms_verdict``: it ranks the causes too."""
        facts = {k: frozenset(v) if isinstance(v, tuple) else v for k, v in self.facts.items()}
        return {**facts, "sms_verdict": self.verdict.value}

    def to_json(self, lang: Lang = Lang.ZH_HANS) -> dict[str, Any]:
        """DESIGN.md's verdict fields (verdict, risk, signals, facts, addressed_name) and more."""
        return {
            "verdict": self.verdict.value,
            "risk": self.risk,
            "signals": [
                {"id": s.id, "text": s.text, "explain": localize(s.explain, lang)}
                for s in self.signals
            ],
            "facts": {k: list(v) if isinstance(v, tuple) else v for k, v in self.facts.items()},
            "addressed_name": self.addressed_name,
            "why": localize(self.why, lang) if self.why is not None else None,
            "scores": {
                "scam": self.scores.scam,
                "official": self.scores.official,
                "collection": self.scores.collection,
            },
            "evidence": self.evidence.to_json(),
            "truncated": self.truncated,
            "model": self.model.to_json() if self.model is not None else None,
            "claimed_org": self.claimed_org,
        }


def decide(
    sms: SmsFile,
    hits: Sequence[Hit],
    evidence: Evidence,
    sender_kind: str | None,
    source_span: Callable[[Hit], tuple[int, int]],
    text: str,
    truncated: bool,
    claim: Claim | None = None,
    proof: Proof | None = None,
) -> Verdict:
    """The verdict for the signals ``hits`` fired on an SMS with ``evidence``.

    Scores alone never make a message an ``official_notice``: it also needs ``proof`` that
    it keeps to its sender's own channels (see ``bot.sms.claims.Proof``); without it the
    message is ``unclear``, and the explanation says what could not be checked.
    """
    scores = Scores(
        scam=sum(h.signal.weight.scam for h in hits),
        official=sum(h.signal.weight.official for h in hits),
        collection=sum(h.signal.weight.collection for h in hits),
    )
    kind, why = _classify(sms, _own_reminder(sms, scores, hits, claim, proof), hits, text=text)
    if kind is VerdictKind.OFFICIAL_NOTICE and proof is not None and not proof.official:
        kind, why = VerdictKind.UNCLEAR, _unproven(sms, hits, proof)
    official_bar = _official_bar(sms, hits, proof)
    collection_bar = _collection_bar(sms, hits, evidence, claim)
    if kind is VerdictKind.OFFICIAL_NOTICE and official_bar:
        kind, why = VerdictKind.UNCLEAR, _barred(sms, "guard_official", official_bar)
    elif kind is VerdictKind.COLLECTION and collection_bar:
        kind, why = VerdictKind.UNCLEAR, _barred(sms, "guard_collection", collection_bar)
    # Whatever the scores, no verdict may call it genuine when it leaves its sender's
    # channels or came from a personal number (``Proof``): the statistical layer neither.
    unproven = () if proof is None else (*proof.off, *(("personal",) * proof.personal_sender))
    # nor may the statistical layer vouch for an offer that scammers word as lenders do
    unvouched = [h.signal.id for h in hits if h.signal.id in sms.guards.unvouched]
    refused = frozenset(
        k.value
        for k, bar in (
            (VerdictKind.OFFICIAL_NOTICE, (*official_bar, *unproven, *unvouched)),
            (VerdictKind.COLLECTION, collection_bar),
            (VerdictKind.SCAM, () if _asks_anything(sms, hits, evidence) else ("plain",)),
        )
        if bar
    )
    floor = next((v for k, v in sms.risk_floor.items() if k == kind.value), 0)
    risk = max(floor, min(100, max(0, scores.scam)))
    signals = tuple(
        SignalHit(
            h.signal.id,
            h.text,
            h.explain or h.signal.explain,
            h.signal.weight,
            *source_span(h),
            mark=h.signal.mark,
        )
        for h in hits
    )
    name = evidence.name.text if evidence.name is not None else None
    return Verdict(
        verdict=kind,
        risk=risk,
        signals=signals,
        facts=_facts(hits, evidence, sender_kind, has_name=name is not None),
        addressed_name=name,
        why=why,
        scores=scores,
        evidence=evidence,
        text=text,
        truncated=truncated,
        claimed_org=claim.org.id if claim is not None else None,
        org_kind=claim.org.kind if claim is not None else None,
        refused=refused,
    )


def _own_reminder(
    sms: SmsFile,
    scores: Scores,
    hits: Sequence[Hit],
    claim: Claim | None,
    proof: Proof | None,
) -> Scores:
    """The scores to classify by: without the collection points of ``guards.reminders``
    when the message is the claimed lender's or bank's own reminder.

    "【京东金融】您的金条借款已逾期3天…请尽快登录京东金融App还款" says what a collector
    says, but it claims the lender itself and keeps to its channels (``Proof.official``: its
    app, its number, or nothing asked, and no scam signal): that is the lender's notice. A
    lender ``orgs`` does not list claims itself by the 【signature】 its template carries
    ("【乐享借】您的借款已逾期3天…如有疑问请致电400-…"), but not when it quotes another
    organisation's number ("【信韵融】…详询95188": 95188 is Alipay's, not its own). Any other
    collection signal (an agency, a threat to tell your family, a debt to pass on) keeps the
    points.
    """
    reminders = frozenset(sms.guards.reminders)
    pressing = [h for h in hits if h.signal.weight.collection > 0]
    # an unlisted lender claims itself by the 【signature】 its own template carries
    # (``Proof.quotes_listed``: not when it quotes another organisation's number)
    signed = any(h.signal.field == "signature" and h.signal.weight.official > 0 for h in hits)
    signed = signed and proof is not None and not proof.quotes_listed
    if (
        (claim is None and not signed)
        or proof is None
        or not proof.official
        or not pressing
        or any(h.signal.id not in reminders for h in pressing)
    ):
        return scores
    return Scores(scam=scores.scam, official=scores.official, collection=0)


def _official_bar(sms: SmsFile, hits: Sequence[Hit], proof: Proof | None) -> tuple[str, ...]:
    """What keeps a message from being called genuine even if it reads like a notice.

    A request that sends the reader somewhere (click, install, verify, reply…) is allowed
    only beside positive proof of the claimed organisation's own channel (its domain, its
    number, "open its app", a code SMS's own warning). A message that asks for nothing
    needs no such proof (a plain transaction alert, bill or parcel notice), but any scam
    signal, unverifiable link, number, account or contact still bars it (``Proof``).
    """
    requests = frozenset(sms.guards.official_requests)
    asked = tuple(dict.fromkeys(h.text for h in hits if h.signal.id in requests))
    if proof is None or proof.own:
        return ()
    return asked


def _collection_bar(
    sms: SmsFile, hits: Sequence[Hit], evidence: Evidence, claim: Claim | None
) -> tuple[str, ...]:
    """What keeps a message from being called collection: anything scam-shaped.

    A collector may press (``collection_pressure``) but never asks for a link outside the
    lender's own domain, a card number to pay into, a chat contact or e-mail, a fee, a
    "closed channel" or credit repair: those make it a scam or ``unclear``.
    """
    pressure = frozenset(sms.guards.collection_pressure)
    forbid = frozenset(sms.guards.collection_forbid)
    barred = [
        h.text
        for h in hits
        if (h.signal.weight.scam > 0 and h.signal.id not in pressure) or h.signal.id in forbid
    ]
    own = claim.org.id if claim is not None else None
    barred += [x.text for x in evidence.links if x.org is None or x.org != own]
    barred += [c.text for c in evidence.cards if not c.masked and c.start >= 0]
    barred += [c.text for c in evidence.contact_ids]
    barred += [e.text for e in evidence.emails if e.requested and not e.masked]
    return tuple(dict.fromkeys(barred))


def _asks_anything(sms: SmsFile, hits: Sequence[Hit], evidence: Evidence) -> bool:
    """Whether the message asks for anything or shows any red flag.

    A plain notice (an amount, a balance, a due date, a parcel waiting) that asks for
    nothing and fires no scam signal is never called a scam by the statistical layer: a
    scam needs the reader to do something. A persona alone (``guards.personas``: "I am your
    mum, your boss") is not a request, nor is a statement alone (``guards.statements``:
    "your limit has been frozen").
    """
    requests = frozenset((*sms.guards.official_requests, *sms.guards.asks))
    personas = frozenset((*sms.guards.personas, *sms.guards.statements))
    if any(
        (h.signal.weight.scam > 0 and h.signal.id not in personas) or h.signal.id in requests
        for h in hits
    ):
        return True
    return bool(
        evidence.links
        or any(p.called for p in evidence.phones)
        or any(not c.masked and c.start >= 0 for c in evidence.cards)
        or evidence.contact_ids
        or any(e.requested for e in evidence.emails)
    )


def _barred(sms: SmsFile, key: WhyId, barred: tuple[str, ...]) -> Text:
    template = sms.why[key]
    return Text.model_validate(
        {
            "zh-Hans": template.zh_hans.format(asked="、".join(barred)),
            "en": template.en.format(asked=", ".join(barred)),
        }
    )


def _classify(
    sms: SmsFile, scores: Scores, hits: Sequence[Hit], *, text: str = ""
) -> tuple[VerdictKind, Text | None]:
    limits = sms.thresholds
    if scores.scam >= limits.scam:
        return VerdictKind.SCAM, None
    lead: VerdictKind | None = None
    if scores.official >= limits.official and scores.official - scores.collection >= limits.margin:
        lead = VerdictKind.OFFICIAL_NOTICE
    elif (
        scores.collection >= limits.collection
        and scores.collection - scores.official >= limits.margin
    ):
        lead = VerdictKind.COLLECTION
    if lead is not None and scores.scam < limits.suspicious:
        return lead, None
    return VerdictKind.UNCLEAR, _why(sms, scores, hits, text=text)


_LONG = 40
"""A message of this many letters, digits and CJK characters (not emoji, punctuation or white
space) did not say too little: when no rule can place it and nothing suspicious fired, it is
one the rules do not know (``why`` → ``unfamiliar``)."""


def _why(sms: SmsFile, scores: Scores, hits: Sequence[Hit], *, text: str = "") -> Text:
    """Which rules disagreed (or that too little was seen, or that a long message is of a
    kind the rules do not know), with the texts that fired them."""
    limits = sms.thresholds

    def seen(keep: Callable[[Weight], bool]) -> tuple[str, str]:
        texts = list(dict.fromkeys(h.text for h in hits if keep(h.signal.weight)))
        return ("、".join(texts) or "—", ", ".join(texts) or "—")

    scam = seen(lambda w: w.scam > 0)
    # "Parts that look normal" are only the official-looking ones: a threat, an overdue
    # claim or a demand to pay is never offered as reassurance.
    other = seen(lambda w: w.official > 0 and w.scam <= 0 and w.collection <= 0)
    key: WhyId
    if scores.scam >= limits.suspicious and other[0] == "—":
        key, values = "weak", {"scam": scam}
    elif scores.scam >= limits.suspicious:
        key, values = "suspicious", {"scam": scam, "other": other}
    elif min(scores.official, scores.collection) > 0 and (
        scores.official >= limits.official or scores.collection >= limits.collection
    ):
        key = "tie"  # one side reached its threshold but did not lead by the margin
        values = {
            "official": seen(lambda w: w.official > 0),
            "collection": seen(lambda w: w.collection > 0),
        }
    else:
        # "nothing matches a scam I know" only when no scam point fired at all
        unknown = scam[0] == "—" and sum(c.isalnum() for c in text) >= _LONG
        key, values = "unfamiliar" if unknown else "too_little", {"seen": seen(lambda w: True)}
    template = sms.why[key]
    zh = template.zh_hans.format(**{k: v[0] for k, v in values.items()})
    en = template.en.format(**{k: v[1] for k, v in values.items()})
    return Text.model_validate({"zh-Hans": zh, "en": en})


def _unproven(sms: SmsFile, hits: Sequence[Hit], proof: Proof) -> Text:
    """Why a message that reads like a notice is not called one."""
    # as in ``_why``: only official-looking parts, never a threat or a demand to pay
    official = list(
        dict.fromkeys(
            h.text
            for h in hits
            if h.signal.weight.official > 0
            and h.signal.weight.scam <= 0
            and h.signal.weight.collection <= 0
        )
    )
    values = {"official": ("、".join(official) or "—", ", ".join(official) or "—")}
    key: WhyId
    if proof.off:
        key = "unverified"
        values["off"] = ("、".join(proof.off), ", ".join(proof.off))
    elif proof.personal_sender:
        key = "personal_sender"
    else:
        key = "signature_only"
    template = sms.why[key]
    zh = template.zh_hans.format(**{k: v[0] for k, v in values.items()})
    en = template.en.format(**{k: v[1] for k, v in values.items()})
    return Text.model_validate({"zh-Hans": zh, "en": en})


def _facts(
    hits: Sequence[Hit],
    evidence: Evidence,
    sender_kind: str | None,
    *,
    has_name: bool,
) -> dict[str, FactValue]:
    """The facts the SMS implies. ``red_flags`` only lists flags seen: an SMS never shows
    that there were none (a call or a chat may have asked more), so the bot asks."""
    facts: dict[str, FactValue] = {}
    sender = _sender(hits, sender_kind)
    if sender is not None:
        facts["sender"] = sender
    flags = [h.signal.red_flag for h in hits if h.signal.red_flag is not None]
    if flags:
        facts["red_flags"] = tuple(dict.fromkeys(flags))
    if evidence.platforms:
        facts["loan"] = evidence.platforms[0].loan
    if not has_name:
        facts["addressed_to"] = "no_name"
    return facts


_PERSONAL = frozenset({"mobile", "landline"})


def _sender(hits: Sequence[Hit], sender_kind: str | None) -> str | None:
    """Who the SMS appears to come from: the signature first, then claims, then the number.

    A lender's signature on a message sent from a personal mobile or landline does not make
    the sender official: the number is what the person saw, and lenders send from service
    numbers. A legal claim (law firm, court, police) is reported whatever the number.
    """
    by_signature = [h.signal.sender for h in hits if h.signal.field == "signature"]
    if "legal_claim" in by_signature:
        return "legal_claim"
    if "official" in by_signature and sender_kind not in _PERSONAL:
        return "official"
    if any(h.signal.sender == "legal_claim" for h in hits):
        return "legal_claim"
    return sender_kind
