"""The PDF report as a reader sees it: pdftotext finds every SMS and every count, the
Chinese is drawn with real glyphs (not boxes), and hostile SMS text still gives a PDF."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from bot.errors import ReportError
from bot.i18n import Lang
from bot.knowledge.base import Knowledge
from bot.report import EvidenceEntry, ReportInput, render_pdf
from bot.report.font import FONT_ENV, find_font
from bot.report.model import BEIJING
from bot.report.sample import sample_input
from tests.support.pdf_tools import (
    WordBox,
    glyph_spread,
    pdf_fonts,
    pdf_pages,
    pdf_text,
    pdf_words,
    render_page,
)

DPI = 110
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=BEIJING).timestamp()


def _entry(
    text: str, day: int, hour: int = 10, sender: str | None = "10690000000001"
) -> EvidenceEntry:
    when = datetime(2026, 11, day, hour, 0, tzinfo=BEIJING).timestamp()
    return EvidenceEntry(when, sender, text, "collection", "催收短信")


def _write(tmp_path: Path, data: ReportInput, k: Knowledge, name: str = "report.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(render_pdf(data, k))
    return path


def _squash(text: str) -> str:
    """pdftotext breaks lines wherever the PDF wrapped them: compare without blanks."""
    return "".join(text.split())


def test_pdf_text_has_every_sms_and_the_counts(tmp_path: Path, knowledge: Knowledge) -> None:
    data = sample_input(knowledge)
    text = _squash(pdf_text(_write(tmp_path, data, knowledge)))
    for entry in data.evidence:
        # Links are defanged in the PDF, the rest of each SMS is there as sent.
        shown = entry.text.replace("https://", "hxxps://").replace(
            ".example.top", "[.]example[.]top"
        )
        assert _squash(shown) in text
    assert "https://" not in text
    assert "example.top" not in text
    # Three kept, two of them after the payoff day (2026-11-22), one after 22:00.
    assert "共保存3条短信" in text
    assert "其中2条是在还清日期（2026-11-22）之后收到的" in text
    assert "其中1条在22:00至次日08:00之间收到" in text
    assert "2026-11-2623:41" in text  # Beijing time, not UTC (15:41)


def test_english_report_on_request(tmp_path: Path, knowledge: Knowledge) -> None:
    data = sample_input(knowledge, Lang.EN)
    text = _squash(pdf_text(_write(tmp_path, data, knowledge)))
    assert "3messageskept" in text
    assert "2ofthemarrivedafterthepayoffdate(2026-11-22)" in text
    assert "Senders:10690000000001,17000000002" in text
    assert "Haveyoufullyrepaidthis" in text
    # The SMS itself stays in Chinese, as received.
    assert _squash(data.evidence[0].text) in text


def test_cjk_font_is_embedded_as_a_subset(tmp_path: Path, knowledge: Knowledge) -> None:
    fonts = pdf_fonts(_write(tmp_path, sample_input(knowledge), knowledge))
    cjk = [f for f in fonts if "WenQuanYi" in f["name"]]
    assert cjk, fonts
    assert all((f["emb"], f["sub"], f["uni"]) == ("yes", "yes", "yes") for f in cjk)


def _title_word(path: Path, title: str) -> WordBox:
    words = [w for w in pdf_words(path) if w.text == title]
    assert words, f"page 1 has no word {title!r}"
    return words[0]


def test_page_one_draws_chinese_glyphs_not_boxes(tmp_path: Path, knowledge: Knowledge) -> None:
    title = knowledge.text("report_title", Lang.ZH_HANS)
    report = _write(tmp_path, sample_input(knowledge), knowledge)
    shown = glyph_spread(render_page(report, tmp_path, DPI), _title_word(report, title), DPI)

    # The same title drawn with a font that has no Chinese (DejaVu): every character
    # becomes the same box, which is what this measure must tell apart.
    tofu = tmp_path / "tofu.pdf"
    box = _draw_with_latin_font(tofu, title)
    boxes = glyph_spread(render_page(tofu, tmp_path, DPI), box, DPI)
    # Measured at 110 dpi: about 0.31 for the real title, 0.07 for the boxes (edges that
    # land a pixel apart); the bounds sit between them.
    assert boxes < 0.12
    assert shown > 0.2


def _draw_with_latin_font(path: Path, text: str) -> WordBox:
    """``text`` drawn in DejaVu Sans at the top of a page; where it was drawn."""
    latin = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not latin.is_file():
        pytest.skip("the box-glyph control needs DejaVuSans (fonts-dejavu-core)")
    pdfmetrics.registerFont(TTFont("TofuControl", str(latin)))
    size, x, baseline = 15.0, 50.0, 780.0
    page = canvas.Canvas(str(path), pagesize=A4)
    page.setFont("TofuControl", size)
    page.drawString(x, baseline, text)
    page.save()
    # Boxes carry no text for pdftotext to place, so the box comes from the geometry.
    width = pdfmetrics.stringWidth(text, "TofuControl", size)
    top = A4[1] - baseline
    return WordBox(text, x, top - 0.8 * size, x + width, top + 0.2 * size)


def test_empty_log_gives_a_valid_one_page_pdf(tmp_path: Path, knowledge: Knowledge) -> None:
    data = ReportInput(lang=Lang.ZH_HANS, generated_at=NOW)
    path = _write(tmp_path, data, knowledge)
    assert pdf_pages(path) == 1
    text = _squash(pdf_text(path))
    assert text.count("还没有保存的短信") == 1
    assert "没有回答问题" in text
    assert _squash(knowledge.text("report_timeline_title", Lang.ZH_HANS)) not in text


def test_a_4000_character_sms_flows_over_pages_whole(tmp_path: Path, knowledge: Knowledge) -> None:
    long_text = "".join(f"第{i:04d}句催收内容" for i in range(400))
    assert len(long_text) == 4000
    data = ReportInput(lang=Lang.ZH_HANS, generated_at=NOW, evidence=(_entry(long_text, 25),))
    path = _write(tmp_path, data, knowledge)
    assert pdf_pages(path) >= 2
    text = _squash(pdf_text(path))
    assert "第0000句" in text
    assert "第0399句" in text
    assert _squash(long_text) in text


MALICIOUS = (
    "<b>粗体</b><font size=90>大</font> & &amp; &#x41; ]]> <![CDATA[x]]> %PDF-1.7 %%EOF"
    " endstream endobj trailer << /Root 1 0 R >> \\) ( \x00\x07\x1b[31m \u202e反转\u202c"
    " 😀👍🏽 \ud83d 𠀀 \ufeff\u200b 点击 http://evil.example.top/<script>alert(1)</script>"
)


def test_malicious_sms_text_gives_a_valid_pdf(tmp_path: Path, knowledge: Knowledge) -> None:
    data = ReportInput(
        lang=Lang.ZH_HANS,
        generated_at=NOW,
        evidence=(_entry(MALICIOUS, 25, sender="<i>95188</i>&"),),
        payoff_date=date(2026, 11, 20),
    )
    path = _write(tmp_path, data, knowledge)
    assert pdf_pages(path) == 1
    text = pdf_text(path)
    # Markup shows as the characters sent, not as formatting or as a broken document.
    for part in ("<b>粗体</b>", "&amp;", "]]>", "%PDF-1.7", "<<", "/Root", "<i>95188</i>&"):
        assert part in text, part
    assert "evil[.]example[.]top" in text
    assert "evil.example.top" not in text
    # Characters the font cannot draw are written as code points, not as boxes.
    assert "[U+1F600]" in text
    assert "[U+1F44D]" in text
    assert "\x00" not in text
    assert "\x1b" not in text


def test_two_hundred_messages(tmp_path: Path, knowledge: Knowledge) -> None:
    base = datetime(2026, 11, 21, 9, 0, tzinfo=BEIJING).timestamp()
    entries = tuple(
        EvidenceEntry(
            base + i * 600, f"1700000{i:04d}", f"第{i}条：请尽快还款。", "collection", "催收短信"
        )
        for i in range(200)
    )
    data = ReportInput(
        lang=Lang.ZH_HANS, generated_at=NOW, evidence=entries, payoff_date=date(2026, 11, 21)
    )
    path = _write(tmp_path, data, knowledge)
    text = _squash(pdf_text(path))
    assert "共保存200条短信" in text
    # 09:00 on the 21st plus ten-minute steps: the first 90 fall on the payoff day itself.
    assert "其中110条是在还清日期（2026-11-21）之后收到的" in text
    assert all(f"第{i}条：请尽快还款。" in text for i in range(200))


def test_same_input_gives_the_same_bytes(knowledge: Knowledge) -> None:
    data = sample_input(knowledge)
    assert render_pdf(data, knowledge) == render_pdf(replace(data), knowledge)


def test_missing_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(FONT_ENV, str(tmp_path / "nope.ttc"))
    with pytest.raises(ReportError, match="no such font file"):
        find_font()


def test_a_font_without_chinese_is_refused(knowledge: Knowledge) -> None:
    latin = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not latin.is_file():
        pytest.skip("needs DejaVuSans (fonts-dejavu-core)")
    with pytest.raises(ReportError, match="no Chinese characters"):
        render_pdf(sample_input(knowledge), knowledge, font_path=latin)
