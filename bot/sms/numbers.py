"""Numbers in an SMS: phone numbers by kind, bank cards, QQ/WeChat IDs, amounts and dates.

Each finder masks what it found, so a card number is not also read as a phone number and
the digits of a link are not read at all. Kinds of phone number:

    official   the lender's hotline (95188, from ``sms.yaml`` → numbers.official)
    court      the courts' line (12368)
    service    other five-digit service lines (95xxx, 12xxx, 96110)
    bulk_106   106… bulk-SMS numbers
    toll_free  400 / 800 numbers
    mobile     1[3-9] and nine more digits
    landline   0 + area code + 7–8 digits, or 7–8 digits alone right after a word asking
               you to call them ("如有疑问请咨询:82130046": a local number)

``classify_number`` is the one place a number is classified: the numbers found in the
text, the number shown as the sender, the number a claim is checked against and the
number reported to 12321 all go through it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, cast

from bot.knowledge.sms_model import Numbers
from bot.sms.prefilter import Near
from bot.sms.text import Folded, fold_for_matching

__all__ = [
    "Amount",
    "Card",
    "ContactId",
    "Email",
    "Phone",
    "PhoneKind",
    "PhoneNumber",
    "classify_number",
    "classify_sender",
    "find_amounts",
    "find_cards",
    "find_contact_ids",
    "find_dates",
    "find_emails",
    "find_phones",
    "mask",
]

PhoneKind = Literal["official", "court", "service", "bulk_106", "toll_free", "mobile", "landline"]

# A lookbehind comes after the first character of a pattern: ``re`` skips quickly to a
# possible first character, which it cannot do when a pattern starts with an assertion.
_EMAIL = re.compile(r"[a-z0-9._%+*-]{1,64}@[a-z0-9*-]{1,63}(?:\.[a-z0-9*-]{1,63}){0,4}")
_CARD = re.compile(r"\d(?<![\d*]\d)\d{3}[ -]?(?:\d{4}[ -]?){2}\d{4}(?:[ -]?\d{1,3})?(?![\d*])")
# What names a run of 16-19 digits as the sender's own reference, not a bank card: "预约编码:
# 2021121511503101", "订单号 6222…", "运单号", "流水号". A card's own labels (卡号, 账号, 尾号) are
# not among them.
_ID_LABEL = re.compile(
    r"(?:编码|编号|单号|流水号|预约号|工单号|凭证号|批次号|序列号|识别码|交易号|业务号|受理号|申请号|案号)"
    r"(?:为|是)?[:\s]{0,2}$"
)
_ID_LABEL_REACH = 8
"""How many characters before a digit run its label may start."""
_MASKED_CARD = re.compile(r"尾号\s?(\d{4})(?!\d)|\*(?<![\d*]\*)\*{2,7}(\d{4})(?!\d)")
_QQ = re.compile(r"qq(群|号码|号)?\s?:?\s?(\d{5,11})(?!\d)")
_LINE = re.compile(
    r"l(?<![a-z]l)ine\s?(?:id|号|账号)?\s?:?\s?@?([a-z0-9][a-z0-9._-]{3,19})(?![a-z0-9._-])"
)
_WECHAT = re.compile(r"(?:企业微信|微信)(?:号)?\s?:?\s?([a-z][a-z0-9_-]{5,19})(?![a-z0-9_-])")
# A run of digits (single spaces or hyphens between them) is found first, then classified.
_DIGIT_RUN = re.compile(r"[+\d](?<![\d*][+\d])(?:[- ]?\d){4,22}(?![\d*])")
_SEPARATORS = re.compile(r"[\s()+-]")
_COUNTRY = re.compile(r"(?:0086|86)(?=1[3-9]\d{9}$)")
# The shapes of a phone number, in the order they are tried (digits only, country code off).
_SHAPES: tuple[tuple[PhoneKind, re.Pattern[str]], ...] = (
    ("bulk_106", re.compile(r"106\d{5,17}")),
    ("toll_free", re.compile(r"[48]00\d{7}")),
    ("mobile", re.compile(r"1[3-9]\d{9}")),
    ("landline", re.compile(r"0\d{9,11}")),
    ("service", re.compile(r"9\d{4}|12\d{3}|96110|100(?:86|10)")),
)
# The same shapes as one pattern: the first alternative that matches all the digits names
# the kind (as trying the shapes in turn would).
_SHAPE = re.compile("|".join(f"(?P<{kind}>{shape.pattern})" for kind, shape in _SHAPES))
# A sender ID is a bulk number with fewer digits than one written in a text (1069…).
_SENDER_106 = re.compile(r"106\d{3,17}")
_LOCAL = re.compile(r"[2-8]\d{6,7}")
"""A local number without its area code: a landline only where the text asks you to call it."""
# A number a page printed with some digits masked (1350120××××, 0411—395675xx, 138****5678):
# digits first, then digits and masks with single separators; read only where the text asks
# you to call it.
_MASKED_RUN = re.compile(r"\d(?<![\d*×x]\d)(?:[- —]?[\d*×x]){4,14}(?![\d*×xa-z])")
_MASKS = re.compile(r"[*×x]")
_YOURS = re.compile(
    r"(?:您|你)的[^,。!?;\n]{0,8}$|(?:预留|绑定|注册|登录|手机号|本机)[^,。!?;\n]{0,8}$"
)
"""Words before a masked number that make it the reader's own ("您的手机号138****5678",
"绑定手机138****5678"): a notice shows your number masked, it does not ask you to call it."""
_CHAT_BEFORE = re.compile(r"(?:qq|微信|vx|wx)(?:号码|号|群)?\s?:?\s?$")
"""A chat ID with masked digits ("咨询QQ:280××804"): a contact, not a number to call."""
_CALL = re.compile(
    r"(?:致电|拨打|拨|联系|回电|来电|热线|专线|电话|详询|咨询|专员|客服|回拨|打给|号码|手机|"
    r"tel|call|dial)[^,。!?;\n]{0,10}$"
)
_COURIER = re.compile(
    r"(?:快递员|配送员|投递员|派送员|派件员|收派员|揽收员|揽件员|送货员|骑手|快递小哥|配送小哥)"
    r"[^。!?;\n]{0,10}$"
)
"""A delivery person named just before a number ("快递员电话…", "派送员张师傅，电话…"):
their own phone, given so you can reach the person at your door, not a line to call about
the message."""
_SUBSCRIBER = re.compile(
    r"(?:用户号码|您的号码|你的号码|本机号码|计费号码|您的手机号码?|你的手机号码?|手机号码为)"
    r"[^,。!?;\n\d]{0,3}$"
)
"""The reader's own number that a bill or a notice quotes ("用户号码：156…；计费周期…"): the
line the message was sent to, not one it asks you to call."""
_MAIL = re.compile(r"(?:邮箱|邮件|发送|发至|发到|寄|联系|e-?mail|mail)[^,。!?;\n]{0,10}$")
_MAIL_REACH = 12
"""Characters before an e-mail address in which a word asking to write to it is looked for."""
_CALL_REACH = 14
"""Characters before a number in which a call word ("请致电") is looked for."""
_AMOUNT = re.compile(
    r"(?:¥|人民币)\s?(-?\d[\d,]{0,12}(?:\.\d{1,2})?)(万)?"
    r"|(\d(?<![\d.,]\d)[\d,]{0,12}(?:\.\d{1,2})?)\s?(万元|万|元)"
)
_DATE = re.compile(
    r"\d(?<!\d\d)(?:\d{3}年\d{1,2}月\d{1,2}日|\d{3}-\d{1,2}-\d{1,2}|\d?月\d{1,2}日)(?!\d)"
)
# Searched only near the characters every match contains (@, 元/万/¥/人民币, 月/-): these
# patterns start with a digit or letter, which ``re`` would try at every position.
_EMAIL_NEAR = Near(_EMAIL)
_AMOUNT_NEAR = Near(_AMOUNT)
_DATE_NEAR = Near(_DATE)


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone number as written, its digits and its kind; ``start``/``end`` in folded text."""

    text: str
    number: str
    kind: PhoneKind
    start: int = -1
    end: int = -1
    called: bool = False
    """Whether the text asks the reader to call it ("请致电…", "联系电话…"). A delivery
    person's own number ("快递员电话…", ``_COURIER``) is not a line to call about the message."""
    masked: bool = False
    """Whether some of its digits are masked as a page printed it ("1350120××××",
    "0411-395675xx"): its kind is read from the digits shown, and it is never anyone's own
    number (nobody can check the rest)."""


