"""Bot API wire format shared by the in-process request and the HTTP server of the test double.

PTB sends every parameter as a string: ``str`` values verbatim, everything else JSON-encoded
(``RequestParameter.json_value``), as form fields (multipart when a file is attached).  This
module turns such fields back into Python values the way the Bot API server does - per field,
so that a text of ``"123"`` stays a string - and builds the JSON response envelopes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qsl, unquote

JSONDict = dict[str, Any]

#: Fields whose value is always a plain string on the wire, never JSON.
STRING_FIELDS: Final[frozenset[str]] = frozenset({
    "text", "caption", "parse_mode", "callback_query_id", "url", "action", "language_code",
    "file_id", "inline_message_id", "secret_token", "ip_address", "emoji", "description",
    "short_description", "name", "title", "document", "photo", "thumbnail", "message_effect_id",
    "business_connection_id", "question", "query", "inline_query_id",
})  # fmt: skip
_BOT_PATH = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z0-9_]+)/?")
_FILE_PATH = re.compile(r"/file/bot(?P<token>[^/]+)/(?P<path>.+)")


class ConnectionDropped(Exception):
    """Raised by FakeBotApi for a ``drop`` fault: the transport must answer nothing at all."""


class ApiError(Exception):
    """A Bot API error response (``ok: false``) raised inside FakeBotApi method handlers."""

    def __init__(self, code: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.parameters = parameters


@dataclass(frozen=True)
class UploadedFile:
    """One multipart file part: the bytes PTB uploaded and how it named them."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class ApiResponse:
    """HTTP status plus the JSON body the Bot API would send."""

    status: int
    body: JSONDict

    def to_bytes(self) -> bytes:
        """UTF-8 JSON payload, as sent on the wire."""
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")


def ok(result: Any) -> ApiResponse:
    """A successful ``{"ok": true, "result": ...}`` response."""
    return ApiResponse(200, {"ok": True, "result": result})


def error(code: int, description: str, parameters: JSONDict | None = None) -> ApiResponse:
    """An ``{"ok": false, "error_code": ..., "description": ...}`` response."""
    body: JSONDict = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return ApiResponse(code, body)


def decode_params(fields: Mapping[str, Any]) -> JSONDict:
    """Decode wire fields into Python values: JSON for structured/numeric fields, else str."""
    params: JSONDict = {}
    for key, value in fields.items():
        if isinstance(value, str) and key not in STRING_FIELDS:
            try:
                params[key] = json.loads(value)
            except ValueError:
                params[key] = value
        else:
            params[key] = value
    return params


def split_bot_path(path: str) -> tuple[str, str] | None:
    """``/bot<token>/<method>`` (anywhere at the end of ``path``) -> (token, method)."""
    path = unquote(path)
    match = _BOT_PATH.search(path)
    if match is None or _FILE_PATH.search(path):
        return None
    return match["token"], match["method"]


def split_file_path(path: str) -> tuple[str, str] | None:
    """``/file/bot<token>/<file_path>`` -> (token, file_path); percent-escapes decoded.

    PTB percent-encodes the URL (the ``:`` of the token becomes ``%3A``).
    """
    match = _FILE_PATH.search(unquote(path))
    return (match["token"], match["path"]) if match else None


def parse_body(
    content_type: str, body: bytes
) -> tuple[dict[str, str | Any], dict[str, UploadedFile]]:
    """Parse a request body (form, multipart or JSON) into (fields, files).

    Raises:
        ValueError: for a body that cannot be parsed.
    """
    mime, _, options = content_type.partition(";")
    mime = mime.strip().lower()
    if not body:
        return {}, {}
    if mime == "application/json":
        loaded = json.loads(body.decode("utf-8"))
        if not isinstance(loaded, dict):
            raise ValueError("JSON body must be an object")
        return loaded, {}
    if mime == "multipart/form-data":
        boundary = _header_param(options, "boundary")
        if not boundary:
            raise ValueError("multipart body without boundary")
        return parse_multipart(body, boundary)
    return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True)), {}


def parse_multipart(body: bytes, boundary: str) -> tuple[dict[str, str], dict[str, UploadedFile]]:
    """Minimal RFC 7578 parser (stdlib ``cgi`` is deprecated): text fields and file parts."""
    fields: dict[str, str] = {}
    files: dict[str, UploadedFile] = {}
    delimiter = b"--" + boundary.encode("latin-1")
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break  # closing delimiter
        head, sep, content = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            raise ValueError("malformed multipart part")
        content = content.removesuffix(b"\r\n")
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            header, _, value = line.partition(":")
            headers[header.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        name = _header_param(disposition, "name")
        if name is None:
            continue
        filename = _header_param(disposition, "filename")
        if filename is None:
            fields[name] = content.decode("utf-8")
        else:
            kind = headers.get("content-type", "application/octet-stream")
            files[name] = UploadedFile(filename, content, kind)
    return fields, files


def _header_param(header: str, key: str) -> str | None:
    match = re.search(rf'(?:^|;)\s*{key}=(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))', header)
    if match is None:
        return None
    quoted, bare = match.groups()
    if quoted is None:
        return str(bare)
    # httpx (HTML5 form encoding) writes \\ as \\\\, " as %22 and control characters as %XX.
    return re.sub(
        r"\\(.)|%(22|[01][0-9A-F])",
        lambda m: m[1] if m[1] is not None else chr(int(m[2], 16)),
        quoted,
    )


__all__ = [
    "STRING_FIELDS",
    "ApiError",
    "ApiResponse",
    "ConnectionDropped",
    "UploadedFile",
    "decode_params",
    "error",
    "ok",
    "parse_body",
    "parse_multipart",
    "split_bot_path",
    "split_file_path",
]
