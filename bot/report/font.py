"""Find and register the CJK TrueType font every report embeds (Debian ``fonts-wqy-microhei``).

reportlab's built-in CID font STSong-Light is not embedded: a reader without it shows
boxes, and pdftotext extracts it badly. A TrueType font is embedded as a subset of the
glyphs used, so the PDF looks the same everywhere and its text can be copied.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from bot.errors import ReportError

__all__ = ["FONT_ENV", "FONT_FAMILY", "KNOWN_PATHS", "CjkFont", "find_font", "load_font"]

FONT_ENV = "PAIDOFF_REPORT_FONT"
"""A TrueType (.ttf/.ttc) file to use instead of the one found."""
FONT_FAMILY = "WenQuanYi Micro Hei"
KNOWN_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/local/share/fonts/wqy-microhei.ttc",
)
_INSTALL = "install the Debian package fonts-wqy-microhei (apt-get install fonts-wqy-microhei)"


@dataclass(frozen=True)
class CjkFont:
    """A registered font: the name reportlab knows it by, and the characters it can draw."""

    name: str
    path: Path
    glyphs: frozenset[int]

    def has_glyph(self, code: int) -> bool:
        """Whether the font draws code point ``code`` (else a PDF would show a box)."""
        return code in self.glyphs


def find_font() -> Path:
    """The CJK font file: ``PAIDOFF_REPORT_FONT``, then fontconfig, then known paths."""
    chosen = os.environ.get(FONT_ENV, "").strip()
    if chosen:
        path = Path(chosen)
        if not path.is_file():
            raise ReportError(f"{FONT_ENV}={chosen}: no such font file")
        return path
    for found in (_fontconfig(), *map(Path, KNOWN_PATHS)):
        if found is not None and found.is_file():
            return found
    raise ReportError(f"no Chinese font for the PDF report: {_INSTALL}")


@cache
def load_font(path: Path | None = None) -> CjkFont:
    """Register the font at ``path`` (default: :func:`find_font`) with reportlab, once."""
    path = path or find_font()
    name = "PaidOffCJK-" + hashlib.sha1(str(path).encode()).hexdigest()[:8]
    try:
        font = TTFont(name, str(path), subfontIndex=0)
    except Exception as exc:  # reportlab raises TTFError and plain errors alike
        raise ReportError(f"{path}: not a usable TrueType font ({exc}); {_INSTALL}") from exc
    pdfmetrics.registerFont(font)
    glyphs = frozenset(font.face.charToGlyph)
    if ord("中") not in glyphs:
        raise ReportError(f"{path}: this font has no Chinese characters; {_INSTALL}")
    return CjkFont(name=name, path=path, glyphs=glyphs)


def _fontconfig() -> Path | None:
    """The file fontconfig serves for the family, if it serves that family (not a fallback)."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        found = subprocess.run(
            [fc_match, "-f", "%{family}\t%{file}", FONT_FAMILY],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    family, _, file = found.partition("\t")
    return Path(file) if FONT_FAMILY in family and file else None
