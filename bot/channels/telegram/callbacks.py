"""Inline-button payloads: compact, versioned, and always within Telegram's 64 bytes.

Every payload carries the knowledge revision it was made under, so a button from an old
message or an older knowledge base is recognised as stale instead of acted upon.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from telegram.constants import InlineKeyboardButtonLimit

__all__ = ["Action", "Callback"]

_SEP = "|"


class Action(StrEnum):
    """What a button does."""

    ANSWER = "a"  # choose (or tick) an option: arg = question, arg2 = option
    DONE = "d"  # confirm a multi-select question: arg = question
    BACK = "b"  # undo the last answer: arg = the question shown
    RESTART = "r"
    STEP = "s"  # show guidance step arg (an index), or the summary when arg is ""
    FINISH = "f"  # mark step arg done and go on
    LANG = "l"  # arg = language code
    FORGET = "x"  # arg = "yes" / "no"
    ADVISE = "v"  # start the questions from an analyzed SMS: arg = evidence id
    REPORT = "p"  # the 12321 report text of an analyzed SMS: arg = evidence id


@dataclass(frozen=True, slots=True)
class Callback:
    """A decoded button payload."""

    action: Action
    revision: str
    arg: str = ""
    arg2: str = ""

    def encode(self) -> str:
        """The callback_data string; raises ValueError if it would exceed 64 bytes."""
        data = _SEP.join([self.action.value, self.revision[:6], self.arg, self.arg2]).rstrip(_SEP)
        if len(data.encode()) > InlineKeyboardButtonLimit.MAX_CALLBACK_DATA:
            raise ValueError(f"callback data too long: {data!r}")
        return data

    @classmethod
    def decode(cls, data: str | None) -> Callback | None:
        """Parse a payload; None for anything this bot did not make."""
        if not data:
            return None
        parts = data.split(_SEP)
        try:
            action = Action(parts[0])
        except ValueError:
            return None
        parts += ["", "", ""]
        return cls(action, parts[1], parts[2], parts[3])

    def current(self, revision: str) -> bool:
        """True when the button was made under the knowledge revision now loaded."""
        return self.revision == revision[:6]
