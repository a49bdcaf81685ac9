"""Inline-button payloads: compact, versioned, and always within Telegram's 64 bytes.

Every payload carries the knowledge revision it was made under, so a button from an old
message or an older knowledge base is recognised as stale instead of acted upon.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram.constants import InlineKeyboardButtonLimit

from bot.conversation.intents import Act, Pressed

__all__ = ["Action", "Callback"]

_SEP = "|"
Action = Act
"""What a button does: the conversation's actions (``bot.conversation.intents.Act``)."""


@dataclass(frozen=True, slots=True)
class Callback:
    """A decoded button payload."""

    action: Act
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
            action = Act(parts[0])
        except ValueError:
            return None
        parts += ["", "", ""]
        return cls(action, parts[1], parts[2], parts[3])

    def current(self, revision: str) -> bool:
        """True when the button was made under the knowledge revision now loaded."""
        return self.revision == revision[:6]

    @classmethod
    def intent(cls, data: str | None, revision: str) -> Pressed:
        """The button press as an intent (not ``fresh`` when old or not made by this bot)."""
        callback = cls.decode(data)
        if callback is None:
            return Pressed(Act.RESTART, fresh=False)
        fresh = callback.current(revision)
        return Pressed(callback.action, callback.arg, callback.arg2, fresh=fresh)
