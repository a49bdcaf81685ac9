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
from collections.abc import Iterable
from dataclasses import dataclass

from bot.normalize import fold
from bot.sms import signature

__all__ = [
    "FALLBACK_CHARS",
    "MAX_INPUT",
    "Intake",
    "SenderLine",
    "clip",
    "is_probably_sms",
    "read_intake",
    "speaks_to_reader",
]

FALLBACK_CHARS = 20
"""A text this long that answers nothing is read as a pasted SMS."""

MAX_INPUT = 4096
"""Characters of one text that are read (Telegram's own message limit); the rest is cut."""

# Every pattern here runs in time linear in its input: a sender line is matched line by
# line (lines longer than any sender line are skipped unread), and a bare domain is only
# tried where a run of letters starts. The earlier ``^\s*…`` over the whole text, and
# ``[a-z0-9-]+\.`` tried at every letter, rescanned the rest of the text at each position.
_SENDER_CHARS = 40
"""The longest sender a sender line may give."""
_ADDRESSED = re.compile(r"[你您]|\byour?\b", re.IGNORECASE)
# "…谢谢你" and a first "你好，我…" speak to the bot, not to the reader of a received
# message; but a greeting before a request ("你好,我是房东,请把房租打到…") is a message's.
_THANKS = re.compile(r"谢谢[你您]|thank you", re.IGNORECASE)
_GREETING = re.compile(r"^\W*(?:[你您]们?好[呀啊]?|(?:hi|hello|hey)(?![a-z]))", re.IGNORECASE)
_ASKS_READER = re.compile(r"[请請](?![问問])|\bplease\b", re.IGNORECASE)
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


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Bidi embedding, override and isolate controls: in a quoted SMS they can make
``pot.bj-yapila`` display as ``alipay-jb.top``, so they are dropped on arrival."""


def clip(raw: str, limit: int = MAX_INPUT) -> tuple[str, int]:
    """The first ``limit`` characters of ``raw``, and how many were cut off."""
    return (raw, 0) if len(raw) <= limit else (raw[:limit], len(raw) - limit)


class SenderLine:
    """A "发件人：95188" line in a paste, introduced by one of the words of ``sms.yaml`` →
    ``intake.sender_words`` ("发件人", "来自", "From" …; any case)."""

    def __init__(self, words: Iterable[str]) -> None:
        listed = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, listed)) or "(?!)"
        self._pattern = re.compile(
            rf"[^\S\n]*(?:{alternatives})[^\S\n]*[:：][^\S\n]*"
            rf"(?P<sender>[^\n]{{1,{_SENDER_CHARS}}}?)\s*",
            re.IGNORECASE,
        )
        longest = max((len(w) for w in listed), default=0)
        self._max_line = max(64, longest + _SENDER_CHARS + 18)
        """A longer line cannot be a sender line (word, spaces, colon, sender)."""

    def find(self, raw: str) -> tuple[int, int, str] | None:
        """(start, end, sender) of the first sender line of ``raw``, each line tried once."""
        start = 0
        for line in raw.splitlines(keepends=True):
            end = start + len(line)
            if len(line) <= self._max_line:
                match = self._pattern.fullmatch(line)
                if match:
                    return start, end, match["sender"].strip()
            start = end
        return None


def read_intake(
    raw: str, sender_line: SenderLine, *, forwarded: bool = False, limit: int = MAX_INPUT
) -> Intake:
    """Classify one incoming text; a ``sender_line`` is removed from the SMS text.

    Only the first ``limit`` characters are read; ``Intake.cut`` says how many were not.
    ``SmsAnalyzer.read_intake`` passes the sender line of its ``sms.yaml``.
    """
    raw, cut = clip(raw, limit)
    raw = _BIDI.sub("", raw)
    sender = None
    span = sender_line.find(raw)
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
        or (len(folded.strip()) >= ADDRESSED_CHARS and speaks_to_reader(folded))
    )
    kept = text if looks else raw
    return Intake(looks and bool(text.strip()), kept, sender if looks else None, cut)


def is_probably_sms(text: str) -> bool:
    """For a text the engine could not take as an answer: is it long enough to be an SMS?"""
    return len(fold(text).strip()) >= FALLBACK_CHARS


def speaks_to_reader(text: str) -> bool:
    """Whether ``text`` speaks to "you" as a message does; thanks to the bot ("…谢谢你"),
    or a greeting before no request ("你好，我已经还清了…"), does not count."""
    rest = _THANKS.sub(" ", fold(text))
    if not _ASKS_READER.search(rest):
        rest = _GREETING.sub(" ", rest, count=1)
    return bool(_ADDRESSED.search(rest))
