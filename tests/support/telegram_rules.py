"""Telegram Bot API limits and request checks, so the test double rejects what Telegram rejects.

Error descriptions are the ones the real Bot API returns (``"Bad Request: ..."``).  The HTML
parser is a port of tdlib's ``parse_html`` (td/telegram/MessageEntity.cpp), which is what the
Bot API server runs for ``parse_mode=HTML``; its error texts are copied from tdlib's own tests.

Two facts that surprise people and that this module reproduces:

* a bare ``&`` and unknown named entities (``&nbsp;``) are *not* errors: Telegram keeps them
  literally (only ``&lt; &gt; &amp; &quot;`` and numeric references are decoded);
* a bare ``<`` *is* an error (``Unsupported start tag "" ...`` / ``Unclosed start tag ...``).

Text length is counted in Unicode code points after entity parsing and trimming (measured
against the live API: 4096 astral emoji are accepted, 4097 are refused); entity offsets are
in UTF-16 code units.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from telegram import constants

from tests.support.telegram_html import EntityParseError, parse_html

JSONDict = dict[str, Any]

MAX_TEXT_LENGTH: Final[int] = int(constants.MessageLimit.MAX_TEXT_LENGTH)  # 4096
MIN_TEXT_LENGTH: Final[int] = int(constants.MessageLimit.MIN_TEXT_LENGTH)  # 1
MAX_CAPTION_LENGTH: Final[int] = int(constants.MessageLimit.CAPTION_LENGTH)  # 1024
MIN_CALLBACK_DATA_BYTES: Final[int] = int(constants.InlineKeyboardButtonLimit.MIN_CALLBACK_DATA)
MAX_CALLBACK_DATA_BYTES: Final[int] = int(constants.InlineKeyboardButtonLimit.MAX_CALLBACK_DATA)
MAX_INLINE_BUTTONS: Final[int] = int(constants.InlineKeyboardMarkupLimit.TOTAL_BUTTON_NUMBER)
MAX_COMMAND_LENGTH: Final[int] = int(constants.BotCommandLimit.MAX_COMMAND)  # 32
MAX_COMMAND_DESCRIPTION: Final[int] = int(constants.BotCommandLimit.MAX_DESCRIPTION)  # 256
MAX_COMMANDS: Final[int] = int(constants.BotCommandLimit.MAX_COMMAND_NUMBER)  # 100
MAX_CALLBACK_ANSWER_TEXT: Final[int] = int(
    constants.CallbackQueryLimit.ANSWER_CALLBACK_QUERY_TEXT_LENGTH
)  # 200
MIN_UPDATES_LIMIT: Final[int] = int(constants.PollingLimit.MIN_LIMIT)  # 1
MAX_UPDATES_LIMIT: Final[int] = int(constants.PollingLimit.MAX_LIMIT)  # 100
MESSAGES_PER_SECOND_PER_CHAT: Final[int] = int(constants.FloodLimit.MESSAGES_PER_SECOND_PER_CHAT)
MESSAGES_PER_SECOND: Final[int] = int(constants.FloodLimit.MESSAGES_PER_SECOND)
CHAT_ACTIONS: Final[frozenset[str]] = frozenset(str(a.value) for a in constants.ChatAction)
PARSE_MODES: Final[frozenset[str]] = frozenset(str(m.value).lower() for m in constants.ParseMode)
#: Update types delivered when ``allowed_updates`` was never set or set to ``[]``.
DEFAULT_UPDATE_TYPES: Final[frozenset[str]] = frozenset(
    str(t.value) for t in constants.UpdateType
) - {"chat_member", "message_reaction", "message_reaction_count"}

ERR_NOT_FOUND: Final = "Not Found"
ERR_UNAUTHORIZED: Final = "Unauthorized"
ERR_TOO_LONG: Final = "Bad Request: message is too long"
ERR_CAPTION_TOO_LONG: Final = "Bad Request: message caption is too long"
ERR_TEXT_EMPTY: Final = "Bad Request: message text is empty"
ERR_CHAT_ID_EMPTY: Final = "Bad Request: chat_id is empty"
ERR_CHAT_NOT_FOUND: Final = "Bad Request: chat not found"
ERR_BLOCKED: Final = "Forbidden: bot was blocked by the user"
ERR_BUTTON_DATA: Final = "Bad Request: BUTTON_DATA_INVALID"
ERR_BUTTON_URL: Final = "Bad Request: BUTTON_URL_INVALID"
ERR_TEXT_BUTTONS: Final = "Bad Request: text buttons are unallowed in the inline keyboard"
ERR_MARKUP_TOO_LONG: Final = "Bad Request: reply markup is too long"
ERR_MARKUP_INVALID: Final = "Bad Request: can't parse reply keyboard markup JSON object"
ERR_PARSE_ENTITIES: Final = "Bad Request: can't parse entities: "
ERR_PARSE_MODE: Final = "Bad Request: unsupported parse_mode"
ERR_NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup"
    " are exactly the same as a current content and reply markup of the message"
)
ERR_EDIT_NOT_FOUND: Final = "Bad Request: message to edit not found"
ERR_CANT_EDIT: Final = "Bad Request: message can't be edited"
ERR_NO_TEXT_TO_EDIT: Final = "Bad Request: there is no text in the message to edit"
ERR_MESSAGE_ID_INVALID: Final = "Bad Request: MESSAGE_ID_INVALID"
ERR_DELETE_NOT_FOUND: Final = "Bad Request: message to delete not found"
ERR_REPLY_NOT_FOUND: Final = "Bad Request: message to be replied not found"
ERR_QUERY_INVALID: Final = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
ERR_ANSWER_TOO_LONG: Final = "Bad Request: MESSAGE_TOO_LONG"
ERR_FILE_ID: Final = "Bad Request: invalid file_id"
ERR_FILE_MISSING: Final = "Bad Request: there is no document in the request"
ERR_ACTION: Final = "Bad Request: wrong parameter action in request"
ERR_LANGUAGE: Final = "Bad Request: invalid language code specified"
ERR_COMMAND_INVALID: Final = "Bad Request: BOT_COMMAND_INVALID"
ERR_COMMAND_DESCRIPTION: Final = "Bad Request: command description must be non-empty"
ERR_COMMANDS_TOO_MUCH: Final = "Bad Request: BOT_COMMANDS_TOO_MUCH"
ERR_WEBHOOK_ACTIVE: Final = (
    "Conflict: can't use getUpdates method while webhook is active;"
    " use deleteWebhook to delete the webhook first"
)
ERR_POLL_TERMINATED: Final = (
    "Conflict: terminated by other getUpdates request;"
    " make sure that only one bot instance is running"
)

_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE_RE = re.compile(r"(?:[a-z]{2})?")
_TRIM = " \t\r\n\x0b\x0c"
_BUTTON_ACTIONS = (
    "callback_data", "url", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
    "copy_text", "callback_game", "pay",
)  # fmt: skip
_TEXT_METHODS = {"sendmessage": "text", "editmessagetext": "text"}
_CAPTION_METHODS = {"senddocument", "sendphoto", "editmessagecaption"}
_MARKUP_METHODS = {
    "sendmessage", "editmessagetext", "editmessagereplymarkup", "senddocument", "sendphoto",
    "editmessagecaption",
}  # fmt: skip
_COMMAND_METHODS = {"setmycommands", "deletemycommands", "getmycommands"}


@dataclass(frozen=True)
class ParsedText:
    """Visible text and entities of a message, as Telegram stores it after parsing."""

    text: str
    entities: tuple[JSONDict, ...] = field(default=())

    @property
    def length(self) -> int:
        """Length as Telegram counts it for the 4096/1024 limits (code points)."""
        return len(self.text)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of MessageEntity offsets and lengths."""
    return len(text.encode("utf-16-le")) // 2


