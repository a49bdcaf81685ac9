"""The schema of ``sms.yaml``: the SMS analyzer's signals, thresholds, hosts, names and texts.

Each model mirrors one YAML node. Regular expressions are compiled once, on first use (the
checks compile them all); a pattern that does not compile is kept as its error message and
reported by ``sms_checks`` with its file, line and node, so a broken file never reaches the
analyzer.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    model_validator,
)

from bot.knowledge.model import Ident, Text, UiText

__all__ = [
    "HOST_KINDS",
    "VERDICT_IDS",
    "WHY_IDS",
    "Alias",
    "ClaimMarkers",
    "HostKind",
    "Guards",
    "Hosts",
    "IntakeWords",
    "NameRules",
    "Numbers",
    "Org",
    "OrgKind",
    "Platform",
    "Report12321",
    "SmsAdvice",
    "SmsFile",
    "SmsSignal",
    "Thresholds",
    "VerdictId",
    "Weight",
    "WhyId",
    "compile_pattern",
]

VerdictId = Literal["scam", "official_notice", "collection", "unclear"]
VERDICT_IDS: tuple[VerdictId, ...] = get_args(VerdictId)
WhyId = Literal[
    "suspicious",
    "weak",
    "tie",
    "too_little",
    "unfamiliar",
    "unverified",
    "personal_sender",
    "signature_only",
    "guard_official",
    "guard_collection",
]
WHY_IDS: tuple[WhyId, ...] = get_args(WhyId)
HostKind = Literal["official", "court", "gov", "org", "shortener", "lookalike", "risky", "other"]
HOST_KINDS: tuple[HostKind, ...] = get_args(HostKind)

NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Lower = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True, to_lower=True)]


class _Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


def compile_pattern(pattern: str) -> re.Pattern[str] | str:
    """The compiled pattern, or the compiler's message when it does not compile."""
    try:
        return re.compile(pattern)
    except re.error as exc:
        return str(exc)


class Weight(_Node):
    """How far one signal pushes towards each verdict (points; negative pulls away)."""

    scam: int = Field(default=0, ge=-200, le=200)
    official: int = Field(default=0, ge=-200, le=200)
    collection: int = Field(default=0, ge=-200, le=200)


class _Patterned(_Node):
    """A node with regex ``patterns``, compiled once, on first use.

    Not at load (s6-startup): a start-up that takes the checked knowledge from its cache
    (``bot.knowledge.cache``) compiles them when the SMS analyzer is built, after polling
    has started; the compiled patterns are not pickled.
    """

    patterns: list[NonEmpty] = Field(default_factory=list)
    _compiled: tuple[re.Pattern[str] | str, ...] | None = PrivateAttr(default=None)

    @property
    def compiled(self) -> tuple[re.Pattern[str] | str, ...]:
        """Each pattern compiled, or its compile error (``sms_checks`` refuses those)."""
        if self._compiled is None:
            self._compiled = tuple(compile_pattern(p) for p in self.patterns)
        return self._compiled

    def __eq__(self, other: object) -> bool:
        """The fields alone: whether the patterns were compiled yet makes no difference."""
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __getstate__(self) -> dict[Any, Any]:
        state = super().__getstate__()
        if state.get("__pydantic_private__"):
            state["__pydantic_private__"] = {**state["__pydantic_private__"], "_compiled": None}
        return state


