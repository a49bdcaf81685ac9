"""Test-side user simulation for the fake Bot API: what a Telegram user does, as queued updates.

Every action becomes an Update in the getUpdates queue (shape as Telegram sends it) and, for
messages, an entry in the chat's message list, so user and bot message_ids interleave per chat
exactly like in a private chat.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import time
from collections.abc import Mapping, Sequence
from typing import Any

from tests.support.bot_api_wire import JSONDict
from tests.support.fake_bot_models import CallbackQueryView, StoredMessage
from tests.support.fake_bot_state import FakeBotState
from tests.support.telegram_rules import ParsedText, utf16_len

# tdlib's match_bot_commands: '/' not preceded by a word char or / < >, 1-64 name chars,
# optional @username of 3-32 chars, not followed by a word char or / < >.
_BOT_COMMAND = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")


def _as_dict(value: Any) -> Any:
    """TelegramObject -> dict (recursively for lists); dicts pass through."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_as_dict(v) for v in value]
    return copy.deepcopy(value)


def command_entities(text: str) -> list[JSONDict]:
    """``bot_command`` entities Telegram adds to a user's text (UTF-16 offsets)."""
    return [
        {"type": "bot_command", "offset": utf16_len(text[: m.start()]),
         "length": utf16_len(m.group())}
        for m in _BOT_COMMAND.finditer(text)
    ]  # fmt: skip