def parse_text(text: str, parse_mode: str | None, entities: Any = None) -> ParsedText:
    """Turn a request's text/parse_mode/entities into what Telegram would store.

    Raises:
        EntityParseError: for invalid HTML (message without the ``Bad Request`` prefix).
        ValueError: for an unsupported ``parse_mode``.
    """
    mode = (parse_mode or "").lower()
    if mode and mode not in PARSE_MODES:
        raise ValueError(ERR_PARSE_MODE)
    if mode == "html":
        visible, parsed = parse_html(text)
    else:
        # MarkdownV2/Markdown are not parsed by the double: the raw text is kept.
        visible = text
        parsed = [dict(e) for e in entities] if isinstance(entities, list) else []
    return _trim(visible, parsed)


def _trim(text: str, entities: list[JSONDict]) -> ParsedText:
    """Strip leading/trailing whitespace like tdlib's fix_formatted_text, shifting entities."""
    stripped = text.strip(_TRIM)
    if stripped == text:
        return ParsedText(text, tuple(_sorted(entities)))
    shift = utf16_len(text[: len(text) - len(text.lstrip(_TRIM))])
    end = utf16_len(stripped)
    kept = []
    for entity in entities:
        start = max(int(entity.get("offset", 0)) - shift, 0)
        stop = min(int(entity.get("offset", 0)) + int(entity.get("length", 0)) - shift, end)
        if stop > start:
            kept.append({**entity, "offset": start, "length": stop - start})
    return ParsedText(stripped, tuple(_sorted(kept)))


