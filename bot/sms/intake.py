"""Tell a pasted or forwarded SMS from a typed answer, and read a "发件人/sender:" line.

Pure. A typed answer is short and plain ("前天还的", "95188发的"); an SMS is forwarded,
carries a sender line, a 【signature】, a link, or is simply long. When in doubt the text
is treated as an answer: the engine then re-asks rather than guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.normalize import fold

__all__ = ["Intake", "read_intake"]

MIN_SMS_CHARS = 30
"""A message at least this long is read as an SMS (typed answers are a few words)."""

_SENDER_LINE = re.compile(
    r"^\s*(?:发件人|發件人|发信人|來自|来自|号码|號碼|sender|from)\s*[:：]\s*(?P<sender>[^\n]{1,40})\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_SIGNATURE = re.compile(r"【[^【】\n]{1,20}】")
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
        or len(folded.strip()) >= MIN_SMS_CHARS
    )
    return Intake(looks and bool(text.strip()), text if looks else raw, sender if looks else None)
