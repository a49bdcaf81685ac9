"""What the analyzer pulls out of an SMS: signature, links, numbers, platforms, the name."""

from __future__ import annotations

import pytest

from bot.knowledge.base import Knowledge
from bot.sms import Evidence, SmsAnalyzer, VerdictKind, split_messages


@pytest.fixture(scope="module")
def analyzer(knowledge: Knowledge) -> SmsAnalyzer:
    return SmsAnalyzer(knowledge.sms)


def _evidence(analyzer: SmsAnalyzer, text: str) -> Evidence:
    return analyzer.analyze(text).evidence


@pytest.mark.parametrize(
    ("text", "signatures"),
    [
        ("【支付宝】您已成功还款", ["【支付宝】"]),
        ("报！借款已到账【蚂蚁借呗】", ["【蚂蚁借呗】"]),
        ("【借 呗】您已成功还款", ["【借 呗】"]),
        (
            "【12368】张伟：开庭通知。[杭州市余杭区人民法院]",
            ["【12368】", "[杭州市余杭区人民法院]"],
        ),
        ("中间的【支付宝】不是署名，后面还有字", []),
    ],
)
def test_signature_at_start_or_end(
    analyzer: SmsAnalyzer, text: str, signatures: list[str]
) -> None:
    assert [s.text for s in _evidence(analyzer, text).signatures] == signatures


@pytest.mark.parametrize(
    ("text", "shown", "domain", "kind"),
    [
        (
            "详情 https://ur.alipay.com/2kLpQ7 。",
            "https://ur.alipay.com/2kLpQ7",
            "alipay.com",
            "official",
        ),
        ("登录 ds.alipay.com 领取", "ds.alipay.com", "alipay.com", "official"),
        ("请登录alipay-jb.top下载", "alipay-jb.top", "alipay-jb.top", "lookalike"),
        ("请登录a1ipay.com/kq重新开通", "a1ipay.com/kq", "a1ipay.com", "lookalike"),
        ("请点击alipay.com.xx.cn/hk完成", "alipay.com.xx.cn/hk", "xx.cn", "lookalike"),
        (
            "点击ur.alipay.com.tk-refund.cn办理",
            "ur.alipay.com.tk-refund.cn",
            "tk-refund.cn",
            "lookalike",
        ),
        ("点击http://alipay.com@evil.cn/x", "http://alipay.com@evil.cn/x", "evil.cn", "lookalike"),
        ("点击t.cn/A6x9KpQ2立即激活", "t.cn/A6x9KpQ2", "t.cn", "shortener"),
        ("通过dwz.cn/Jb8Hk3还款", "dwz.cn/Jb8Hk3", "dwz.cn", "shortener"),
        (
            "请登录https://zxfw.court.gov.cn查看",
            "https://zxfw.court.gov.cn",
            "court.gov.cn",
            "court",
        ),
        ("点击zxxf.cc/q8Kd填写", "zxxf.cc/q8Kd", "zxxf.cc", "risky"),
        ("点击zxxf.com.cn/q8Kd填写", "zxxf.com.cn/q8Kd", "zxxf.com.cn", "other"),
        (
            "登录ａ１ｉｐａｙ．ｃｏｍ／ｋｑ开通",
            "ａ１ｉｐａｙ．ｃｏｍ／ｋｑ",
            "a1ipay.com",
            "lookalike",
        ),
        ("通过dwz\u200b.cn/Jb8Hk3还款", "dwz\u200b.cn/Jb8Hk3", "dwz.cn", "shortener"),
    ],
)
def test_links_are_classified_by_registrable_domain(
    analyzer: SmsAnalyzer, text: str, shown: str, domain: str, kind: str
) -> None:
    (link,) = _evidence(analyzer, text).links
    assert (link.text, link.domain, link.kind) == (shown, domain, kind)


def test_email_addresses_and_amounts_are_not_links(analyzer: SmsAnalyzer) -> None:
    evidence = _evidence(analyzer, "你的支付宝zl5***@163.com还款1,268.40元，764*@qq.* 已入账")
    assert evidence.links == ()


@pytest.mark.parametrize(
    ("text", "number", "kind"),
    [
        ("如有疑问请致电95188", "95188", "official"),
        ("请拨打12368核实", "12368", "court"),
        ("请致电专线400-618-2954", "4006182954", "toll_free"),
        ("注销专线：4008-123-456", "4008123456", "toll_free"),
        ("联系电话18390215574", "18390215574", "mobile"),
        ("联系 +86 138 0013 8000", "13800138000", "mobile"),
        ("请致电变更专员0571-86593327办理", "057186593327", "landline"),
        ("回电021-60427735转人工", "02160427735", "landline"),
        ("由10690123456发送", "10690123456", "bulk_106"),
        ("工商银行95588提醒", "95588", "service"),
    ],
)
def test_phone_numbers_by_kind(analyzer: SmsAnalyzer, text: str, number: str, kind: str) -> None:
    phones = _evidence(analyzer, text).phones
    assert [(p.number, p.kind) for p in phones] == [(number, kind)]


