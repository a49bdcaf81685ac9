"""Recognised lines → message bubbles: screen chrome dropped, the sender number kept.

Pure: it sees only boxes and texts; which words are chrome comes from ``language.yaml``
(``ScreenWords``). A screenshot of a messages app reads, top to bottom:
status bar (clock, battery, carrier), a header with the sender (number or name), then
bubbles with timestamps or "短信/Text Message" labels between them, then the input bar.
Lines are first joined into rows (boxes that overlap vertically), rows into bubbles; a
bubble ends at a vertical gap wider than a fraction of the line height, at a chrome line,
or where the alignment changes side (received on the left, sent on the right).
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass

from bot.ocr.model import Bubble, OcrLine, OcrPage, ScreenshotText
from bot.ocr.tiles import SCREEN_RATIO
from bot.ocr.words import ScreenWords

__all__ = ["BUBBLE_GAP", "group_bubbles", "sender_number"]

BUBBLE_GAP = 0.75
"""A gap between rows wider than this × the median row height starts a new bubble."""
STATUS_BAND = 0.06
"""Status-bar lines sit in this top fraction of the (first) screen."""
INPUT_BAND = 0.9
"""The input bar's placeholder sits below this fraction of the (last) screen."""
HEADER_BAND = 0.18
"""The header (avatar, sender number or name) sits in this top fraction of the screen."""
HEADER_CHARS = 24
"""A header line is short: a number, a name, a place."""
STAMP_BAND = 0.3
"""A timestamp this high up may end the header."""
SENT_LEFT = 0.22
"""A row starting right of this fraction of the width is in a sent (right-aligned) bubble."""

_NUMBER = re.compile(r"\+?\d[\d\s-]{1,22}\d")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def sender_number(text: str) -> str | None:
    """The number when ``text`` is a sender number alone ("95188", "+86 170 8264 1937")."""
    folded = _fold(text).strip("<>←‹ ")
    if not _NUMBER.fullmatch(folded):
        return None
    digits = re.sub(r"[\s-]", "", folded)
    return digits if 3 <= len(digits.lstrip("+")) <= 20 else None


@dataclass(frozen=True, slots=True)
class _Row:
    lines: tuple[OcrLine, ...]

    @property
    def top(self) -> float:
        return min(x.top for x in self.lines)

    @property
    def bottom(self) -> float:
        return max(x.bottom for x in self.lines)

    @property
    def left(self) -> float:
        return min(x.left for x in self.lines)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def text(self) -> str:
        out = ""
        previous: OcrLine | None = None
        for line in sorted(self.lines, key=lambda x: x.left):
            if previous is not None and line.left - previous.right > previous.height * 0.6:
                out += " "
            out += line.text.strip()
            previous = line
        return out


def _rows(lines: tuple[OcrLine, ...]) -> list[_Row]:
    """Boxes that overlap vertically by half their height are one row (read left to right)."""
    rows: list[list[OcrLine]] = []
    for line in sorted((x for x in lines if x.text.strip()), key=lambda x: x.middle):
        if rows:
            last = rows[-1]
            top, bottom = min(x.top for x in last), max(x.bottom for x in last)
            overlap = min(bottom, line.bottom) - max(top, line.top)
            if overlap > 0.5 * min(line.height, bottom - top):
                last.append(line)
                continue
        rows.append([line])
    return [_Row(tuple(r)) for r in rows]


def _is_header(row: _Row, height: float) -> bool:
    return row.middle < HEADER_BAND * height and len(row.text) <= HEADER_CHARS


def _header_end(rows: list[_Row], height: float, words: ScreenWords) -> int:
    """How many rows at the top are the header: short lines high up before a timestamp,
    or a sender number alone on top (a screenshot cropped just below the header)."""
    first_stamp = next((i for i, r in enumerate(rows) if words.is_timestamp(r.text)), None)
    if first_stamp is not None and rows[first_stamp].middle < STAMP_BAND * height:
        end = 0
        while end < first_stamp and _is_header(rows[end], height):
            end += 1
        return end if end == first_stamp else 0
    if rows and _is_header(rows[0], height) and any(sender_number(x.text) for x in rows[0].lines):
        return 1
    return 0


def group_bubbles(page: OcrPage, words: ScreenWords) -> ScreenshotText:
    """The message bubbles on ``page`` and the sender number in its header, if one shows."""
    # The bands are fractions of one phone screen: a long scrolling capture keeps its
    # status bar and header at the top and its input bar at the bottom.
    screen = min(page.height, page.width * SCREEN_RATIO)
    input_top = page.height - (1 - INPUT_BAND) * screen
    rows = [
        r
        for r in _rows(page.lines)
        if not (r.middle < STATUS_BAND * screen and words.is_status(r.text))
        and not (r.middle > input_top and words.is_input(r.text))
    ]
    header_end = _header_end(rows, screen, words)
    header = [line for r in rows[:header_end] for line in r.lines]
    sender = next((n for x in header if (n := sender_number(x.text))), None)
    body = rows[header_end:]
    stamps = [words.is_timestamp(r.text) for r in body]
    unit = statistics.median(r.bottom - r.top for r in body) if body else 1.0
    bubbles: list[Bubble] = []
    current: list[_Row] = []
    side = False

    def close() -> None:
        if current:
            bubbles.append(Bubble(tuple(r.text for r in current), outgoing=side))
            current.clear()

    for row, stamp in zip(body, stamps, strict=True):
        if stamp:
            close()
            continue
        sent = row.left > SENT_LEFT * page.width
        if current and (sent != side or row.top - current[-1].bottom > BUBBLE_GAP * unit):
            close()
        side = sent
        current.append(row)
    close()
    return ScreenshotText(tuple(bubbles), sender)
