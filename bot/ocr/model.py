"""What OCR gives back: recognised lines on a page, and the message bubbles made of them."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Bubble", "OcrLine", "OcrPage", "ScreenshotText"]


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One recognised line: its axis-aligned box in image pixels, its text and confidence."""

    left: float
    top: float
    right: float
    bottom: float
    text: str
    score: float = 1.0

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def middle(self) -> float:
        """Vertical centre."""
        return (self.top + self.bottom) / 2

    @property
    def centre(self) -> float:
        """Horizontal centre."""
        return (self.left + self.right) / 2


@dataclass(frozen=True, slots=True)
class OcrPage:
    """Every line recognised in one image of ``width`` × ``height`` pixels (reading order)."""

    width: int
    height: int
    lines: tuple[OcrLine, ...]


@dataclass(frozen=True, slots=True)
class Bubble:
    """One message bubble: its lines top to bottom; ``outgoing`` when right-aligned (sent)."""

    lines: tuple[str, ...]
    outgoing: bool = False

    @property
    def text(self) -> str:
        """The lines joined back into the message (a wrapped line continues the previous)."""
        out = ""
        for line in self.lines:
            if out and _latin(out[-1]) and _latin(line[:1]):
                out += " "  # phones wrap Latin words and numbers at a space
            out += line
        return out


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass(frozen=True, slots=True)
class ScreenshotText:
    """What a screenshot says: its message bubbles and the sender number shown, if any."""

    bubbles: tuple[Bubble, ...]
    sender: str | None = None

    @property
    def received(self) -> tuple[Bubble, ...]:
        """The bubbles received (the sender's), or every bubble when none is told apart."""
        incoming = tuple(b for b in self.bubbles if not b.outgoing)
        return incoming or self.bubbles

    @property
    def text(self) -> str:
        """The received bubbles' texts, separated by blank lines (the SMS paste format)."""
        return "\n\n".join(b.text for b in self.received)