def test_cards_dates_and_amounts_are_not_phone_numbers(analyzer: SmsAnalyzer) -> None:
    text = "于2026-05-19向6222 0210 0913 2275 441转账5,200.00元，案号(2026)渝0112民初1234号"
    assert _evidence(analyzer, text).phones == ()


def test_bank_cards_full_and_masked(analyzer: SmsAnalyzer) -> None:
    evidence = _evidence(analyzer, "转入6217 0032 6000 4418 552；您尾号3919的卡；账户(****8850)")
    assert [(c.digits, c.masked) for c in evidence.cards] == [
        ("6217003260004418552", False),
        ("3919", True),
        ("8850", True),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "您已成功预约羽毛球场，预约编码：2026031809152207，请准时到场",
        "您的订单号 6222 0213 4455 6677 已发货，可在App内查看物流",
        "快遞運單號為 7700 1234 5678 9012，請留意派件",
        "退款流水号:4200001234567890123已原路退回",
    ],
)
def test_a_booking_order_or_waybill_number_is_no_bank_card(
    analyzer: SmsAnalyzer, text: str
) -> None:
    """A long reference number the sender names as its own (预约编码, 订单号, 运单号, 流水号) is
    not a card to pay into: a card number would bar the notice from ever looking genuine."""
    evidence = _evidence(analyzer, text)
    assert evidence.cards == ()
    assert evidence.phones == ()


@pytest.mark.parametrize(
    "text",
    [
        "请将保证金转至卡号：6222 0213 4455 6677",
        "收款账号6222021344556677，户名王某",
        "还款请转入 6217 0032 6000 4418 552",
    ],
)
def test_a_card_named_as_a_card_or_a_transfer_target_is_still_read(
    analyzer: SmsAnalyzer, text: str
) -> None:
    assert [c.masked for c in _evidence(analyzer, text).cards] == [False]


def test_a_booking_notice_with_a_long_code_looks_genuine(analyzer: SmsAnalyzer) -> None:
    """Read as a card, its code left the notice ⚪ (a card to pay into could not be checked)."""
    text = "【某某体育馆】您已成功预约8号场地，预约编码:2026031809152207，预约时间15:00"
    assert analyzer.analyze(text).verdict is VerdictKind.OFFICIAL_NOTICE


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("应还1,268.40元", 1268.4),
        ("账单￥4,718.94，", 4718.94),
        ("可提额至20万", 200_000.0),
        ("交易人民币-3150.00（支付宝）", -3150.0),
        ("应还１，２６８．４０元", 1268.4),
    ],
)
def test_amounts(analyzer: SmsAnalyzer, text: str, value: float) -> None:
    (amount,) = _evidence(analyzer, text).amounts
    assert amount.value == pytest.approx(value)


def test_dates_as_written(analyzer: SmsAnalyzer) -> None:
    evidence = _evidence(
        analyzer, "定于2026年5月12日开庭，还款日03月10日，最近还款日期为2026-05-19。"
    )
    assert evidence.dates == ("2026年5月12日", "03月10日", "2026-05-19")


@pytest.mark.parametrize(
    ("text", "kind", "ident"),
    [
        ("请添加注销专员QQ 2876541093。", "qq", "2876541093"),
        ("详询QQ群55218873。", "qq_group", "55218873"),
        ("理赔客服🐧2201845673办理", "qq", "2201845673"),
        ("请添加微信zfb-kf0085完成", "wechat", "zfb-kf0085"),
        ("请立即添加薇信fawu-chuli88联系", "wechat", "fawu-chuli88"),
        ("请加客服V❤jb95188kf办理", "wechat", "jb95188kf"),
        ("添加官方企业微信：Mayi-JB95188", "wechat", "Mayi-JB95188"),
    ],
)
def test_qq_and_wechat_ids(analyzer: SmsAnalyzer, text: str, kind: str, ident: str) -> None:
    (found,) = _evidence(analyzer, text).contact_ids
    assert (found.kind, found.id) == (kind, ident)


