"""Records and snapshots of the fake Telegram Bot API: what the tests read back from it."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from tests.support.bot_api_wire import JSONDict
from tests.support.telegram_rules import ParsedText, inline_buttons

#: A syntactically valid token (``<bot id>:<35 chars>``); the bot id becomes getMe's id.
DEFAULT_TOKEN = "7000000001:AAFakeTokenForTestsOnly_0123456789ab"
FaultKind = Literal["error", "delay", "drop", "reset", "refuse"]
Buttons = list[list[tuple[str, str | None]]]


@dataclass(frozen=True)
class RecordedCall:
    """One Bot API call as the double saw it, including faulted and rejected ones."""

    method: str
    params: JSONDict
    files: dict[str, str]
    time: float  # time.monotonic() at arrival
    wall_time: float  # time.time() at arrival
    duration: float
    status: int  # HTTP status answered; 0 when the connection was dropped
    description: str | None  # error description, None on success
    transport: str  # "direct" | "in-process" | "http"
    fault: FaultKind | None

    @property
    def ok(self) -> bool:
        """Whether the call succeeded (and therefore took effect)."""
        return self.status == 200


@dataclass(frozen=True)
class MessageView:
    """Snapshot of one message in a chat: its *current* text/caption and inline keyboard."""

    chat_id: int
    message_id: int
    text: str
    buttons: Buttons
    edit_count: int
    from_bot: bool
    kind: str  # "text" | "document" | "photo" | "sticker"
    entities: tuple[JSONDict, ...]
    reply_markup: JSONDict | None
    history: tuple[str, ...]  # earlier texts, oldest first
    deleted: bool
    raw: JSONDict  # the Message object as the Bot API returns it now

    @property
    def callback_data(self) -> list[str]:
        """All callback_data values of the inline keyboard, row by row."""
        return [data for row in self.buttons for _, data in row if data is not None]


@dataclass(frozen=True)
class SentFile:
    """A document or photo the bot sent, with the uploaded bytes (None for URL/file_id)."""

    chat_id: int
    message_id: int
    kind: str
    file_id: str
    filename: str | None
    content: bytes | None
    mime_type: str | None
    caption: str


@dataclass(frozen=True)
class CallbackQueryView:
    """A callback query the test issued and how (or whether) the bot answered it."""

    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    answered: bool = False
    answer: JSONDict | None = None
    expired: bool = False


@dataclass
class StoredMessage:
    """Mutable record behind MessageView."""

    chat_id: int
    message_id: int
    from_bot: bool
    kind: str
    raw: JSONDict
    parsed: ParsedText
    markup: JSONDict | None = None
    history: list[str] = field(default_factory=list)
    edit_count: int = 0
    deleted: bool = False

    def view(self) -> MessageView:
        """Frozen, deep-copied snapshot."""
        return MessageView(
            chat_id=self.chat_id, message_id=self.message_id, text=self.parsed.text,
            buttons=inline_buttons(self.markup), edit_count=self.edit_count,
            from_bot=self.from_bot, kind=self.kind, entities=copy.deepcopy(self.parsed.entities),
            reply_markup=copy.deepcopy(self.markup), history=tuple(self.history),
            deleted=self.deleted, raw=copy.deepcopy(self.raw),
        )  # fmt: skip


@dataclass
class StoredFile:
    """A file the double can serve through getFile and /file/bot<token>/<path>."""

    file_id: str
    unique_id: str
    path: str
    content: bytes | None
    mime_type: str | None = None
    filename: str | None = None


@dataclass
class Fault:
    """One planned failure for the next ``remaining`` calls of a method."""

    kind: FaultKind
    remaining: int
    status: int = 0
    description: str = ""
    retry_after: int | None = None
    seconds: float = 0.0


def scope_key(scope: Any) -> str:
    """Canonical key of a BotCommandScope (object, dict or None = default scope)."""
    if scope is None:
        scope = {"type": "default"}
    elif hasattr(scope, "to_dict"):
        scope = scope.to_dict()
    return json.dumps(scope, sort_keys=True)


__all__ = [
    "DEFAULT_TOKEN",
    "Buttons",
    "CallbackQueryView",
    "Fault",
    "FaultKind",
    "MessageView",
    "RecordedCall",
    "SentFile",
    "StoredFile",
    "StoredMessage",
    "scope_key",
]
