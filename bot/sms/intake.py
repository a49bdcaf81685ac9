"""Tell a pasted or forwarded SMS from a typed answer, and read a "发件人/sender:" line.

Pure. An SMS is recognised at once when it is forwarded or carries a sender line, a
【signature】 or a link, or when it is long and speaks to the reader ("你欠的钱…", "your
account…"): people answering about themselves say 我 / I. Anything else is first tried
as an answer; only a text that answers nothing and is long enough to be a copied message
(``is_probably_sms``) is then read as one. So "I paid it off the day before yesterday"
stays an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.normalize import fold

__all__ = ["FALLBACK_CHARS", "Intake", "is_probably_sms", "read_intake"]

FALLBACK_CHARS = 20
"""A text this long that answers nothing is read as a pasted SMS."""

_SENDER_LINE = re.compile(
    r"^\s*(?:发件人|發件人|发信人|來自|来自|号码|號碼|sender|from)\s*[:：]\s*(?P<sender>[^\n]{1,40})\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_SIGNATURE = re.compile(r"【[^【】\n]{1,20}】")
_ADDRESSED = re.compile(r"[你您]|\byour?\b", re.IGNORECASE)
ADDRESSED_CHARS = 30
"""A text this long that speaks to "you" is read as a message, not an answer."""
_LINK = re.compile(r"(?:https?://|www\.)\S|[a-z0-9-]+\.(?:com|cn|top|xyz|net|cc|vip)\b", re.I)


@dataclass(frozen=True, slots=True)
class Intake:
    """What arrived: an SMS (with its sender, if given) or an answer."""

    is_sms: bool
    text: str
    sender: str | None = None


def read_intake(raw: str, *, forwarded: bool = False) -> Intake:
    """Classify one incoming text; a sender line is removed from the SMS text."""
    sender = None
    match = _SENDER_LINE.search(raw)
    text = raw
    if match:
        sender = match["sender"].strip()
        text = (raw[: match.start()] + raw[match.end() :]).strip()
    folded = fold(text)
    looks = bool(
        forwarded
        or match
        or (_SIGNATURE.search(folded) and len(folded) >= 15)
        or _LINK.search(folded)
        or (len(folded.strip()) >= ADDRESSED_CHARS and _ADDRESSED.search(folded))
    )
    return Intake(looks and bool(text.strip()), text if looks else raw, sender if looks else None)


def is_probably_sms(text: str) -> bool:
    """For a text the engine could not take as an answer: is it long enough to be an SMS?"""
    return len(fold(text).strip()) >= FALLBACK_CHARS