class SmsSignal(_Patterned):
    """One thing the analyzer can see in an SMS, why it matters, and on what authority.

    ``field`` says where the patterns look: the whole ``text``, the 【signature】, or the
    ``url`` list (then ``hosts`` names the URL kinds that fire it, and ``disguised: true``
    keeps only links whose dots were spelled to dodge filters, "xx . top", "xx点com").
    ``requires`` keeps the signal only when one of the listed signals fired too. A
    ``negatable`` match is ignored when a negation (``不会``, ``切勿`` …) precedes it in the
    same clause.

    A ``channel`` signal is not matched by patterns: it fires when the message claims to be
    an organisation of ``orgs`` and asks for something outside that organisation's own
    channels (``channel`` says which kind of request); its ``explain`` may use
    ``{claimed}`` (the claim as written), ``{name}`` (the organisation), ``{asked}`` (the
    request as written) and ``{official}`` (the organisation's own channels). ``unless``
    drops the signal when one of the listed signals fired too. ``mark: false`` keeps a
    card from marking the matched text as dangerous (a topic word, not the danger itself).
    """

    id: Ident
    field: Literal["text", "signature", "url", "channel"] = "text"
    channel: (
        Literal["link", "number", "account", "contact", "app", "own_number", "own_app", "sender"]
        | None
    ) = None
    hosts: list[HostKind] = Field(default_factory=list)
    disguised: bool = False
    patterns: list[NonEmpty] = Field(default_factory=list)
    phrases: list[NonEmpty] = Field(default_factory=list)
    requires: list[Ident] = Field(default_factory=list)
    unless: list[Ident] = Field(default_factory=list)
    negatable: bool = True
    mark: bool = True
    weight: Weight = Field(default_factory=Weight)
    red_flag: Ident | None = None
    sender: Ident | None = None
    explain: Text
    sources: list[Ident] = Field(default_factory=list)


class Thresholds(_Node):
    """Where the scores turn into a verdict.

    A scam score of ``scam`` or more is a scam. Otherwise the official or collection score
    must reach its own threshold and lead the other by ``margin``; a scam score of
    ``suspicious`` or more beside such a lead makes the message ``unclear`` instead.
    ``fuzzy`` is the rapidfuzz partial-ratio cut-off for ``phrases`` of at least
    ``fuzzy_min_chars`` characters (shorter phrases must match exactly).
    """

    scam: int = Field(ge=1)
    suspicious: int = Field(ge=1)
    official: int = Field(ge=1)
    collection: int = Field(ge=1)
    margin: int = Field(ge=0)
    fuzzy: int = Field(ge=50, le=100)
    fuzzy_min_chars: int = Field(ge=2, le=40)


class Alias(_Node):
    """Evasive spellings (``薇信``, ``jie呗``) read as the word they stand for."""

    to: NonEmpty
    variants: list[NonEmpty] = Field(min_length=1)


class Hosts(_Node):
    """How link hosts are classified.

    ``official``/``court``/``shorteners`` are registrable domains; ``government`` are public
    suffixes only government bodies can register (``gov.cn``); ``brands`` are names a
    look-alike host imitates, and ``genuine`` the brands' own registrable domains that no
    ``orgs`` entry lists (12306.cn): a link there is an ``org`` link of no particular
    organisation, not a look-alike; a host on one of ``risky_tlds`` (or a bare IP address) is
    ``risky`` rather than ``other``. Registrable domains and real top-level domains come from the
    bundled Public Suffix List; ``tlds`` only adds endings newer than that list.
    """

    official: list[Lower] = Field(min_length=1)
    court: list[Lower] = Field(default_factory=list)
    government: list[Lower] = Field(default_factory=list)
    shorteners: list[Lower] = Field(default_factory=list)
    brands: list[Lower] = Field(default_factory=list)
    genuine: list[Lower] = Field(default_factory=list)
    risky_tlds: list[Lower] = Field(default_factory=list)
    tlds: list[Lower] = Field(default_factory=list)


class Numbers(_Node):
    """Sender numbers with a known owner: the lender's hotline and the courts' line."""

    official: list[NonEmpty] = Field(min_length=1)
    court: list[NonEmpty] = Field(default_factory=list)


CallbackKind = Literal["mobile", "landline", "toll_free", "service", "bulk_106"]
CALLBACK_KINDS: tuple[CallbackKind, ...] = (
    "mobile",
    "landline",
    "toll_free",
    "service",
    "bulk_106",
)
OrgKind = Literal[
    "alipay",
    "lender",
    "bank",
    "telco",
    "platform",
    "etc",
    "credit_bureau",
    "court",
    "police",
    "government",
]