def _sorted(entities: list[JSONDict]) -> list[JSONDict]:
    return sorted(entities, key=lambda e: (e.get("offset", 0), -e.get("length", 0)))


def check_text(
    text: Any, parse_mode: Any, entities: Any, *, limit: int, allow_empty: bool = False
) -> str | None:
    """Return the Bot API error for a message text or caption, or None if Telegram accepts it."""
    if text is None or text == "":
        return None if allow_empty else ERR_TEXT_EMPTY
    try:
        parsed = parse_text(
            str(text), parse_mode if isinstance(parse_mode, str) else None, entities
        )
    except EntityParseError as exc:
        return ERR_PARSE_ENTITIES + str(exc)
    except ValueError as exc:
        return str(exc)
    if parsed.length == 0 and not allow_empty:
        return ERR_TEXT_EMPTY
    if parsed.length > limit:
        return ERR_CAPTION_TOO_LONG if limit == MAX_CAPTION_LENGTH else ERR_TOO_LONG
    return None


def check_reply_markup(markup: Any) -> str | None:
    """Return the Bot API error for a reply_markup, or None (inline keyboards are deep-checked)."""
    if markup is None:
        return None
    if not isinstance(markup, Mapping):
        return ERR_MARKUP_INVALID
    keyboard = markup.get("inline_keyboard")
    if keyboard is None:
        return None  # ReplyKeyboardMarkup / ReplyKeyboardRemove / ForceReply
    if not isinstance(keyboard, list) or not all(isinstance(r, list) for r in keyboard):
        return ERR_MARKUP_INVALID
    buttons = [b for row in keyboard for b in row]
    if len(buttons) > MAX_INLINE_BUTTONS:
        return ERR_MARKUP_TOO_LONG
    for button in buttons:
        if not isinstance(button, Mapping) or not isinstance(button.get("text"), str):
            return ERR_MARKUP_INVALID
        if not any(key in button for key in _BUTTON_ACTIONS):
            return ERR_TEXT_BUTTONS
        if "callback_data" in button:
            data = button["callback_data"]
            size = len(data.encode("utf-8")) if isinstance(data, str) else -1
            if not MIN_CALLBACK_DATA_BYTES <= size <= MAX_CALLBACK_DATA_BYTES:
                return ERR_BUTTON_DATA
        if "url" in button and not re.match(r"(https?|tg)://\S", str(button["url"])):
            return ERR_BUTTON_URL
    return None


