"""Long HTML is cut into messages Telegram accepts: never inside a tag or an entity."""

from __future__ import annotations

from html import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.telegram.render import split_text
from tests.support.telegram_html import parse_html


def _visible(html: str) -> str:
    return parse_html(html)[0]


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_a_long_code_block_is_closed_and_reopened_at_each_cut() -> None:
    sms = "还款请转入&lt;安全账户&gt; & 联系 <客服>，" * 400
    html = f"<b>把下面这段发短信到12321：</b>\n\n<code>{escape(sms, quote=False)}</code>"
    pieces = split_text(html, limit=4096)
    assert len(pieces) > 1
    for piece in pieces:
        text, entities = parse_html(piece)  # raises on a tag or entity cut in half
        assert _utf16(text) <= 4096
        if "还款" in text:  # the SMS part stays code-formatted in every piece
            assert any(e["type"] == "code" for e in entities)
    joined = "".join(_visible(p) for p in pieces)
    assert joined.replace("\n", "") == _visible(html).replace("\n", "")


def test_paragraph_breaks_are_preferred_to_cuts_mid_line() -> None:
    paragraphs = [f"<b>第{n}段</b> " + "字" * 900 for n in range(6)]
    pieces = split_text("\n\n".join(paragraphs), limit=2000)
    assert all(p.startswith("<b>第") for p in pieces)


TOKENS = st.sampled_from(
    ["<b>", "</b>", "<i>", "</i>", "<code>", "</code>", "&amp;", "&lt;", "字", "a", " ", "\n",
     "\n\n", "🙂", "<a href=\"https://e.org/?a=1&amp;b=2\">", "</a>", "<blockquote>",
     "</blockquote>"]
)  # fmt: skip


@st.composite
def _html(draw: st.DrawFn) -> str:
    """Well-formed Telegram HTML: random text with properly nested tags."""
    out: list[str] = []
    stack: list[str] = []
    for token in draw(st.lists(TOKENS, min_size=1, max_size=400)):
        if token.startswith("</"):
            name = token[2:-1]
            if stack and stack[-1] == name:
                out.append(stack.pop() and token)
            continue
        if token.startswith("<"):
            name = token[1:].split(">")[0].split(" ")[0]
            if name in stack or (stack and stack[-1] in {"code", "a"}):
                continue
            stack.append(name)
        out.append(token)
    out += [f"</{name}>" for name in reversed(stack)]
    return "".join(out)


@settings(max_examples=200, deadline=None)
@given(html=_html(), limit=st.integers(min_value=8, max_value=120))
def test_every_piece_of_any_valid_html_is_valid_and_nothing_is_lost(html: str, limit: int) -> None:
    pieces = split_text(html, limit=limit)
    for piece in pieces:
        assert _utf16(_visible(piece)) <= limit
    whole = _visible(html)
    assert "".join(_visible(p) for p in pieces).replace("\n", "") == whole.replace("\n", "")