class Org(_Node):
    """An organisation an SMS may claim to be, with the channels it really uses.

    ``signatures`` are words a 【signature】 of it contains; ``claims`` the names a message
    uses for it in "我是…/这里是…/…客服"; ``domains`` its registrable domains; ``numbers``
    its service numbers (also with an area code in front); ``apps`` the apps it works in;
    ``landlines``: its staff may give their own landline beside a case number (a judge).
    A link is off its channels when it is outside ``domains``; with no ``domains`` known,
    only when it ``sends_links: false`` (ETC banks send none). A ``strict: false``
    organisation (channels known only from weak sources) is never left by a link, and
    ``callbacks`` are the kinds of number it would never ask you to call (a bank's
    credit-card centre may use a 400 number; no bank asks you to call a mobile).
    ``channel`` says in words where it really talks to customers; it is quoted when a
    message leaves it.
    """

    id: Ident
    kind: OrgKind
    name: Text
    channel: Text
    signatures: list[NonEmpty] = Field(default_factory=list)
    claims: list[NonEmpty] = Field(default_factory=list)
    self_names: list[NonEmpty] = Field(default_factory=list)
    """Words that claim it anywhere in the body with no marker around them, when no
    signature or marked claim names an org: how it speaks of itself (a bank's 我行, 本行) or
    of what only it holds ("您的信用卡": the issuing bank)."""
    domains: list[Lower] = Field(default_factory=list)
    numbers: list[NonEmpty] = Field(default_factory=list)
    apps: list[NonEmpty] = Field(default_factory=list)
    landlines: bool = False
    sends_links: bool = True
    strict: bool = True
    callbacks: list[CallbackKind] = Field(default_factory=lambda: list(CALLBACK_KINDS))
    sources: list[Ident] = Field(min_length=1)


class ClaimMarkers(_Node):
    """Words around an organisation's name that make the message claim to be it:
    ``before`` ("我是", "这里是") and ``after`` ("客服", "工作人员", "民警")."""

    before: list[NonEmpty] = Field(default_factory=list)
    after: list[NonEmpty] = Field(default_factory=list)


class Platform(_Patterned):
    """A lender or product an SMS may name, and the ``loan`` fact naming it implies."""

    id: Ident
    loan: Ident
    names: list[NonEmpty] = Field(default_factory=list)
    patterns: list[NonEmpty] = Field(default_factory=list)


class NameRules(_Node):
    """How the person an SMS addresses is recognised.

    ``surnames`` is a string of single-character surnames; a candidate name must start
    with one of them (or a ``compound`` surname) or with a ``*`` mask. ``placeholders``
    and ``not_names`` (``尊敬的用户``, ``温馨提示``, ``老赖``) are never names.
    """

    surnames: NonEmpty
    compound: list[NonEmpty] = Field(default_factory=list)
    honorifics: list[NonEmpty] = Field(default_factory=list)
    greetings: list[NonEmpty] = Field(default_factory=list)
    placeholders: list[NonEmpty] = Field(default_factory=list)
    not_names: list[NonEmpty] = Field(default_factory=list)


class SmsAdvice(_Node):
    """What a verdict card says (``meaning``) and what to do (``now``) when the message
    claims an organisation of one of ``org_kinds``, instead of the Alipay texts of
    ``texts.yaml`` (``sms_is_*``, ``sms_now_*``)."""

    verdict: VerdictId
    org_kinds: list[OrgKind] = Field(default_factory=list)
    unclaimed: bool = False
    """Also for a message that claims no organisation of ``orgs`` and names no Alipay
    product (a parcel, a booking, a code SMS): the Alipay texts would not fit it."""
    meaning: Text | None = None
    now: Text
    sources: list[Ident] = Field(default_factory=list)

    @model_validator(mode="after")
    def _for_someone(self) -> SmsAdvice:
        if not self.org_kinds and not self.unclaimed:
            raise ValueError("advice needs org_kinds, unclaimed: true, or both")
        return self


class Report12321(_Node):
    """The ready-to-send report to the 12321 spam centre (DOMAIN.md §3)."""

    to: NonEmpty
    template: NonEmpty
    explain: Text
    sources: list[Ident] = Field(default_factory=list)


class IntakeWords(_Node):
    """How a pasted text shows who sent it: a line "发件人：95188" starts with one of
    ``sender_words`` (any case) and a colon."""

    sender_words: list[NonEmpty] = Field(default_factory=list)


