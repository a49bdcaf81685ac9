"""A link whose dots are spelled out to slip past filters ("hb-jd . top", "jbhf点com",
"www。kd-fix。cc") is read as the link it stands for: the host checks apply to it (brand
look-alike, risky ending, Alipay's business on another domain), the card names it as a
disguised link, and what the card quotes stays untappable.

Every message is composed for this test; hosts are fake.
"""

from __future__ import annotations

import pytest

from bot.knowledge.base import Knowledge
from bot.knowledge.model import Lang
from bot.sms import SmsAnalyzer, VerdictKind
from bot.sms.defang import defang
from bot.sms.view import verdict_view
from tests.conftest import Judge

DISGUISED: list[tuple[str, str, str, str]] = [
    # text, the address as written, the host read, its kind
    ("您的花唄額度已凍結,請登錄 hb-jd . top 解凍。", "hb-jd . top", "hb-jd.top", "lookalike"),
    ("借呗用户您好,额度恢复请访问 jbhf点com 办理。", "jbhf点com", "jbhf.com", "other"),
    (
        "您的快遞地址有誤,請於www。kd-fix。cc更新資料。",
        "www。kd-fix。cc",
        "www.kd-fix.cc",
        "risky",
    ),
    (
        "【支付宝】您的借呗已逾期,请登录 alipay 点 com 处理。",
        "alipay 点 com",
        "alipay.com",
        "official",
    ),
    (
        "您的ETC已停用,請至 etc-fix　．　xyz 重新認證。",
        "etc-fix　．　xyz",
        "etc-fix.xyz",
        "lookalike",
    ),
    # Traditional 點 and the half-width ｡ fold to 点 and 。
    ("【某某銀行】您的帳戶異常,請登錄 abc點com 更新資料。", "abc點com", "abc.com", "other"),
    ("請登錄 kd-fix｡cc 更新資料。", "kd-fix｡cc", "kd-fix.cc", "risky"),
    # five labels: the look-alike is read whole, not cut to alipay.com
    ("请登录www。alipay。com。cn查看", "www。alipay。com。cn", "www.alipay.com.cn", "lookalike"),
]


@pytest.mark.parametrize(("text", "written", "host", "kind"), DISGUISED)
def test_a_disguised_link_is_read_as_its_host_and_called_a_scam(
    judge: Judge, text: str, written: str, host: str, kind: str
) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "disguised_link" in verdict.signal_ids()
    (link,) = verdict.evidence.links
    assert (link.host, link.kind, link.disguised) == (host, kind, True)
    # the evidence quotes the address as the SMS wrote it, not as it was read
    assert link.text == written


def test_a_disguised_mail_address_is_an_evasive_link(judge: Judge) -> None:
    verdict = judge.says(VerdictKind.SCAM, "退款请发邮件至 kefu@abc点com 提供银行卡号。")
    assert "evasive_link" in verdict.signal_ids()


def test_the_host_checks_apply_to_a_disguised_link(judge: Judge) -> None:
    """A look-alike of a brand, hidden behind "点", is named a look-alike too."""
    verdict = judge.says(VerdictKind.SCAM, "您的借唄額度即將失效,請登錄 jiebei-vip点top 領取。")
    assert {"disguised_link", "lookalike_domain", "alipay_link"} <= set(verdict.signal_ids())


# Prose with "点", a full stop or a spaced dot that is no address; an address written plainly.
NOT_DISGUISED: list[str] = [
    "【某某快递】您的包裹预计下午3点cn仓发出，请留意。",
    "【某某银行】您尾号1234的账户于10点.com邮箱登记已完成。",
    "Thank you. Com-plete the survey in our app.",
    "【某某物流】您的快件已签收。net重量2kg。",
    "【招商银行】您的账单已出，详情请登录 https://cmbchina.com 查看。",
    # an app's screen: "点" is "tap" there, not a dot
    "【某某视频】打开APP点VIP专区领取会员礼包。",
    "【某某商城】打开APP点TOP榜查看本周热卖。",
    "【某某音乐】请下载APP。VIP会员专享八折。",
    # a complete address at a sentence's end, then a word that is also an ending
    "【招商银行】详情请登录官网 cmbchina.com。VIP客户请致电95555。",
    # a template's value inside a link's path, and a link a warning page printed defanged
    "【某某平台】请访问 https://abc.com/u/${ user.id } 查看订单。",
    "【某某反诈中心】提醒：hxxps[:]//esumbenk[.]com 是钓鱼网站，切勿访问。",
    "【反诈中心】提醒：ｈｘｘｐｓ［：］／／ｅｓｕｍｂｅｎｋ［．］ｃｏｍ 是钓鱼网站，切勿访问。",
    # a spelled dot before a complete address, or a lone full stop before an English word
    "请登录 hb点365.com 处理",
    "release version。cdn.example.net/a?42 已上线",
    "The parcel is in transit。Net weight 2kg.",
]


@pytest.mark.parametrize("text", NOT_DISGUISED)
def test_prose_or_a_plain_address_is_no_disguised_link(analyzer: SmsAnalyzer, text: str) -> None:
    verdict = analyzer.analyze(text)
    assert "disguised_link" not in verdict.signal_ids()
    assert not any(link.disguised for link in verdict.evidence.links)


def test_a_warning_that_quotes_a_disguised_link_is_no_scam(
    judge: Judge, analyzer: SmsAnalyzer
) -> None:
    """The anti-fraud notice gets the verdict it gets with the address written plainly."""
    warning = "【某某市反诈中心】提醒：收到“包裹异常请访问{}”这类短信均为诈骗，切勿访问。"
    verdict = judge.never_says(VerdictKind.SCAM, warning.format("kdfix点com"))
    assert "disguised_link" not in verdict.signal_ids()
    plain = analyzer.analyze(warning.format("kdfix.com"))
    assert analyzer.analyze(warning.format("kdfix点com")).verdict is plain.verdict


def test_the_card_shows_a_disguised_link_untappable(
    analyzer: SmsAnalyzer, knowledge: Knowledge
) -> None:
    verdict = analyzer.analyze("您的快遞地址有誤,請於www。kd-fix。cc更新資料。")
    card = verdict_view(verdict, knowledge, Lang.ZH_HANS)
    quoted = [seen for seen, _ in card.seen]
    assert "www[.]kd-fix[.]cc" in quoted
    assert all(defang(seen) == seen for seen in quoted)
