"""Synthetic SMS screenshots drawn with Pillow, for testing OCR end to end.

Two layouts modelled on the phones people in mainland China use: ``ios`` (Messages on a
1170 × 2532 iPhone, sender under a centred avatar, "短信/彩信 · 今天 10:32" labels) and
``android`` (a 1080 × 2400 messages app, sender in a left-aligned app bar, date stamps),
each light or dark. ``telegram_jpeg`` re-encodes a picture as Telegram does with a photo:
longer side scaled to 1280, JPEG quality about 80.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

__all__ = ["FONT_PATHS", "Layout", "cjk_font", "render", "telegram_jpeg", "to_png"]

FONT_PATHS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),  # Debian fonts-wqy-microhei
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),  # Debian fonts-noto-cjk
)


@dataclass(frozen=True, slots=True)
class Layout:
    """One look of a messages app."""

    platform: str  # "ios" or "android"
    dark: bool

    @property
    def name(self) -> str:
        return f"{self.platform}-{'dark' if self.dark else 'light'}"


@cache
def cjk_font(size: int) -> ImageFont.FreeTypeFont:
    """A CJK font at ``size`` px; fails with the Debian package to install when none is."""
    for path in FONT_PATHS:
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    raise FileNotFoundError(
        "no CJK font for the OCR test images: apt-get install fonts-wqy-microhei"
    )


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Lines as a phone wraps them: CJK anywhere, Latin words and numbers at spaces."""
    tokens: list[str] = []
    for ch in text:
        if (
            tokens
            and ch.isascii()
            and not ch.isspace()
            and tokens[-1][-1:].isascii()
            and not tokens[-1][-1:].isspace()
        ):
            tokens[-1] += ch
        else:
            tokens.append(ch)
    lines: list[str] = []
    line = ""
    for token in tokens:
        if font.getlength(line + token) <= width:
            line += token
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = token.lstrip()
        while font.getlength(line) > width:  # a token longer than a line: break it anyway
            cut = max(i for i in range(1, len(line) + 1) if font.getlength(line[:i]) <= width)
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines


def render(
    messages: Sequence[str], sender: str | None, layout: Layout, *, stamps: bool = True
) -> Image.Image:
    """A full-screen screenshot of ``messages`` received from ``sender`` (a bubble each).

    With ``stamps`` a timestamp stands above each bubble, as when they came minutes apart;
    without, consecutive bubbles are separated only by the small gap phones leave. More
    bubbles than fit one screen make a long (scrolling) capture: the picture grows taller,
    with the input bar at its bottom, as phones' "long screenshot" does.
    """
    ios = layout.platform == "ios"
    width, screen = (1170, 2532) if ios else (1080, 2400)
    height = screen + 900 * max(0, len(messages) - 2)  # room enough; cut to size below
    size, small = (51, 36) if ios else (44, 34)
    bg, fg = ("#000000", "#FFFFFF") if layout.dark else ("#FFFFFF", "#000000")
    bubble_bg = (
        ("#262629" if layout.dark else "#E9E9EB")
        if ios
        else ("#303134" if layout.dark else "#F1F3F4")
    )
    grey = "#8E8E93"
    image = Image.new("RGB", (width, height), bg)
    draw = ImageDraw.Draw(image)
    font, small_font = cjk_font(size), cjk_font(small)
    # Status bar: clock left, network and battery right.
    draw.text((90 if ios else 40, 40), "9:41" if ios else "10:32", font=cjk_font(44), fill=fg)
    draw.text((width - 260, 40), "5G  87%", font=cjk_font(38), fill=fg)
    if ios:
        draw.ellipse((width / 2 - 70, 150, width / 2 + 70, 290), fill="#A0A0A8")
        if sender:
            draw.text((width / 2, 330), sender, font=small_font, fill=fg, anchor="mt")
        y = 450
    else:
        draw.line((40, 185, 90, 185), fill=fg, width=5)  # back arrow
        draw.line((40, 185, 65, 160), fill=fg, width=5)
        draw.line((40, 185, 65, 210), fill=fg, width=5)
        draw.text((140, 160), sender or "", font=cjk_font(52), fill=fg)
        draw.line((0, 270, width, 270), fill=grey, width=1)
        y = 330
    pad, radius, leading = (33, 50, 1.28) if ios else (36, 40, 1.32)
    left, max_text = (48, int(width * 0.68)) if ios else (40, int(width * 0.72))
    for number, message in enumerate(messages):
        if stamps or number == 0:
            clock = f"10:{30 + number % 30:02d}"
            stamp = f"短信/彩信 · 今天 {clock}" if ios else f"11月28日 周六 {clock}"
            draw.text((width / 2, y), stamp, font=small_font, fill=grey, anchor="mt")
            y += small + 40
        lines = _wrap(message, font, max_text)
        text_w = max(font.getlength(line) for line in lines)
        box_h = round(len(lines) * size * leading - size * (leading - 1) + 2 * pad)
        draw.rounded_rectangle(
            (left, y, left + text_w + 2 * pad, y + box_h), radius=radius, fill=bubble_bg
        )
        for row, line in enumerate(lines):
            draw.text((left + pad, y + pad + row * size * leading), line, font=font, fill=fg)
        y += box_h + (60 if stamps else 14)
    # A long capture ends a little below the last bubble; then the input bar.
    height = max(screen, round(y) + 260)
    image = image.crop((0, 0, width, height))
    draw = ImageDraw.Draw(image)
    # Input bar with its placeholder.
    bar = height - 170
    draw.rounded_rectangle((150, bar, width - 60, bar + 100), radius=50, outline=grey, width=3)
    draw.text((190, bar + 50), "短信" if ios else "短信", font=small_font, fill=grey, anchor="lm")
    return image


def to_png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def telegram_jpeg(image: Image.Image, *, side: int = 1280, quality: int = 80) -> bytes:
    """``image`` as Telegram delivers a photo: longer side ``side`` px, JPEG ``quality``."""
    scale = side / max(image.size)
    if scale < 1:
        image = image.resize(
            (round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS
        )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()