class Guards(_Node):
    """What keeps a scam from being called genuine or collection (bot/sms/verdict.py).

    ``official_requests``: requests (click, install, verify, reply…) an ``official_notice``
    may make only beside proof of the claimed organisation's own channel.
    ``collection_pressure``: the only scam-weighted signals a ``collection`` verdict allows
    (pressure wording collectors use too); any other, and any of ``collection_forbid``,
    keeps a message from being called collection.
    """

    official_requests: list[Ident] = Field(default_factory=list)
    collection_pressure: list[Ident] = Field(default_factory=list)
    collection_forbid: list[Ident] = Field(default_factory=list)
    asks: list[Ident] = Field(default_factory=list)
    """Requests (pay, call back, reply) that, beside ``official_requests``, let the model
    lift a message to ``scam``: a message that asks nothing is never lifted there."""
    personas: list[Ident] = Field(default_factory=list)
    """Scam-weighted signals that only say who the message claims to be (a parent, a boss):
    on their own they ask for nothing, so the model does not lift "妈，我到学校了" to ``scam``."""
    statements: list[Ident] = Field(default_factory=list)
    """Signals that describe a state ("您的额度已被冻结") and ask for nothing: like
    ``personas``, alone they do not make a message ask for anything."""
    stories: list[Ident] = Field(default_factory=list)
    """Scam stories that are harmless where they lead only to the claimed organisation's
    own channel ("积分将于月底清零，请登录中国移动App兑换", "已开通…如非本人操作请拨打95588"):
    they do not count when one of ``own_channel`` fired and nothing else in the message
    leaves that organisation's channels (bot/sms/claims.py → ChannelChecker.drop_stories)."""
    reminders: list[Ident] = Field(default_factory=list)
    """What a lender's or bank's own due or overdue reminder says (逾期, 未还, 请尽快还款): in a
    message that claims the organisation and keeps to its channels (``Proof.official``),
    with no other collection signal, they do not make it ``collection``."""
    own_channel: list[Ident] = Field(default_factory=list)
    """Signals that show the claimed organisation's own channel (its number, its app by
    name, a link on its domain): a signature or a sender number never does."""
    unvouched: list[Ident] = Field(default_factory=list)
    """Offers a genuine sender and a scammer word alike ("恭喜您通过初审，可获得50000元额度"):
    the model never lifts a message with one of them to ``official_notice``, as wording alone
    cannot tell the two apart; only the rules can vouch for it, from the sender's own channel."""
    offered: list[Ident] = Field(default_factory=list)
    """Signals whose match offers a number for questions only ("如有疑问，请致电客服热线
    400-…", "详询020-…" at the end of a sentence): in a message that claims no organisation of
    ``orgs`` (an unlisted lender's own template), a number inside such a match is the sender's
    help line, not a request, and counts neither for nor against its channel
    (bot/sms/claims.py → ``Proof``). A claimed organisation's numbers are known, so there it
    still counts."""


class SmsFile(_Node):
    """``sms.yaml``: everything the SMS analyzer knows."""

    version: int
    thresholds: Thresholds
    risk_floor: dict[VerdictId, int] = Field(default_factory=dict)
    clause_marks: NonEmpty
    negations: list[NonEmpty] = Field(default_factory=list)
    aliases: list[Alias] = Field(default_factory=list)
    hosts: Hosts
    numbers: Numbers
    public_numbers: list[NonEmpty] = Field(default_factory=list)
    orgs: list[Org] = Field(default_factory=list)
    claim_markers: ClaimMarkers = Field(default_factory=lambda: ClaimMarkers())
    platforms: list[Platform] = Field(default_factory=list)
    names: NameRules
    signals: list[SmsSignal] = Field(min_length=1)
    verdicts: dict[VerdictId, Text]
    why: dict[WhyId, UiText]
    own_app_verbs: list[NonEmpty] = Field(min_length=1)
    """Words that put an organisation's app name in a "go to it yourself" phrase (登录支付宝,
    打开 12123): such a mention keeps to the organisation's own channel."""
    official_proof: list[Ident] = Field(default_factory=list)
    """Signals that show a message keeps to its sender's own channels (an own number, "open
    the app"): an ``official_notice`` needs one of them, a link on the sender's own domain,
    or a message that asks for nothing at all."""
    advice: list[SmsAdvice] = Field(default_factory=list)
    report_12321: Report12321
    intake: IntakeWords = Field(default_factory=lambda: IntakeWords())
    guards: Guards = Field(default_factory=lambda: Guards())
