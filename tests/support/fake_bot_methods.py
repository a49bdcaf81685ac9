"""Bot API message methods of the fake Telegram server (send, edit, delete, answer, files).

Handlers take the decoded params, the uploaded files and a "client gave up" callback and
return the ``result`` value, or raise :class:`ApiError`.  They run after the stateless checks
of :func:`tests.support.telegram_rules.check_call`, so they only add Telegram's *stateful*
rules: unknown/blocked chats, missing messages, not-modified edits, stale callback queries.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import time
from collections.abc import Mapping
from typing import Any

from tests.support import telegram_rules as rules
from tests.support.bot_api_wire import ApiError, JSONDict, UploadedFile
from tests.support.fake_bot_models import SentFile, StoredMessage
from tests.support.fake_bot_users import FakeBotUsers
from tests.support.telegram_rules import ParsedText


class FakeBotMethods(FakeBotUsers):
    """Stateful semantics of the message-related Bot API methods."""

    # -------------------------------------------------------------------- helpers
    def _chat(self, chat_id: Any) -> JSONDict:
        """Resolve a chat the bot may write to (known, not blocked) or raise ApiError."""
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            found = [c for c in self._chats.values() if c.get("username") == chat_id[1:]]
            chat_id = found[0]["id"] if found else None
        try:
            chat = self._chats[int(chat_id)]
        except (TypeError, ValueError, KeyError):
            raise ApiError(400, rules.ERR_CHAT_NOT_FOUND) from None
        if chat["id"] in self._blocked:
            raise ApiError(403, rules.ERR_BLOCKED)
        return chat

    def _target(self, params: JSONDict, not_found: str) -> StoredMessage:
        if "inline_message_id" in params:
            raise ApiError(400, rules.ERR_MESSAGE_ID_INVALID)  # inline mode is not simulated
        chat = self._chat(params.get("chat_id"))
        if params.get("message_id") is None:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        stored = self._messages.get(chat["id"], {}).get(as_int(params["message_id"]))
        if stored is None or stored.deleted:
            raise ApiError(400, not_found)
        return stored

    def _new_bot_message(
        self, params: JSONDict, kind: str, parsed: ParsedText, body: JSONDict
    ) -> StoredMessage:
        chat = self._chat(params.get("chat_id"))
        reply = params.get("reply_parameters") or {}
        if params.get("reply_to_message_id") is not None:
            reply = {"message_id": params["reply_to_message_id"]}
        message_id = self._next_message_id(chat["id"])
        raw: JSONDict = {
            "message_id": message_id,
            "from": {k: self.bot_user[k] for k in ("id", "is_bot", "first_name", "username")},
            "chat": copy.deepcopy(chat),
            "date": int(time.time()),
            **body,
        }
        if reply:
            target = self._messages.get(chat["id"], {}).get(as_int(reply.get("message_id")))
            if target is not None and not target.deleted:
                raw["reply_to_message"] = {
                    k: v for k, v in target.raw.items() if k != "reply_to_message"
                }
            elif not reply.get("allow_sending_without_reply"):
                raise ApiError(400, rules.ERR_REPLY_NOT_FOUND)
        markup = inline_only(params.get("reply_markup"))
        if markup:
            raw["reply_markup"] = markup
        stored = StoredMessage(chat["id"], message_id, True, kind, raw, parsed, markup)
        return self._store(stored)

    def _finish(self, stored: StoredMessage) -> JSONDict:
        self._changed()
        return copy.deepcopy(stored.raw)

    # ------------------------------------------------------------------- methods
    def _send_message(self, p: JSONDict, f: Any, c: Any) -> JSONDict:
        parsed = rules.parse_text(str(p["text"]), p.get("parse_mode"), p.get("entities"))
        body: JSONDict = {"text": parsed.text}
        if parsed.entities:
            body["entities"] = list(parsed.entities)
        with self._cond:
            return self._finish(self._new_bot_message(p, "text", parsed, body))

    def _edit_message_text(self, p: JSONDict, f: Any, c: Any) -> JSONDict:
        new = rules.parse_text(str(p["text"]), p.get("parse_mode"), p.get("entities"))
        with self._cond:
            stored = self._target(p, rules.ERR_EDIT_NOT_FOUND)
            if not stored.from_bot:
                raise ApiError(400, rules.ERR_CANT_EDIT)
            if stored.kind != "text":
                raise ApiError(400, rules.ERR_NO_TEXT_TO_EDIT)
            # Omitting reply_markup in editMessageText removes the inline keyboard.
            self._apply_edit(stored, new, inline_only(p.get("reply_markup")))
            stored.raw["text"] = new.text
            stored.raw.pop("entities", None)
            if new.entities:
                stored.raw["entities"] = list(new.entities)
            return self._finish(stored)

    def _edit_message_reply_markup(self, p: JSONDict, f: Any, c: Any) -> JSONDict:
        with self._cond:
            stored = self._target(p, rules.ERR_EDIT_NOT_FOUND)
            if not stored.from_bot:
                raise ApiError(400, rules.ERR_CANT_EDIT)
            self._apply_edit(stored, stored.parsed, inline_only(p.get("reply_markup")))
            return self._finish(stored)

    def _apply_edit(self, stored: StoredMessage, new: ParsedText, markup: JSONDict | None) -> None:
        if problem := rules.check_not_modified(stored.parsed, stored.markup, new, markup):
            raise ApiError(400, problem)
        if new != stored.parsed:
            stored.history.append(stored.parsed.text)
        stored.parsed, stored.markup = new, markup
        stored.edit_count += 1
        stored.raw["edit_date"] = int(time.time())
        stored.raw.pop("reply_markup", None)
        if markup:
            stored.raw["reply_markup"] = copy.deepcopy(markup)

    def _delete_message(self, p: JSONDict, f: Any, c: Any) -> bool:
        with self._cond:
            self._target(p, rules.ERR_DELETE_NOT_FOUND).deleted = True
            self._changed()
            return True

    def _answer_callback_query(self, p: JSONDict, f: Any, c: Any) -> bool:
        with self._cond:
            query = self._queries.get(str(p.get("callback_query_id")))
            if query is None or query.answered or query.expired:
                raise ApiError(400, rules.ERR_QUERY_INVALID)
            answer: JSONDict = {
                k: p[k] for k in ("text", "show_alert", "url", "cache_time") if k in p
            }
            self._queries[query.id] = dataclasses.replace(query, answered=True, answer=answer)
            self._changed()
            return True

    def _send_chat_action(self, p: JSONDict, f: Any, c: Any) -> bool:
        with self._cond:
            chat = self._chat(p.get("chat_id"))
            self._actions.append((chat["id"], str(p["action"]), time.monotonic()))
            return True

    def _send_document(self, p: JSONDict, f: dict[str, UploadedFile], c: Any) -> JSONDict:
        return self._send_file(p, f, "document")

    def _send_photo(self, p: JSONDict, f: dict[str, UploadedFile], c: Any) -> JSONDict:
        return self._send_file(p, f, "photo")

    def _send_file(self, p: JSONDict, files: dict[str, UploadedFile], kind: str) -> JSONDict:
        ref = p.get(kind)
        upload = files.get(kind)
        if isinstance(ref, str) and ref.startswith("attach://"):
            upload = files.get(ref.removeprefix("attach://"))
        caption = rules.parse_text(
            str(p.get("caption") or ""), p.get("parse_mode"), p.get("caption_entities")
        )
        with self._cond:
            self._chat(p.get("chat_id"))
            if upload is not None:
                ext = upload.filename.rsplit(".", 1)[-1] if "." in upload.filename else "bin"
                stored = self._new_file(
                    kind,
                    upload.content,
                    ext,
                    filename=upload.filename,
                    mime_type=upload.content_type,
                )
            elif isinstance(ref, str) and ref in self._files:
                stored = self._files[ref]
            elif isinstance(ref, str) and re.match(r"https?://", ref):
                stored = self._new_file(kind, None, "bin", filename=ref.rsplit("/", 1)[-1])
            elif ref is None:
                raise ApiError(400, f"Bad Request: there is no {kind} in the request")
            else:
                raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
            size = len(stored.content) if stored.content is not None else None
            meta: JSONDict = {"file_id": stored.file_id, "file_unique_id": stored.unique_id}
            if size is not None:
                meta["file_size"] = size
            if kind == "document":
                body: JSONDict = {
                    "document": {
                        **meta,
                        "file_name": stored.filename or "file",
                        "mime_type": stored.mime_type,
                    }
                }
            else:
                body = {"photo": [{**meta, "width": 800, "height": 600}]}
            if caption.text:
                body["caption"] = caption.text
                if caption.entities:
                    body["caption_entities"] = list(caption.entities)
            message = self._new_bot_message(p, kind, caption, body)
            self._sent_files.append(SentFile(
                message.chat_id, message.message_id, kind, stored.file_id, stored.filename,
                stored.content, stored.mime_type, caption.text,
            ))  # fmt: skip
            return self._finish(message)

    def _get_file(self, p: JSONDict, f: Any, c: Any) -> JSONDict:
        with self._lock:
            stored = self._files.get(str(p.get("file_id")))
            if stored is None:
                raise ApiError(400, rules.ERR_FILE_ID)
            result: JSONDict = {
                "file_id": stored.file_id,
                "file_unique_id": stored.unique_id,
                "file_path": stored.path,
            }
            if stored.content is not None:
                result["file_size"] = len(stored.content)
            return result


def inline_only(markup: Any) -> JSONDict | None:
    """Telegram keeps (and echoes) only inline keyboards on a message."""
    if isinstance(markup, Mapping) and markup.get("inline_keyboard"):
        return copy.deepcopy(dict(markup))
    return None


def as_int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


__all__ = ["FakeBotMethods", "as_int", "inline_only"]
