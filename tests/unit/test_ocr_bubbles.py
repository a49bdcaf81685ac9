"""Grouping recognised lines into bubbles: what a person sees in the screenshot, no chrome."""

from __future__ import annotations

from functools import cache

import pytest
import yaml

from bot.knowledge.language_model import ScreenshotWords
from bot.ocr import Bubble, OcrLine, OcrPage, ScreenshotText, ScreenWords
from bot.ocr import group_bubbles as group_with
from bot.ocr.bubbles import sender_number
from tests.conftest import KNOWLEDGE_DIR

W, H = 1170, 2532


@cache
def words() -> ScreenWords:
    """The chrome words of knowledge/language.yaml (``screenshot``)."""
    data = yaml.safe_load((KNOWLEDGE_DIR / "language.yaml").read_text(encoding="utf-8"))
    return ScreenWords.from_words(ScreenshotWords.model_validate(data["screenshot"]))


def group_bubbles(page: OcrPage) -> ScreenshotText:
    return group_with(page, words())


def is_timestamp(text: str) -> bool:
    return words().is_timestamp(text)


def line(text: str, top: float, left: float = 77, right: float = 850, h: float = 56) -> OcrLine:
    return OcrLine(left, top, right, top + h, text)


def centred(text: str, top: float, h: float = 48) -> OcrLine:
    return OcrLine(W / 2 - 150, top, W / 2 + 150, top + h, text)


STATUS = (OcrLine(79, 37, 179, 94, "9:41"), OcrLine(903, 37, 1057, 86, "5G 87%"))
INPUT = (OcrLine(177, 2381, 271, 2441, "短信"),)


def page(*lines: OcrLine) -> OcrPage:
    return OcrPage(W, H, (*STATUS, *lines, *INPUT))


def test_ios_screen_reads_as_its_bubbles_and_sender() -> None:
    shot = group_bubbles(
        page(
            centred("95188", 316),
            centred("短信/彩信·今天10:30", 443),
            line("【支付宝】尊敬的用户，系统检测", 560),
            line("到您的支付宝账户仍为学生账户。", 625),
            line("王磊你好，你在校期间开通的借呗", 1015),  # a bubble gap above
            line("属于校园贷款账户。", 1080, right=600),
        )
    )
    assert shot == ScreenshotText(
        (
            Bubble(("【支付宝】尊敬的用户，系统检测", "到您的支付宝账户仍为学生账户。")),
            Bubble(("王磊你好，你在校期间开通的借呗", "属于校园贷款账户。")),
        ),
        sender="95188",
    )
    assert shot.text == (
        "【支付宝】尊敬的用户，系统检测到您的支付宝账户仍为学生账户。\n\n"
        "王磊你好，你在校期间开通的借呗属于校园贷款账户。"
    )


def test_a_timestamp_between_lines_splits_bubbles_even_without_a_gap() -> None:
    shot = group_bubbles(
        page(line("第一条短信", 560), centred("今天 10:32", 620), line("第二条短信", 680))
    )
    assert [b.text for b in shot.bubbles] == ["第一条短信", "第二条短信"]


def test_a_sent_reply_is_kept_apart_and_left_out_of_the_text() -> None:
    shot = group_bubbles(
        page(
            centred("今天 10:32", 443),
            line("您的借款已逾期，请尽快处理。", 560),
            line("我已经还清了", 700, left=700, right=1100),
        )
    )
    assert [b.outgoing for b in shot.bubbles] == [False, True]
    assert shot.text == "您的借款已逾期，请尽快处理。"


def test_a_contact_name_in_the_header_is_dropped_and_is_no_sender() -> None:
    shot = group_bubbles(
        page(
            centred("支付宝", 316),
            centred("昨天 下午3:15", 443),
            line("您的验证码是483920。", 560),
        )
    )
    assert shot.sender is None
    assert shot.text == "您的验证码是483920。"


def test_android_header_number_beside_the_back_arrow_is_the_sender() -> None:
    shot = group_bubbles(
        page(
            OcrLine(31, 154, 101, 218, "←"),
            OcrLine(124, 154, 290, 221, "106 9188 5302 718"),
            centred("11月28日周六10:30", 319),
            line("【蚂蚁借呗】您的借呗为学生身份开通。", 440),
        )
    )
    assert shot.sender == "10691885302718"
    assert shot.text == "【蚂蚁借呗】您的借呗为学生身份开通。"


def test_a_cropped_picture_keeps_a_short_first_line_at_the_very_top() -> None:
    shot = group_bubbles(
        OcrPage(900, 300, (line("【支付宝】", 5, right=300), line("您的账户异常。", 70)))
    )
    assert shot.text == "【支付宝】您的账户异常。"
    assert shot.sender is None


def test_boxes_on_one_row_are_read_left_to_right() -> None:
    shot = group_bubbles(
        page(
            centred("今天 10:32", 443),
            OcrLine(420, 560, 800, 616, "专员QQ 2876541093"),
            OcrLine(77, 562, 400, 615, "请添加注销"),
        )
    )
    assert shot.text == "请添加注销专员QQ 2876541093"


def test_a_wrapped_latin_word_gets_its_space_back_and_chinese_does_not() -> None:
    assert Bubble(("Please call", "us today")).text == "Please call us today"
    assert Bubble(("请致电变更", "专员")).text == "请致电变更专员"
    assert Bubble(("请于", "10:30前还款")).text == "请于10:30前还款"


@pytest.mark.parametrize(
    "text",
    [
        "今天 10:32",
        "昨天 下午3:15",
        "短信/彩信",
        "短信/彩信·今天10:30",
        "2026年11月28日 周六 09:12",
        "11月28日周六10:30",
        "Today 9:41",
        "Text Message • SMS",
        "周一 上午9:05",
    ],
)
def test_timestamps_and_labels_are_chrome(text: str) -> None:
    assert is_timestamp(text)


@pytest.mark.parametrize(
    "text", ["请于10:30前还款", "【支付宝】", "逾期3天", "95188", "今天必须还款"]
)
def test_message_text_is_not_chrome(text: str) -> None:
    assert not is_timestamp(text)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("95188", "95188"),
        ("+86 170 8264 1937", "+8617082641937"),
        ("106 9188 5302 718", "10691885302718"),
        ("< 95188", "95188"),
    ],
)
def test_sender_numbers(text: str, number: str) -> None:
    assert sender_number(text) == number


@pytest.mark.parametrize("text", ["支付宝", "12", "请致电95188", "0571-86593327办理"])
def test_not_sender_numbers(text: str) -> None:
    assert sender_number(text) is None