@pytest.mark.parametrize(
    ("text", "loan"),
    [
        ("您在借呗的欠款已逾期", "jiebei"),
        ("您在借唄的欠款已逾期", "jiebei"),
        ("你jie呗逾期的1,530元", "jiebei"),
        ("您的信用贷（由华夏银行提供金融服务）已逾期", "credit_loan"),
        ("本服务由南京银行提供金融服务", "credit_loan"),
        ("您的花呗本月账单", "other_platform"),
        ("您在手机微信申请的微粒贷已还清", "other_platform"),
        ("您的网商银行贷款", "credit_loan"),
    ],
)
def test_platform_names_give_the_loan_fact(analyzer: SmsAnalyzer, text: str, loan: str) -> None:
    assert analyzer.analyze(text).facts.get("loan") == loan


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("邓强，你欠的钱什么时候还？", "邓强"),
        ("王先生您好，您在借呗的借款已逾期。", "王先生"),
        ("邓强先生您好，您在借呗的欠款已逾期。", "邓强"),
        ("尊敬的何雪女士：您在借呗尚有欠款。", "何雪"),
        ("【12368】张伟：您与某公司借款合同纠纷一案已立案。", "张伟"),
        ("【蚂蚁借呗】张丽女士，您的借呗账户将被冻结。", "张丽"),
        ("刘婷同学：你大学时注册的账户", "刘婷"),
        ("您好，请问是周建平本人吗？您的借呗欠款已逾期。", "周建平"),
        ("鄧強先生您好，您在借唄的欠款已逾期。", "鄧強"),
        ("李*华先生，您在借呗的借款已逾期。", "李*华"),
        ("【花呗】你的支付宝账户(*晓芸)186******41已开通花呗。", "*晓芸"),
        ("欧阳娜娜，你的欠款今天必须处理。", "欧阳娜娜"),
        ("刘先生，你的欠款已严重逾期。", "刘先生"),
    ],
)
def test_the_addressed_name_as_written(analyzer: SmsAnalyzer, text: str, name: str) -> None:
    verdict = analyzer.analyze(text)
    assert verdict.addressed_name == name
    assert "addressed_to" not in verdict.facts  # the bot asks "Is <name> your name?"


@pytest.mark.parametrize(
    "text",
    [
        "尊敬的用户，您的借呗已逾期。",
        "亲爱的客户，您的借呗已逾期。",
        "某某先生，您的借呗已逾期。",
        "XXX先生，您的借呗已逾期。",
        "***先生，您的借呗已逾期。",
        "老赖，欠钱不还还敢拉黑？",
        "温馨提示：您在借呗的欠款已逾期7天。",
        "先生/女士您好，您在借呗的欠款已逾期。",
        "亲，您购买的面膜经质检不合格。",
        "通知：国家清理校园网贷。",
        "您好，您的亲属郑海在借呗的欠款已逾期。",
    ],
)
def test_placeholders_and_insults_are_no_name(analyzer: SmsAnalyzer, text: str) -> None:
    verdict = analyzer.analyze(text)
    assert verdict.addressed_name is None
    assert verdict.facts["addressed_to"] == "no_name"


def test_signal_texts_are_quoted_from_the_original(analyzer: SmsAnalyzer) -> None:
    text = (
        "【借\ufeff呗】请将余额转入安\u200b全\u200c账\u200d户："
        "６２２２ ０２１０，户名李春梅。請回復驗證碼"
    )
    verdict = analyzer.analyze(text)
    assert verdict.signals
    for signal in verdict.signals:
        assert text[signal.start : signal.end] == signal.text
    assert "安\u200b全\u200c账\u200d户" in [s.text for s in verdict.signals]


def test_a_paste_of_several_sms_is_split() -> None:
    paste = (
        "【支付宝】校验码483920，切勿告诉他人。\n"
        "【借呗】您的借呗本期账单还款失败。\n\n"
        "王先生您好，您的借呗欠款已逾期。\n"
        "请尽快还款。\n"
        "报！借款已到账【蚂蚁借呗】\n"
        "【支付宝】\n您已成功还款3150.00元。"
    )
    assert split_messages(paste) == [
        "【支付宝】校验码483920，切勿告诉他人。",
        "【借呗】您的借呗本期账单还款失败。",
        "王先生您好，您的借呗欠款已逾期。\n请尽快还款。\n报！借款已到账【蚂蚁借呗】",
        "【支付宝】\n您已成功还款3150.00元。",
    ]


def test_a_paste_is_capped_and_blank_text_gives_nothing(analyzer: SmsAnalyzer) -> None:
    assert analyzer.analyze_all("  \n\n \n") == []
    assert len(split_messages("短信\n\n" * 50, limit=20)) == 20