@dataclass(frozen=True, slots=True)
class Card:
    """A bank-card number: full (a transfer target) or masked (尾号1234, ****1234)."""

    text: str
    digits: str
    masked: bool
    start: int = -1
    end: int = -1


@dataclass(frozen=True, slots=True)
class ContactId:
    """A QQ number, QQ group or WeChat ID the SMS asks the reader to add."""

    kind: Literal["qq", "qq_group", "wechat", "line"]
    id: str
    text: str
    start: int = -1
    end: int = -1


@dataclass(frozen=True, slots=True)
class Amount:
    """A sum of money as written, and its value in yuan."""

    text: str
    value: float


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span blanked out (same length, so offsets stay valid)."""
    if not spans:
        return text
    pieces: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end > start:
            pieces += [text[pos:start], " " * (end - start)]
            pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


@dataclass(frozen=True, slots=True)
class Email:
    """An e-mail address as written; ``masked`` ones (526***@qq.com) name an account."""

    text: str
    domain: str
    masked: bool
    start: int
    end: int
    requested: bool = False
    """Whether the text asks the reader to write to it ("发送至邮箱…")."""


def find_emails(folded: Folded) -> tuple[Email, ...]:
    """The e-mail addresses of ``folded``, with their domains."""
    if "@" not in folded.text:
        return ()
    found: list[Email] = []
    for m in _EMAIL_NEAR.finditer(folded.text):
        if folded.text.endswith("://", 0, m.start()):
            continue  # the user part of a link (http://alipay.com@evil.cn): a link, no e-mail
        domain = m.group().rsplit("@", 1)[1]
        asked = _MAIL.search(folded.text, max(0, m.start() - _MAIL_REACH), m.start()) is not None
        shown = folded.source(*m.span())
        found.append(Email(shown, domain, "*" in m.group(), *m.span(), requested=asked))
    return tuple(found)


def find_cards(folded: Folded, text: str) -> tuple[tuple[Card, ...], list[tuple[int, int]]]:
    """Full and masked card numbers in ``text`` (a masked copy of ``folded.text``)."""
    cards: list[Card] = []
    spans: list[tuple[int, int]] = []
    for found in _CARD.finditer(text):
        if _ID_LABEL.search(text, max(0, found.start() - _ID_LABEL_REACH), found.start()):
            continue  # a booking, order or waybill number, named as such: no bank card
        digits = re.sub(r"\D", "", found.group())
        cards.append(Card(folded.source(*found.span()), digits, False, *found.span()))
        spans.append(found.span())
    for found in _MASKED_CARD.finditer(text):
        digits = found.group(1) or found.group(2)
        cards.append(Card(folded.source(*found.span()), digits, True, *found.span()))
        spans.append(found.span())
    return tuple(cards), spans


def find_contact_ids(
    folded: Folded, text: str
) -> tuple[tuple[ContactId, ...], list[tuple[int, int]]]:
    """QQ numbers and groups and WeChat IDs, with the original spelling of each ID."""
    found_ids: list[ContactId] = []
    spans: list[tuple[int, int]] = []
    for found in _QQ.finditer(text):
        kind: Literal["qq", "qq_group"] = "qq_group" if found.group(1) == "群" else "qq"
        found_ids.append(
            ContactId(kind, found.group(2), folded.source(*found.span()), *found.span())
        )
        spans.append(found.span())
    for found in _WECHAT.finditer(text):
        ident = folded.source(*found.span(1))
        found_ids.append(ContactId("wechat", ident, folded.source(*found.span()), *found.span()))
        spans.append(found.span())
    if "line" in text:
        for found in _LINE.finditer(text):
            ident = folded.source(*found.span(1))
            whole = folded.source(*found.span())
            found_ids.append(ContactId("line", ident, whole, *found.span()))
            spans.append(found.span())
    return tuple(found_ids), spans


@dataclass(frozen=True, slots=True)
class PhoneNumber:
    """A number reduced to its digits (separators and the +86 country code dropped)."""

    number: str
    kind: PhoneKind


def classify_number(
    raw: str, numbers: Numbers | None = None, *, sender: bool = False
) -> PhoneNumber | None:
    """The digits and kind of a written number (``+86 138-0013-8000``, ``0571-12368``,
    ``95188``), or None when it has no phone number's shape. ``numbers`` marks Alipay's
    and the courts' own lines; a ``sender`` may be a short bulk ID (1069xxx).
    """
    digits = _SEPARATORS.sub("", raw)
    if not digits.isdigit():
        return None
    digits = _COUNTRY.sub("", digits)
    if numbers is not None and digits in numbers.official:
        return PhoneNumber(digits, "official")
    if numbers is not None and digits in numbers.court:
        return PhoneNumber(digits, "court")
    shaped = _SHAPE.fullmatch(digits)
    if shaped is not None:
        return PhoneNumber(digits, cast(PhoneKind, shaped.lastgroup))
    if sender and _SENDER_106.fullmatch(digits):
        return PhoneNumber(digits, "bulk_106")
    return None


def find_phones(folded: Folded, text: str, numbers: Numbers) -> tuple[Phone, ...]:
    """Phone numbers by kind, in order; ``text`` is ``folded.text`` with links etc. masked."""
    phones, spans = _masked_phones(folded, text, numbers)
    text = mask(text, spans)
    for run in _DIGIT_RUN.finditer(text):
        pieces = [(run.start(), run.group())]
        if classify_number(run.group(), numbers) is None and " " in run.group():
            pieces = [
                (run.start() + m.start(), m.group()) for m in re.finditer(r"\S+", run.group())
            ]
        for start, piece in pieces:
            found = classify_number(piece, numbers)
            if found is None and not _LOCAL.fullmatch(piece):
                continue
            called = _CALL.search(text, max(0, start - _CALL_REACH), start) is not None
            if called and _COURIER.search(text, max(0, start - _CALL_REACH), start):
                called = False  # the courier's or rider's own phone
            if called and _SUBSCRIBER.search(text, max(0, start - _CALL_REACH), start):
                called = False  # the reader's own number, quoted by a bill
            if found is None and not called:
                continue  # 7–8 bare digits are a local number only where you are asked to call
            number = found or PhoneNumber(piece, "landline")
            end = start + len(piece)
            shown = folded.source(start, end)
            phones.append(Phone(shown, number.number, number.kind, start, end, called))
    return tuple(sorted(phones, key=lambda p: p.start))


def _masked_phones(
    folded: Folded, text: str, numbers: Numbers
) -> tuple[list[Phone], list[tuple[int, int]]]:
    """Numbers with masked digits that the text asks you to call, by the kind of their shape
    (the masks read as digits: ``1350120××××`` is a mobile, ``0411-395675xx`` a landline)."""
    if "*" not in text and "×" not in text and "x" not in text:
        return [], []
    phones: list[Phone] = []
    spans: list[tuple[int, int]] = []
    for run in _MASKED_RUN.finditer(text):
        masks = len(_MASKS.findall(run.group()))
        if masks < 2 or sum(c.isdigit() for c in run.group()) < 3:
            continue
        start, end = run.span()
        if _CALL.search(text, max(0, start - _CALL_REACH), start) is None:
            continue  # a masked number nobody asks you to call (your own, as a notice shows it)
        before = text[max(0, start - _CALL_REACH) : start]
        if _COURIER.search(before) or _YOURS.search(before) or _CHAT_BEFORE.search(before):
            continue
        digits = _MASKS.sub("0", re.sub(r"[- —]", "", run.group()))
        found = classify_number(digits, numbers)
        if found is None and not _LOCAL.fullmatch(digits):
            continue
        kind: PhoneKind = found.kind if found is not None else "landline"
        shown = folded.source(start, end)
        phones.append(Phone(shown, digits, kind, start, end, called=True, masked=True))
        spans.append((start, end))
    return phones, spans


def find_amounts(folded: Folded, text: str) -> tuple[Amount, ...]:
    """Sums of money (¥1,268.40, 人民币-3150.00, 20万, 3,260.00元)."""
    amounts: list[Amount] = []
    for found in _AMOUNT_NEAR.finditer(text):
        digits = found.group(1) or found.group(3) or ""
        unit = found.group(2) or found.group(4) or ""
        try:
            value = float(digits.replace(",", ""))
        except ValueError:
            continue
        if "万" in unit:
            value *= 10_000
        amounts.append(Amount(folded.source(*found.span()), value))
    return tuple(amounts)


def find_dates(folded: Folded, text: str) -> tuple[str, ...]:
    """Dates as written (2026-05-19, 2026年5月12日, 08月15日)."""
    return tuple(folded.source(*m.span()) for m in _DATE_NEAR.finditer(text))


_SENDER_FACTS: dict[PhoneKind, str] = {
    "official": "official",
    "court": "legal_claim",
    "bulk_106": "bulk_106",
    "mobile": "mobile",
    "landline": "landline",
}
_BRAND = re.compile(r"支付宝|借呗|花呗|蚂蚁|alipay")


def classify_sender(sender: str | None, numbers: Numbers) -> str | None:
    """The ``sender`` fact for the number or name shown as the sender; None if blank."""
    if sender is None:
        return None
    shown = fold_for_matching(sender).text.strip()
    if not _SEPARATORS.sub("", shown):
        return None
    found = classify_number(shown, numbers, sender=True)
    if found is not None:
        return _SENDER_FACTS.get(found.kind, "unknown")
    return "official" if _BRAND.search(shown) else "unknown"
