"""The screen-chrome words come from knowledge/language.yaml (``screenshot``): a word added
there is dropped from what a screenshot is read as, and a badly written one is refused.

Long captures are read in overlapping bands (bot/ocr/tiles.py): every line once, whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.loader import load_knowledge
from bot.ocr import OcrLine, OcrPage, ScreenWords, group_bubbles
from bot.ocr.tiles import bands, merge
from tests.unit.test_knowledge_broken import _replace, assert_refused, folder

__all__ = ["folder"]  # the fixture, shared with the other broken-folder tests

LANGUAGE = "language.yaml"
W, H = 1170, 2532


def _page(*texts: tuple[str, float]) -> OcrPage:
    return OcrPage(W, H, tuple(OcrLine(77, top, 850, top + 56, text) for text, top in texts))


def _words(folder: Path) -> ScreenWords:
    return ScreenWords.from_knowledge(load_knowledge(folder))


def test_a_timestamp_word_added_to_the_yaml_splits_and_is_dropped(folder: Path) -> None:
    page = _page(("第一条短信", 560), ("简讯 10:32", 620), ("第二条短信", 680))
    before = group_bubbles(page, _words(folder))
    assert [b.text for b in before.bubbles] == ["第一条短信简讯 10:32第二条短信"]
    _replace(LANGUAGE, "  labels: [短信/彩信,", "  labels: [简讯, 短信/彩信,")(folder)
    after = group_bubbles(page, _words(folder))
    assert [b.text for b in after.bubbles] == ["第一条短信", "第二条短信"]


def test_an_input_word_removed_from_the_yaml_is_read_as_text(folder: Path) -> None:
    page = _page(("您的借呗已逾期。", 560), ("输入信息", 2400))
    assert group_bubbles(page, _words(folder)).text == "您的借呗已逾期。"
    _replace(LANGUAGE, " 输入短信, 输入信息,", " 输入短信,")(folder)
    assert group_bubbles(page, _words(folder)).text.endswith("输入信息")


def test_traditional_chrome_matches_the_simplified_word(folder: Path) -> None:
    # Compared normalised, as the YAML says: "昨天 下午" written in Traditional still is.
    page = _page(("第一条短信", 560), ("昨天 下午3:15", 620), ("第二条短信", 680))
    assert len(group_bubbles(page, _words(folder)).bubbles) == 2
    page = _page(("第一条短信", 560), ("昨天 下午3:15 簡訊", 620), ("第二条短信", 680))
    _replace(LANGUAGE, "  labels: [短信/彩信,", "  labels: [简讯, 短信/彩信,")(folder)
    assert len(group_bubbles(page, _words(folder)).bubbles) == 2


@pytest.mark.parametrize(
    ("case", "old", "new", "node", "message"),
    [
        (
            "capitals",
            "  days: [今天,",
            "  days: [Today, 今天,",
            "screenshot.days",
            "write 'today'",
        ),
        ("traditional", "中国移动,", "中國移動,", "screenshot.status", "write '中国移动'"),
        ("twice", "  input: [短信,", "  input: [短信, 短信,", "screenshot.input", "twice"),
        ("empty list", "  day_parts: [上午,", "  day_parts: []\n  old: [上午,", "day_parts", ""),
    ],
    ids=lambda x: x if isinstance(x, str) and " " not in x.strip() else None,
)
def test_a_badly_written_chrome_word_is_refused(
    folder: Path, case: str, old: str, new: str, node: str, message: str
) -> None:
    assert_refused(folder, case, _replace(LANGUAGE, old, new), LANGUAGE, node, message)


def test_a_phone_screen_is_read_whole_and_a_long_capture_in_overlapping_bands() -> None:
    assert bands(1170, 2532) == ((0, 2532),)
    assert bands(1080, 2400) == ((0, 2400),)
    spans = bands(1170, 9000)
    assert spans[0][0] == 0
    assert spans[-1][1] == 9000
    for (top, bottom), (next_top, _) in zip(spans, spans[1:], strict=False):
        assert bottom - top <= 1170 * 2.4  # no band shrinks text more than a phone screen
        assert bottom - next_top >= 200  # overlaps of several text lines


def test_a_line_in_an_overlap_is_kept_once_and_a_cut_one_never() -> None:
    (a_top, a_bottom), (b_top, b_bottom), *_ = bands(1170, 9000)
    middle = (a_bottom + b_top) / 2
    whole = OcrLine(77, middle - 28, 850, middle + 28, "两段都读到的一行")
    near_a_edge = OcrLine(77, a_bottom - 70, 850, a_bottom - 14, "第一段底部的一行")
    cut = OcrLine(77, a_bottom - 20, 850, a_bottom, "第一段只露出一半")  # its rest is in b

    def local(line: OcrLine, top: int) -> OcrLine:
        return OcrLine(line.left, line.top - top, line.right, line.bottom - top, line.text)

    below = OcrLine(77, a_bottom - 20, 850, a_bottom + 36, "第一段只露出一半的那行")
    found = [
        [local(whole, a_top), local(near_a_edge, a_top), local(cut, a_top)],
        [local(whole, b_top), local(near_a_edge, b_top), local(below, b_top)],
        *([] for _ in bands(1170, 9000)[2:]),
    ]
    texts = [x.text for x in merge(bands(1170, 9000), found)]
    assert sorted(texts) == sorted(
        ["两段都读到的一行", "第一段底部的一行", "第一段只露出一半的那行"]
    )
    kept = next(x for x in merge(bands(1170, 9000), found) if x.text == whole.text)
    assert (kept.top, kept.bottom) == (whole.top, whole.bottom)  # back in image coordinates


def test_a_line_on_the_midline_read_a_pixel_apart_in_each_band_is_kept_once() -> None:
    """Each band read the line a pixel differently, each copy on the other band's side of
    the midline: the line was lost (a long capture's bubble came out in two)."""
    spans = bands(1170, 9000)
    (a_top, a_bottom), (b_top, _) = spans[0], spans[1]
    middle = (a_bottom + b_top) / 2
    in_a = OcrLine(77, middle - 27, 850, middle + 29, "在中线上的一行")  # middle + 1: b's side
    in_b = OcrLine(78, middle - 29, 851, middle + 27, "在中线上的一行")  # middle - 1: a's side
    found = [
        [OcrLine(in_a.left, in_a.top - a_top, in_a.right, in_a.bottom - a_top, in_a.text)],
        [OcrLine(in_b.left, in_b.top - b_top, in_b.right, in_b.bottom - b_top, in_b.text)],
        *([] for _ in spans[2:]),
    ]
    assert [x.text for x in merge(spans, found)] == ["在中线上的一行"]
    same_side = [  # both copies on a's side: a keeps it, b's copy is the same line
        [OcrLine(77, middle - 30 - a_top, 850, middle + 26 - a_top, "在中线上的一行")],
        [OcrLine(77, middle - 29 - b_top, 850, middle + 25 - b_top, "在中线上的一行")],
        *([] for _ in spans[2:]),
    ]
    assert len(merge(spans, same_side)) == 1
