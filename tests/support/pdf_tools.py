"""Reading a PDF the way a person would: its text (pdftotext), its fonts (pdffonts) and
its pixels (pdftoppm), plus a check that distinct characters drew distinct glyphs.

The poppler tools come from Debian's poppler-utils (installed by .ci/run).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Gray",
    "WordBox",
    "glyph_spread",
    "pdf_fonts",
    "pdf_pages",
    "pdf_text",
    "pdf_words",
    "render_page",
    "tool",
]


def tool(name: str) -> str:
    """The path of a poppler tool; fails loudly (not skips) when it is not installed."""
    found = shutil.which(name)
    assert found, f"{name} is missing: apt-get install poppler-utils (see .ci/run)"
    return found


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def pdf_text(path: Path) -> str:
    """All text of the PDF, as pdftotext extracts it (UTF-8)."""
    return _run(tool("pdftotext"), "-enc", "UTF-8", str(path), "-")


def pdf_pages(path: Path) -> int:
    """The number of pages pdfinfo reports."""
    found = re.search(r"^Pages:\s+(\d+)", _run(tool("pdfinfo"), str(path)), re.MULTILINE)
    assert found, "pdfinfo gave no page count"
    return int(found.group(1))


def pdf_fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table: name, type, emb, sub, uni of each font."""
    lines = _run(tool("pdffonts"), str(path)).splitlines()[2:]
    out = []
    for line in lines:
        cells = line.split()
        # name type... encoding emb sub uni object ID: the last five are fixed.
        out.append({"name": cells[0], "emb": cells[-5], "sub": cells[-4], "uni": cells[-3]})
    return out


@dataclass(frozen=True)
class WordBox:
    """A run of text on a page and its box, in points from the top left."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def pdf_words(path: Path, page: int = 1) -> list[WordBox]:
    """The words of ``page`` with their boxes (pdftotext -bbox)."""
    out = _run(tool("pdftotext"), "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    return [
        WordBox(html.unescape(t), float(a), float(b), float(c), float(d))
        for a, b, c, d, t in re.findall(pattern, out)
    ]


@dataclass(frozen=True)
class Gray:
    """A grayscale image: ``pixels[y * width + x]``, 0 black … 255 white."""

    width: int
    height: int
    pixels: bytes

    def crop_ink(self, x0: int, y0: int, x1: int, y1: int) -> tuple[bool, ...]:
        """The box as ink (dark) / paper, row by row."""
        return tuple(
            self.pixels[y * self.width + x] < 128 for y in range(y0, y1) for x in range(x0, x1)
        )


def render_page(path: Path, tmp: Path, dpi: int, page: int = 1) -> Gray:
    """Page ``page`` rendered by pdftoppm as grayscale at ``dpi``."""
    stem = tmp / f"page-{page}"
    subprocess.run(
        [
            tool("pdftoppm"),
            "-gray",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(path),
            str(stem),
        ],
        check=True,
        timeout=60,
    )
    data = (stem.with_suffix(".pgm")).read_bytes()
    found = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    assert found, "pdftoppm did not write an 8-bit PGM"
    width, height = int(found.group(1)), int(found.group(2))
    return Gray(width, height, data[found.end() : found.end() + width * height])


def glyph_spread(image: Gray, word: WordBox, dpi: int) -> float:
    """How different the drawn glyphs of ``word`` are, from 0 (all alike) upwards.

    ``word`` must be full-width characters (CJK), each one em wide, so the box splits
    into equal cells. For each pair of cells showing *different* characters, the share of
    pixels that differ (at the best of three one-pixel shifts, so that a box landing a
    pixel over is still the same box); the median of those. Tofu (one box for every
    missing character) scores near 0; real glyphs of different characters far higher.
    """
    scale = dpi / 72
    n = len(word.text)
    x0, x1 = word.x0 * scale, word.x1 * scale
    y0, y1 = int(word.y0 * scale), int(word.y1 * scale) + 1
    step = (x1 - x0) / n
    width = int(step)

    def cell(i: int, dx: int = 0) -> tuple[bool, ...]:
        left = max(int(x0 + i * step) + dx, 0)
        return image.crop_ink(left, y0, left + width, y1)

    def distance(i: int, j: int) -> float:
        here = cell(i)
        return min(
            sum(a != b for a, b in zip(here, cell(j, dx), strict=True)) / len(here)
            for dx in (-1, 0, 1)
        )

    diffs = sorted(
        distance(i, j) for i in range(n) for j in range(i + 1, n) if word.text[i] != word.text[j]
    )
    assert diffs, "the word has no two different characters to compare"
    return diffs[len(diffs) // 2]
