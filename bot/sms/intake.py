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
from bot.sms import signature

__all__ = ["FALLBACK_CHARS", "MAX_INPUT", "Intake", "clip", "is_probably_sms", "read_intake"]

FALLBACK_CHARS = 20
"""A text this long that answers nothing is read as a pasted SMS."""

MAX_INPUT = 4096
"""Characters of one text that are read (Telegram's own message limit); the rest is cut."""

# Every pattern here runs in time linear in its input: a sender line is matched line by
# line (lines longer than any sender line are skipped unread), and a bare domain is only
# tried where a run of letters starts. The earlier ``^\s*…`` over the whole text, and
# ``[a-z0-9-]+\.`` tried at every letter, rescanned the rest of the text at each position.
_SENDER_LINE = re.compile(
    r"[^\S\n]*(?:发件人|發件人|发信人|來自|来自|号码|號碼|sender|from)[^\S\n]*[:：][^\S\n]*"
    r"(?P<sender>[^\n]{1,40}?)\s*",
    re.IGNORECASE,
)
_SENDER_LINE_CHARS = 64
"""A line longer than this cannot be a sender line (keyword, colon, 40-character sender)."""
_ADDRESSED = re.compile(r"[你您]|\byour?\b", re.IGNORECASE)
ADDRESSED_CHARS = 30
"""A text this long that speaks to "you" is read as a message, not an answer."""
_LINK = re.compile(
    r"(?:https?://|www\.)\S|(?<![a-z0-9-])[a-z0-9-]+\.(?:com|cn|top|xyz|net|cc|vip)\b", re.I
)


@dataclass(frozen=True, slots=True)
class Intake:
    """What arrived: an SMS (with its sender, if given) or an answer."""

    is_sms: bool
    text: str
    sender: str | None = None
    cut: int = 0
    """Characters past ``MAX_INPUT`` that were not read (the channel says so)."""


def clip(raw: str, limit: int = MAX_INPUT) -> tuple[str, int]:
    """The first ``limit`` characters of ``raw``, and how many were cut off."""
    return (raw, 0) if len(raw) <= limit else (raw[:limit], len(raw) - limit)


def read_intake(raw: str, *, forwarded: bool = False, limit: int = MAX_INPUT) -> Intake:
    """Classify one incoming text; a sender line is removed from the SMS text.

    Only the first ``limit`` characters are read; ``Intake.cut`` says how many were not.
    """
    raw, cut = clip(raw, limit)
    sender = None
    span = _sender_line(raw)
    text = raw
    if span is not None:
        start, end, sender = span
        text = (raw[:start] + raw[end:]).strip()
    folded = fold(text)
    looks = bool(
        forwarded
        or span
        or (signature.ANYWHERE.search(folded) and len(folded) >= 15)
        or _LINK.search(folded)
        or (len(folded.strip()) >= ADDRESSED_CHARS and _ADDRESSED.search(folded))
    )
    kept = text if looks else raw
    return Intake(looks and bool(text.strip()), kept, sender if looks else None, cut)


def _sender_line(raw: str) -> tuple[int, int, str] | None:
    """(start, end, sender) of the first "发件人：…" line, each line tried once."""
    start = 0
    for line in raw.splitlines(keepends=True):
        end = start + len(line)
        if len(line) <= _SENDER_LINE_CHARS:
            match = _SENDER_LINE.fullmatch(line)
            if match:
                return start, end, match["sender"].strip()
        start = end
    return None


def is_probably_sms(text: str) -> bool:
    """For a text the engine could not take as an answer: is it long enough to be an SMS?"""
    return len(fold(text).strip()) >= FALLBACK_CHARS