class FakeBotUsers(FakeBotState):
    """Adds the user-side actions (``user_sends``, ``user_presses``...) to the state."""

    def register_user(
        self,
        user_id: int,
        *,
        first_name: str = "测试用户",
        language_code: str | None = "zh-hans",
        username: str | None = None,
        last_name: str | None = None,
    ) -> JSONDict:
        """Make a user (and their private chat) known so the bot may message them."""
        user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        for key, value in (
            ("last_name", last_name),
            ("username", username),
            ("language_code", language_code),
        ):
            if value is not None:
                user[key] = value
        chat = {
            k: v for k, v in user.items() if k in ("id", "first_name", "last_name", "username")
        }
        with self._lock:
            self._users[user_id] = user
            self._chats.setdefault(user_id, {**chat, "type": "private"})
            return copy.deepcopy(user)

    def user_blocks_bot(self, user_id: int, *, blocked: bool = True) -> None:
        """From now on sends to this user fail with 403 "bot was blocked by the user"."""
        with self._lock:
            (self._blocked.add if blocked else self._blocked.discard)(user_id)

    def push_raw_update(self, update: Mapping[str, Any]) -> int:
        """Queue an arbitrary update dict; assigns ``update_id`` unless given. Returns it."""
        with self._cond:
            raw = _as_dict(dict(update))
            if "update_id" not in raw:
                raw["update_id"] = self._next_update_id
            self._next_update_id = max(self._next_update_id, int(raw["update_id"])) + 1
            self._updates.append(raw)
            self._changed()
            return int(raw["update_id"])

    def _user_message(
        self,
        user_id: int,
        chat_id: int | None,
        chat_type: str,
        kind: str,
        text: str,
        body: JSONDict,
        profile: Mapping[str, Any],
    ) -> JSONDict:
        """Store a user message in its chat and return its Message dict."""
        with self._lock:
            user = (
                self.register_user(user_id, **profile)
                if profile or (user_id not in self._users)
                else copy.deepcopy(self._users[user_id])
            )
            if chat_type == "private" and chat_id in (None, user_id):
                chat_id = user_id
            else:  # a group: negative id by default, created on first use
                chat_id = -abs(user_id) if chat_id is None else chat_id
                kind = "group" if chat_type == "private" else chat_type
                self._chats.setdefault(
                    chat_id, {"id": chat_id, "type": kind, "title": f"Test {kind} {chat_id}"}
                )
            message_id = self._next_message_id(chat_id)
            raw: JSONDict = {
                "message_id": message_id,
                "from": user,
                "chat": copy.deepcopy(self._chats[chat_id]),
                "date": int(time.time()),
                **body,
            }
            self._store(
                StoredMessage(
                    chat_id,
                    message_id,
                    False,
                    kind,
                    raw,
                    ParsedText(text, tuple(raw.get("entities", ()))),
                )
            )
            return copy.deepcopy(raw)

    def user_sends(
        self,
        user_id: int,
        text: str,
        *,
        language_code: str | None = "zh-hans",
        first_name: str = "测试用户",
        username: str | None = None,
        chat_type: str = "private",
        chat_id: int | None = None,  # default: the user's private chat (or -user_id for groups)
        forward_origin: Any = None,
        entities: Any = None,
        reply_to_message_id: int | None = None,
    ) -> int:
        """The user sends a text message; returns the update_id.

        ``bot_command`` entities are added like Telegram does unless ``entities`` is given.
        """
        body: JSONDict = {"text": text}
        found = _as_dict(entities) if entities is not None else command_entities(text)
        if found:
            body["entities"] = found
        if forward_origin is not None:
            body["forward_origin"] = _as_dict(forward_origin)
        if reply_to_message_id is not None:
            target = self.message(user_id if chat_id is None else chat_id, reply_to_message_id)
            body["reply_to_message"] = target.raw
        profile = {"language_code": language_code, "first_name": first_name, "username": username}
        raw = self._user_message(user_id, chat_id, chat_type, "text", text, body, profile)
        return self.push_raw_update({"message": raw})

    def user_sends_sticker(
        self, user_id: int, *, emoji: str = "👍", chat_id: int | None = None
    ) -> int:
        """The user sends a (regular, static) sticker; returns the update_id."""
        with self._lock:
            stored = self._new_file("sticker", b"RIFF-fake-webp", "webp")
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": 14,
        }
        raw = self._user_message(
            user_id, chat_id, "private", "sticker", "", {"sticker": sticker}, {}
        )
        return self.push_raw_update({"message": raw})

    def user_sends_photo(
        self,
        user_id: int,
        file_bytes: bytes,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
        file_size: int | None = None,
    ) -> int:
        """The user sends a photo whose bytes are served by getFile + file download
        (``file_size``: what the update claims, the bytes' length by default)."""
        with self._lock:
            stored = self._new_file("photo", bytes(file_bytes), "jpg", mime_type="image/jpeg")
        size = {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "width": 800,
            "height": 600,
            "file_size": len(file_bytes) if file_size is None else file_size,
        }
        body: JSONDict = {"photo": [size]}
        if caption:
            body["caption"] = caption
        raw = self._user_message(user_id, chat_id, "private", "photo", caption or "", body, {})
        return self.push_raw_update({"message": raw})

    def user_sends_document(
        self,
        user_id: int,
        file_bytes: bytes,
        *,
        file_name: str = "screenshot.png",
        mime_type: str = "image/png",
        file_size: int | None = None,
    ) -> int:
        """The user sends a file (an image "as a file" keeps its name and MIME type)."""
        ext = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        with self._lock:
            stored = self._new_file(
                "document", bytes(file_bytes), ext, mime_type=mime_type, filename=file_name
            )
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(file_bytes) if file_size is None else file_size,
        }
        raw = self._user_message(
            user_id, None, "private", "document", "", {"document": document}, {}
        )
        return self.push_raw_update({"message": raw})

    def user_edits(
        self, user_id: int, message_id: int, text: str, *, chat_id: int | None = None
    ) -> int:
        """The user edits one of their text messages; queues an ``edited_message`` update."""
        chat_id = user_id if chat_id is None else chat_id
        with self._lock:
            stored = self._messages.get(chat_id, {}).get(message_id)
            if stored is None or stored.from_bot or stored.kind != "text":
                raise AssertionError(
                    f"user {user_id} has no text message #{message_id} in chat {chat_id}"
                )
            stored.history.append(stored.parsed.text)
            stored.edit_count += 1
            entities = command_entities(text)
            stored.parsed = ParsedText(text, tuple(entities))
            stored.raw.update(text=text, edit_date=int(time.time()))
            stored.raw.pop("entities", None)
            if entities:
                stored.raw["entities"] = entities
            raw = copy.deepcopy(stored.raw)
        return self.push_raw_update({"edited_message": raw})

    def user_presses(
        self,
        user_id: int,
        message_id: int,
        callback_data: str,
        *,
        force: bool = False,
        chat_id: int | None = None,
    ) -> str:
        """The user taps an inline button; returns the callback_query id.

        The button must currently be on that bot message, unless ``force=True`` (to simulate
        a stale keyboard, a deleted message or forged data).
        """
        chat_id = user_id if chat_id is None else chat_id
        with self._lock:
            stored = self._messages.get(chat_id, {}).get(message_id)
            if not force:
                view = stored.view() if stored and stored.from_bot else None
                if view is None or view.deleted or callback_data not in view.callback_data:
                    raise AssertionError(
                        f"no button {callback_data!r} on bot message #{message_id} in chat "
                        f"{chat_id}; it has {view.buttons if view else 'no such message'} "
                        "(pass force=True to press a stale button)"
                    )
            if user_id not in self._users:
                self.register_user(user_id)
            if stored is not None and not stored.deleted:
                message = copy.deepcopy(stored.raw)
            else:  # InaccessibleMessage: date 0
                chat = self._chats.get(chat_id, {"id": chat_id, "type": "private"})
                message = {"chat": copy.deepcopy(chat), "message_id": message_id, "date": 0}
            query_id = str(4_000_000_000_000_000_000 + next(self._ids))
            self._queries[query_id] = CallbackQueryView(
                query_id, user_id, chat_id, message_id, callback_data
            )
            query = {
                "id": query_id,
                "from": copy.deepcopy(self._users[user_id]),
                "message": message,
                "chat_instance": f"-{abs(chat_id)}000",
                "data": callback_data,
            }
        self.push_raw_update({"callback_query": query})
        return query_id

    def expire_callback_queries(self) -> None:
        """Make every unanswered callback query too old to answer (Telegram's ~15 s limit)."""
        with self._lock:
            for query_id, query in list(self._queries.items()):
                if not query.answered:
                    self._queries[query_id] = dataclasses.replace(query, expired=True)

    def last_user_message_id(self, chat_id: int) -> int:
        """Id of the newest message the user sent in the chat (0 if none)."""
        with self._lock:
            stored = self._messages.get(chat_id, {})
            return max((i for i, m in stored.items() if not m.from_bot), default=0)


__all__ = ["FakeBotUsers", "command_entities"]
