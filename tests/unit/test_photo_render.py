"""What was read from a screenshot, as Telegram shows it: every bubble quoted, escaped and
defanged (a link in a scam must not become clickable), the accept button within 64 bytes;
and the reader that wraps the OCR pool never lets a runtime's own error escape."""

from __future__ import annotations

import asyncio

import pytest
from PIL import Image
from telegram.constants import InlineKeyboardButtonLimit

from bot.channels.telegram.render import view_screen
from bot.conversation import Act, Button, ReadCard
from bot.knowledge.base import Knowledge
from bot.knowledge.model import Lang
from bot.ocr import OcrLine, OcrReader, OcrUnavailable, ScreenWords
from tests.support.screenshots import to_png
from tests.support.telegram_html import parse_html


def _card(*bubbles: str, token: str = "8523d571") -> ReadCard:
    button = Button("✅ 就是这条", Act.READ_OK, token)
    return ReadCard("我读到了：", bubbles, "发件人：10690000", "不对就发给我正确的。", (button,))


def test_each_bubble_is_quoted_escaped_and_defanged(knowledge: Knowledge) -> None:
    screen = view_screen(
        _card("<b>立即</b> 登录 alipay-jb.top & 处理", "访问 http://a.cn"), knowledge, Lang.ZH_HANS
    )
    text, entities = parse_html(screen.html)  # raises on HTML Telegram would refuse
    assert "<b>立即</b> 登录 alipay-jb[.]top & 处理" in text
    assert "hxxp://a[.]cn" in text
    assert "alipay-jb.top" not in text
    assert [e["type"] for e in entities].count("blockquote") == 2
    assert screen.keyboard is not None
    (row,) = screen.keyboard.inline_keyboard
    (button,) = row
    data = str(button.callback_data)
    assert data.startswith(Act.READ_OK.value + "|")
    assert len(data.encode()) <= InlineKeyboardButtonLimit.MAX_CALLBACK_DATA


def test_a_confirmed_read_has_no_button(knowledge: Knowledge) -> None:
    confirmed = ReadCard("你确认了：", ("短信",), "", "", ())
    assert view_screen(confirmed, knowledge, Lang.ZH_HANS).keyboard is None


class _Broken:
    def recognise(self, image: Image.Image) -> tuple[OcrLine, ...]:
        raise MemoryError("std::bad_alloc")


def test_a_runtime_failure_becomes_unavailable_and_a_closed_reader_refuses(
    knowledge: Knowledge,
) -> None:
    async def run() -> None:
        words = ScreenWords.from_knowledge(knowledge)
        reader = OcrReader(_Broken(), words=words, workers=1, queue=0)
        assert not reader.started  # nothing loads until a photo comes
        with pytest.raises(OcrUnavailable):
            await reader("u", to_png(Image.new("RGB", (64, 32), "white")))
        await reader.aclose()
        with pytest.raises(OcrUnavailable):
            await reader("u", b"")

    asyncio.run(run())
