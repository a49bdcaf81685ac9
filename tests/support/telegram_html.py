"""Telegram's ``parse_mode=HTML`` parser, ported from tdlib's ``parse_html`` for the test double.

It works on UTF-8 bytes because Telegram reports errors at *byte* offsets, and produces entity
offsets in UTF-16 code units like the Bot API does.  Error messages match tdlib's test suite
(test/message_entities.cpp), e.g. ``Unsupported start tag "p" at byte offset 0``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

SUPPORTED_TAGS: Final[frozenset[str]] = frozenset({
    "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji",
    "span", "pre", "code", "blockquote",
})  # fmt: skip
NAMED_ENTITIES: Final[dict[bytes, str]] = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}
_SIMPLE: Final[dict[str, str]] = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "tg-spoiler": "spoiler",
}  # fmt: skip
_LT, _GT, _AMP, _SLASH, _EQ, _SEMI = b"<>&/=;"
_SPACES: Final = frozenset(b" \t\r\n\x0b\x00")


class EntityParseError(ValueError):
    """Invalid Telegram HTML; ``str(exc)`` is tdlib's message (after "can't parse entities: ")."""


@dataclass
class _Open:
    tag: str
    argument: str
    utf16_offset: int
    out_pos: int


def parse_html(html: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into (visible text, Bot API entity dicts) or raise EntityParseError."""
    return _Parser(html.encode("utf-8")).run()


class _Parser:
    """Single-use byte-level state machine mirroring tdlib's control flow."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.out = bytearray()
        self.utf16 = 0
        self.stack: list[_Open] = []
        self.entities: list[dict[str, Any]] = []

    def at(self, i: int) -> int:
        return self.data[i] if i < len(self.data) else 0

    def run(self) -> tuple[str, list[dict[str, Any]]]:
        i = 0
        while i < len(self.data):
            c = self.data[i]
            if c == _AMP:
                decoded = decode_entity(self.data, i)
                if decoded is not None:
                    char, i = decoded
                    self.out += char.encode("utf-8")
                    self.utf16 += 2 if ord(char) > 0xFFFF else 1
                    continue
            if c != _LT:
                if c & 0xC0 != 0x80:
                    self.utf16 += 2 if c >= 0xF0 else 1
                self.out.append(c)
                i += 1
                continue
            i = self.start_tag(i) if self.at(i + 1) != _SLASH else self.end_tag(i)
        if self.stack:
            raise EntityParseError(
                f"Can't find end tag corresponding to start tag {self.stack[-1].tag}"
            )
        for entity in self.entities:
            entity.pop("_language", None)
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return self.out.decode("utf-8"), self.entities

    def start_tag(self, begin: int) -> int:
        i = begin + 1
        while self.at(i) not in _SPACES and self.at(i) != _GT:
            i += 1
        if self.at(i) == 0:
            raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
        tag = self.data[begin + 1 : i].lower().decode("utf-8", "replace")
        if tag not in SUPPORTED_TAGS:
            raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
        argument = ""
        while self.at(i) != _GT:
            while self.at(i) != 0 and self.at(i) in _SPACES:
                i += 1
            if self.at(i) == _GT:
                break
            name_begin = i
            while self.at(i) not in _SPACES and self.at(i) not in (_EQ, _GT):
                i += 1
            name = self.data[name_begin:i].decode("utf-8", "replace")
            if not name:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                )
            while self.at(i) != 0 and self.at(i) in _SPACES:
                i += 1
            if self.at(i) != _EQ:
                if tag == "blockquote" and name == "expandable":
                    argument = "expandable"
                    continue
                raise EntityParseError(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" at byte offset {begin}'
                )
            i += 1
            while self.at(i) != 0 and self.at(i) in _SPACES:
                i += 1
            if self.at(i) == 0:
                raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            value, i = self.attribute_value(i)
            if self.at(i) == 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
            if tag == "a" and name == "href":
                argument = value
            elif tag == "code" and name == "class" and value.startswith("language-"):
                argument = value[len("language-") :]
            elif tag == "span" and name == "class" and value.startswith("tg-"):
                argument = value[len("tg-") :]
            elif tag == "tg-emoji" and name == "emoji-id":
                argument = value
        if tag == "span" and argument != "spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {begin}'
            )
        self.stack.append(_Open(tag, argument, self.utf16, len(self.out)))
        return i + 1

    def attribute_value(self, i: int) -> tuple[str, int]:
        quote = self.at(i)
        if quote not in b"'\"":
            begin = i
            while chr(self.at(i)).isalnum() and self.at(i) < 0x80 or self.at(i) in b".-":
                i += 1
            if self.at(i) not in _SPACES and self.at(i) != _GT:
                raise EntityParseError(f"Unexpected end of name token at byte offset {begin}")
            return self.data[begin:i].lower().decode("utf-8"), i
        i += 1
        value = bytearray()
        while self.at(i) != quote and self.at(i) != 0:
            if self.at(i) == _AMP and (decoded := decode_entity(self.data, i)) is not None:
                value += decoded[0].encode("utf-8")
                i = decoded[1]
                continue
            value.append(self.at(i))
            i += 1
        if self.at(i) == quote:
            i += 1
        return value.decode("utf-8", "replace"), i

    def end_tag(self, begin: int) -> int:
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
        i = begin + 2
        while self.at(i) not in _SPACES and self.at(i) != _GT:
            i += 1
        end_name = self.data[begin + 2 : i].lower().decode("utf-8", "replace")
        while self.at(i) in _SPACES and self.at(i) != 0:
            i += 1
        if self.at(i) != _GT:
            raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
        opened = self.stack.pop()
        if end_name and end_name != opened.tag:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{opened.tag}>", '
                f'found "</{end_name}>"'
            )
        if self.utf16 > opened.utf16_offset:
            self.add_entity(opened)
        return i + 1

    def add_entity(self, opened: _Open) -> None:
        entity: dict[str, Any] = {
            "offset": opened.utf16_offset,
            "length": self.utf16 - opened.utf16_offset,
        }
        tag = opened.tag
        if tag in _SIMPLE or tag == "span":
            entity["type"] = _SIMPLE.get(tag, "spoiler")
        elif tag == "tg-emoji":
            if not opened.argument.isdigit() or int(opened.argument) == 0:
                raise EntityParseError("Invalid custom emoji identifier specified")
            entity.update(type="custom_emoji", custom_emoji_id=opened.argument)
        elif tag == "a":
            url = opened.argument or self.out[opened.out_pos :].decode("utf-8", "replace")
            if not url.strip():
                return  # tdlib silently drops links it can't check
            entity.update(type="text_link", url=url)
        elif tag == "blockquote":
            entity["type"] = "expandable_blockquote" if opened.argument else "blockquote"
        elif tag == "pre":
            previous = self.entities[-1] if self.entities else None
            if (
                previous
                and previous["type"] == "code"
                and _same_span(previous, entity)
                and "_language" in previous
            ):
                previous.update(type="pre", language=previous.pop("_language"))
                return
            entity["type"] = "pre"
        else:  # code
            previous = self.entities[-1] if self.entities else None
            if previous and previous["type"] == "pre" and _same_span(previous, entity):
                if opened.argument:
                    previous["language"] = opened.argument
                return
            entity["type"] = "code"
            if opened.argument:
                entity["_language"] = opened.argument  # dropped in run() unless <pre> wraps it
        self.entities.append(entity)


def _same_span(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a["offset"] == b["offset"] and a["length"] == b["length"])


def decode_entity(data: bytes, pos: int) -> tuple[str, int] | None:
    """Decode the character reference at ``data[pos] == '&'``: (char, next pos) or None.

    None means "not an entity": the ``&`` is then kept literally, as Telegram does.
    """
    end = pos + 1
    code = 0
    if data[end : end + 1] == b"#":
        end += 1
        hexadecimal = data[end : end + 1] == b"x"
        end += hexadecimal
        digits = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
        while end < len(data) and chr(data[end]) in digits:
            code = code * (16 if hexadecimal else 10) + int(chr(data[end]), 16)
            end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None
        if 0xD800 <= code <= 0xDFFF:
            raise EntityParseError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            )
        char = chr(code)
    else:
        while end < len(data) and chr(data[end]).isascii() and chr(data[end]).isalpha():
            end += 1
        named = NAMED_ENTITIES.get(data[pos + 1 : end])
        if named is None:
            return None
        char = named
    if data[end : end + 1] == b";":
        end += 1
    return char, end


__all__ = ["NAMED_ENTITIES", "SUPPORTED_TAGS", "EntityParseError", "decode_entity", "parse_html"]
