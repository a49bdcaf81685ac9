"""Any SMS text becomes Paragraph markup reportlab accepts, showing the same characters:
no text can inject a tag, an entity or a broken document."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from bot.report.clean import pdf_markup, plain
from bot.report.font import load_font

_PIECES = st.sampled_from(
    [
        "<",
        ">",
        "&",
        "&amp;",
        "&#60;",
        "]]>",
        "<b>",
        "</para>",
        "<br/>",
        "%PDF",
        "\\",
        "(",
        ")",
        "\x00",
        "\x1b",
        "\u202e",
        "\ufeff",
        "😀",
        "\ufe0f",
        "\u0301",
        "借呗",
        "http://a.top",
        "\n",
    ]
)
_TEXTS = st.one_of(st.text(max_size=300), st.lists(_PIECES, max_size=40).map("".join))


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_any_text_is_valid_markup_that_shows_the_same_text(text: str) -> None:
    font = load_font()
    markup = pdf_markup(text, font.has_glyph)
    paragraph = Paragraph(markup, ParagraphStyle("t", fontName=font.name, wordWrap="CJK"))
    paragraph.wrap(400, 10_000)  # lays out: raises on markup it cannot handle
    # Every character the font can draw is drawn as itself: none became markup.
    drawn = paragraph.getPlainText()
    for ch in set(plain(text)) - {"\n", " "}:
        if font.has_glyph(ord(ch)):
            assert ch in drawn, (ch, text)
