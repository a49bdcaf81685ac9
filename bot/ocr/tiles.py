"""A long screenshot read in overlapping bands, so its text stays big enough to read.

Detection scales an image so its longer side is at most 1280 px. A phone screen
(1170 × 2532) keeps its text about half size, which reads well; a scrolling capture five
screens tall would shrink it to a fifth, below what the recogniser can read. So an image
more than ``TILE_RATIO`` times as tall as wide is cut into bands one screen tall
(``SCREEN_RATIO`` × width), each overlapping the next by ``OVERLAP`` × width, and each band
is read on its own. A line in an overlap is read twice: each band keeps only the lines whose
middle lies on its side of the overlap's midline, and a line is far shorter than half the
overlap, so the one kept was whole in that band.

Pure: band geometry and merging only; ``screenshot.read_page`` crops and reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.ocr.model import OcrLine

__all__ = ["OVERLAP", "SCREEN_RATIO", "TILE_RATIO", "bands", "merge"]

SCREEN_RATIO = 2.4
"""A band is one phone screen: this many times as tall as the image is wide."""
TILE_RATIO = 3.0
"""Images taller than this × their width are read in bands; phone screens (≤ 2.4) are not."""
OVERLAP = 0.25
"""Consecutive bands share this × width pixels (about four lines of text)."""


def bands(width: int, height: int) -> tuple[tuple[int, int], ...]:
    """``(top, bottom)`` of each band, top to bottom; one band for a normal screenshot."""
    if width <= 0 or height <= width * TILE_RATIO:
        return ((0, height),)
    size = round(width * SCREEN_RATIO)
    step = size - round(width * OVERLAP)
    out: list[tuple[int, int]] = []
    top = 0
    while top + size < height:
        out.append((top, top + size))
        top += step
    out.append((height - size, height))  # the last one ends at the bottom, full size
    return tuple(out)


def merge(
    spans: Sequence[tuple[int, int]], found: Sequence[Sequence[OcrLine]]
) -> tuple[OcrLine, ...]:
    """The lines of every band (``found[i]`` in band ``spans[i]``'s own coordinates) in
    image coordinates, each line once.

    A band keeps the lines whose middle is between the midlines of its overlaps with the
    bands before and after it. A line lying on a midline is read a pixel higher in one band
    than in the other, so either copy may fall on the wrong side: a band also takes a line
    whose middle is just above its upper midline (still well inside the band, so whole)
    unless the band before kept it, and skips a line the band before kept.
    """
    cuts = [(spans[i][1] + spans[i + 1][0]) / 2 for i in range(len(spans) - 1)]
    lines: list[OcrLine] = []
    for index, ((top, _), band_lines) in enumerate(zip(spans, found, strict=True)):
        upper = cuts[index - 1] if index else float("-inf")
        lower = cuts[index] if index < len(cuts) else float("inf")
        near = upper - (upper - top) / 2 if index else upper  # a quarter of the overlap
        earlier = len(lines)
        for line in band_lines:
            moved = replace(line, top=line.top + top, bottom=line.bottom + top)
            if not near <= moved.middle < lower:
                continue
            if index and any(_same(moved, kept) for kept in lines[:earlier]):
                continue  # the band before read it (on its side of the midline)
            lines.append(moved)
    return tuple(lines)


def _same(a: OcrLine, b: OcrLine) -> bool:
    """Two readings of one line: their boxes overlap over half the lower one's height and
    over half the narrower one's width."""
    tall = min(a.bottom, b.bottom) - max(a.top, b.top)
    wide = min(a.right, b.right) - max(a.left, b.left)
    narrow = min(a.right - a.left, b.right - b.left)
    return tall > min(a.height, b.height) / 2 and wide > max(narrow, 1.0) / 2
