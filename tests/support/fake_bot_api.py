"""In-memory Telegram Bot API (the test double): method semantics behind FakeRequest/BotApiServer.

``FakeBotApi.handle_request(token, method, params, files)`` is the single entry point both
transports use: it applies planned faults, Telegram's stateless checks
(:func:`tests.support.telegram_rules.check_call`), then the stateful method, records the call
and returns an :class:`ApiResponse` in the real ``{"ok": ..., ...}`` shape.  Faulted or
rejected calls never change state.
"""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from tests.support import telegram_rules as rules
from tests.support.bot_api_wire import (
    ApiError,
    ApiResponse,
    ConnectionDropped,
    JSONDict,
    UploadedFile,
    error,
    ok,
)
from tests.support.fake_bot_methods import FakeBotMethods, as_int
from tests.support.fake_bot_models import (
    DEFAULT_TOKEN,
    MessageView,
    RecordedCall,
    SentFile,
    scope_key,
)

_TOKEN_FORMAT = re.compile(r"\d+:[A-Za-z0-9_-]{30,}")
_STATUS_OF = {"Bad Request": 400, "Unauthorized": 401, "Forbidden": 403, "Not Found": 404,
              "Conflict": 409}  # fmt: skip
_METHODS = (
    "getMe", "getUpdates", "sendMessage", "editMessageText", "editMessageReplyMarkup",
    "answerCallbackQuery", "setMyCommands", "deleteMyCommands", "getMyCommands",
    "sendChatAction", "sendDocument", "sendPhoto", "deleteWebhook", "setWebhook",
    "getWebhookInfo", "deleteMessage", "getFile", "close", "logOut",
)  # fmt: skip
Handler = Callable[[JSONDict, dict[str, UploadedFile], Callable[[], bool] | None], Any]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class FakeBotApi(FakeBotMethods):
    """Thread-safe in-memory Bot API: state machine, user simulation, faults and readers."""

    def __init__(self, token: str = DEFAULT_TOKEN, **kwargs: Any) -> None:
        super().__init__(token, **kwargs)
        #: Exceptions the double itself raised while serving a call (should stay empty).
        self.internal_errors: list[str] = []
        self._methods: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, getattr(self, f"_{_snake(name)}")) for name in _METHODS
        }

    # ---------------------------------------------------------------- dispatching
    def handle_request(
        self,
        token: str,
        method: str,
        params: Mapping[str, Any] | None = None,
        files: Mapping[str, UploadedFile] | None = None,
        *,
        transport: str = "direct",
        cancelled: Callable[[], bool] | None = None,
    ) -> ApiResponse:
        """Serve ``/bot<token>/<method>``: 404 for a malformed token, 401 for a wrong one."""
        if token != self.token:
            if _TOKEN_FORMAT.fullmatch(token):
                return error(401, rules.ERR_UNAUTHORIZED)
            return error(404, rules.ERR_NOT_FOUND)
        return self.handle(method, params, files, transport=transport, cancelled=cancelled)

    def handle(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        files: Mapping[str, UploadedFile] | None = None,
        *,
        transport: str = "direct",
        cancelled: Callable[[], bool] | None = None,
    ) -> ApiResponse:
        """Run one (already decoded) Bot API call. Raises ConnectionDropped for ``drop``."""
        arrived, wall = time.monotonic(), time.time()
        params, files = copy.deepcopy(dict(params or {})), dict(files or {})
        name, impl = self._methods.get(method.lower(), (method, None))
        fault = self._take_fault(name)
        if fault is not None and fault.kind == "delay":
            time.sleep(fault.seconds)

        def record(status: int, description: str | None) -> None:
            self._record(RecordedCall(
                name, params, {k: f.filename for k, f in files.items()}, arrived, wall,
                time.monotonic() - arrived, status, description, transport,
                fault.kind if fault else None,
            ))  # fmt: skip

        if fault is not None and fault.kind == "refuse":
            raise ConnectionRefusedError(name)  # never arrived: not recorded
        if fault is not None and fault.kind == "drop":
            record(0, "connection dropped")
            raise ConnectionDropped(name)
        if fault is not None and fault.kind == "error":
            extra = {"retry_after": fault.retry_after} if fault.retry_after is not None else None
            response = error(fault.status, fault.description, extra)
        elif impl is None:
            response = error(404, rules.ERR_NOT_FOUND)
        elif problem := rules.check_call(name, params):
            response = error(_STATUS_OF.get(problem.split(":")[0], 400), problem)
        else:
            try:
                response = ok(impl(params, files, cancelled))
            except ApiError as exc:
                response = error(exc.code, exc.description, exc.parameters)
            except Exception as exc:  # a bug in the double or params it cannot digest
                self.internal_errors.append(f"{name}: {exc!r}")
                response = error(500, f"Internal Server Error: fake Bot API failed: {exc!r}")
        record(response.status, response.body.get("description"))
        if fault is not None and fault.kind == "reset":
            raise ConnectionDropped(name)  # applied, but the answer never leaves
        return response

    def download(self, token: str, file_path: str) -> tuple[int, bytes, str]:
        """Serve ``/file/bot<token>/<file_path>``: (status, body, content type)."""
        with self._lock:
            found = next((f for f in self._files.values() if f.path == file_path), None)
            self.downloads.append(file_path)
            if token != self.token or found is None or found.content is None:
                return 404, error(404, rules.ERR_NOT_FOUND).to_bytes(), "application/json"
            return 200, found.content, found.mime_type or "application/octet-stream"

    # ------------------------------------------------------------------- methods
    def _get_me(self, p: JSONDict, f: Any, c: Any) -> JSONDict:
        return copy.deepcopy(self.bot_user)

    def _set_my_commands(self, p: JSONDict, f: Any, c: Any) -> bool:
        commands = [
            {
                "command": str(x["command"]).strip().removeprefix("/"),
                "description": str(x["description"]).strip(),
            }
            for x in p["commands"]
        ]
        with self._cond:
            key = (scope_key(p.get("scope")), str(p.get("language_code") or ""))
            if commands:
                self._commands[key] = commands
            else:
                self._commands.pop(key, None)
            self._changed()
            return True

    def _delete_my_commands(self, p: JSONDict, f: Any, c: Any) -> bool:
        with self._cond:
            self._commands.pop(
                (scope_key(p.get("scope")), str(p.get("language_code") or "")), None
            )
            self._changed()
            return True

    def _get_my_commands(self, p: JSONDict, f: Any, c: Any) -> list[JSONDict]:
        with self._lock:
            key = (scope_key(p.get("scope")), str(p.get("language_code") or ""))
            return copy.deepcopy(self._commands.get(key, []))

    def _set_webhook(self, p: JSONDict, f: Any, c: Any) -> bool:
        with self._cond:
            url = str(p.get("url") or "")
            self._webhook = (
                {"url": url, "allowed_updates": p.get("allowed_updates")} if url else None
            )
            if p.get("drop_pending_updates"):
                self._updates.clear()
            return True

    def _delete_webhook(self, p: JSONDict, f: Any, c: Any) -> bool:
        with self._cond:
            self._webhook = None
            if p.get("drop_pending_updates"):
                self._updates.clear()
            return True

    def _get_webhook_info(self, p: JSONDict, f: Any, c: Any) -> JSONDict:
        with self._lock:
            info: JSONDict = {
                "url": self.webhook_url,
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }
            if self._webhook:
                info["max_connections"] = 40
            return info

    def _close(self, p: JSONDict, f: Any, c: Any) -> bool:
        return True

    def _log_out(self, p: JSONDict, f: Any, c: Any) -> bool:
        return True

    def _get_updates(
        self, p: JSONDict, f: Any, cancelled: Callable[[], bool] | None
    ) -> list[JSONDict]:
        offset, timeout = as_int(p.get("offset", 0)), float(p.get("timeout") or 0)
        limit = min(
            max(as_int(p.get("limit", 100)) or 100, rules.MIN_UPDATES_LIMIT),
            rules.MAX_UPDATES_LIMIT,
        )
        with self._cond:
            if self._webhook:
                raise ApiError(409, rules.ERR_WEBHOOK_ACTIVE)
            if p.get("allowed_updates") is not None:
                wanted = frozenset(p["allowed_updates"])
                self._allowed_updates = wanted or rules.DEFAULT_UPDATE_TYPES
            if offset < 0:
                self._updates = self._updates[offset:]
            elif offset > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self._poll_generation += 1
            generation, epoch = self._poll_generation, self._release_epoch
            self._waiting_polls += 1
            self._changed()  # an older long-poll of this bot must now give up (409)
            try:
                return self._poll(generation, epoch, timeout, limit, cancelled)
            finally:
                self._waiting_polls -= 1
                self._changed()

    def _poll(
        self,
        generation: int,
        epoch: int,
        timeout: float,
        limit: int,
        cancelled: Callable[[], bool] | None,
    ) -> list[JSONDict]:
        """Long-poll loop; call with the lock held."""
        deadline = time.monotonic() + timeout
        while True:
            if self._poll_generation != generation:
                raise ApiError(409, rules.ERR_POLL_TERMINATED)
            self._updates = [u for u in self._updates if _kind(u) in self._allowed_updates]
            if self._updates or self._release_epoch != epoch or (cancelled and cancelled()):
                return copy.deepcopy(self._updates[:limit])
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            # With a "client gone" probe, wake up now and then to run it.
            self._cond.wait(min(remaining, 0.2) if cancelled else remaining)

    def reply_texts(self, chat_id: int) -> list[str]:
        """Current texts of the bot's messages in a chat, oldest first (assertion helper)."""
        return [m.text for m in self.messages(chat_id)]


def _kind(update: JSONDict) -> str:
    return next((k for k in update if k != "update_id"), "")


__all__ = ["DEFAULT_TOKEN", "FakeBotApi", "MessageView", "RecordedCall", "SentFile"]