def check_commands(commands: Any) -> str | None:
    """Return the Bot API error for a setMyCommands command list, or None."""
    if not isinstance(commands, list):
        return "Bad Request: can't parse commands JSON object"
    if len(commands) > MAX_COMMANDS:
        return ERR_COMMANDS_TOO_MUCH
    for command in commands:
        if not isinstance(command, Mapping):
            return "Bad Request: can't parse BotCommand JSON object"
        name = str(command.get("command", "")).strip().removeprefix("/")
        if not _COMMAND_RE.fullmatch(name):
            return ERR_COMMAND_INVALID
        description = str(command.get("description", "")).strip()
        if not description:
            return ERR_COMMAND_DESCRIPTION
        if len(description) > MAX_COMMAND_DESCRIPTION:
            return "Bad Request: command description length must not exceed 256"
    return None


def check_call(method: str, params: Mapping[str, Any]) -> str | None:
    """Stateless Bot API validation of one call: the error description, or None if valid.

    Stateful errors (message to edit not found, not modified, query too old, chat not found)
    are produced by FakeBotApi; :func:`check_not_modified` holds the comparison rule.
    """
    name = method.lower()
    needs_chat = name.startswith("send") or name in {"deletemessage", "editmessagereplymarkup"}
    if needs_chat and params.get("chat_id") in (None, ""):
        return ERR_CHAT_ID_EMPTY
    if name in _TEXT_METHODS:
        error = check_text(
            params.get("text"), params.get("parse_mode"), params.get("entities"),
            limit=MAX_TEXT_LENGTH,
        )  # fmt: skip
        if error:
            return error
    if name in _CAPTION_METHODS:
        error = check_text(
            params.get("caption"), params.get("parse_mode"), params.get("caption_entities"),
            limit=MAX_CAPTION_LENGTH, allow_empty=True,
        )  # fmt: skip
        if error:
            return error
    if name in _MARKUP_METHODS and (error := check_reply_markup(params.get("reply_markup"))):
        return error
    if name == "answercallbackquery" and len(str(params.get("text") or "")) > (
        MAX_CALLBACK_ANSWER_TEXT
    ):
        return ERR_ANSWER_TOO_LONG
    if name == "sendchataction" and params.get("action") not in CHAT_ACTIONS:
        return ERR_ACTION
    if name in _COMMAND_METHODS:
        if not _LANGUAGE_RE.fullmatch(str(params.get("language_code") or "")):
            return ERR_LANGUAGE
        if name == "setmycommands":
            return check_commands(params.get("commands"))
    return None


def check_not_modified(
    old: ParsedText, old_markup: Any, new: ParsedText, new_markup: Any
) -> str | None:
    """``message is not modified`` when an edit changes neither content nor inline keyboard."""
    if (
        old.text == new.text
        and list(old.entities) == list(new.entities)
        and (_inline(old_markup) == _inline(new_markup))
    ):
        return ERR_NOT_MODIFIED
    return None


def _inline(markup: Any) -> Any:
    """The part of a reply_markup Telegram keeps on a message (inline keyboards only)."""
    if isinstance(markup, Mapping) and markup.get("inline_keyboard"):
        return markup
    return None


def inline_buttons(markup: Any) -> list[list[tuple[str, str | None]]]:
    """Rows of (text, callback_data) of an inline keyboard; [] for anything else."""
    if not isinstance(markup, Mapping) or not isinstance(markup.get("inline_keyboard"), list):
        return []
    return [
        [(str(b.get("text", "")), b.get("callback_data")) for b in row if isinstance(b, Mapping)]
        for row in markup["inline_keyboard"]
        if isinstance(row, Sequence)
    ]


__all__ = [
    "EntityParseError",
    "ParsedText",
    "check_call",
    "check_commands",
    "check_not_modified",
    "check_reply_markup",
    "check_text",
    "inline_buttons",
    "parse_html",
    "parse_text",
    "utf16_len",
]
