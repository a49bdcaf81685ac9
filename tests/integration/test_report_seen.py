"""The PDF says what the analyzer saw in each kept SMS, in the report's language (what the
old /evidence text file had), with links defanged."""

from __future__ import annotations

from pathlib import Path

from bot.bootstrap import Core
from bot.knowledge.model import Lang
from bot.report import render_pdf, report_input
from bot.sms.view import evidence_record
from tests.support.pdf_tools import pdf_text

SCAM = (
    "【支付宝】您的借呗账户异常，将影响征信，请立即登录 alipay-jb.top 处理，并将资金转入安全账户。"
)


def test_the_pdf_says_what_was_seen_in_english_though_kept_in_chinese(
    core: Core, tmp_path: Path
) -> None:
    k = core.knowledge
    kept = evidence_record(core.analyzer.analyze(SCAM), None, Lang.ZH_HANS)
    assert any(s.id == "lookalike_domain" for s in kept.signals)
    data = report_input(k, Lang.EN, 1_800_000_000.0, {}, [kept])
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(data, k))
    text = " ".join(pdf_text(path).split())
    assert "What I saw:" in text
    assert "imitates Alipay, Jiebei, a bank" in text  # the signal's English explanation
    assert "网址模仿支付宝" not in text  # not the Chinese it was kept with
    assert "lookalike_domain" not in text  # never a raw signal ID
    assert "alipay-jb.top" not in text
    assert "alipay-jb[.]top" in text
