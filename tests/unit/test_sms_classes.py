"""Verdicts by class of message, not by text: everyday scams are scams, plain notices are not.

Each message is composed for this test from a class issue 7 names (a card number to pay, a
"closed channel", call-to-cancel, a landlord's or boss's new account, "I changed my number",
points, utility/ETC/医保/traffic arrears, parcel refunds, 刷单, LINE/QQ/e-mail/WhatsApp, Taiwan
and Hong Kong wording; and bank alerts, bills, code SMS, other lenders' reminders, telco
bills, a 12368 notice). None is copied from the tuning corpus or from any public page.
"""

from __future__ import annotations

import pytest

from bot.sms import SmsAnalyzer, VerdictKind


@pytest.mark.parametrize(
    "text",
    [
        "请将还款转入我司对公账户，户名：某某科技有限公司，账号：6222 0212 3456 7890 123",
        "请将欠款转至6217 0000 1234 5678 工行 张三",
        "还款完成后请截图给专员核实",
        "您好，您的借款平台还款通道已关闭，请联系专员处理",
        "您的京东金融会员将于今日自动扣费688元，如需取消请致电400-123-4567",
        "【支付宝】您的备用金即将到期，逾期将影响征信，详询专员",
        "各位家长好，我是班主任，本学期资料费每人380元，请转到以下账户",
        "小王，我是李总，明天来我办公室，先帮我转5万给一个客户",
        "爸，我手机坏了，这是我新号码，微信也换了，加一下",
        "【国家电网】您的电费已欠费，将于今日停电，请点击 sgcc-jf.cc 缴费",
        "【医保局】您的医保卡已被冻结，请于24小时内致电0571-88888888办理解冻",
        "【交管12123】您有一条未处理的交通违法记录，请登录 12123-jt.cc 处理，逾期将产生滞纳金",
        "您好，我是淘宝客服，您购买的商品因质量问题需要给您退款，请添加微信 tb_kf2024",
        "招聘兼职，日薪300，在家手机操作，加QQ 123456789",
        "您好，我是投資顧問，請加LINE：abc123 領取飆股",
        "您的账号存在异常，请将身份证照片发送至邮箱 kefu2024@163.com",
        "您好，請加WhatsApp +85291234567 了解詳情",
        "【香港郵政】您的包裹因地址不全未能派送，請於24小時內更新：hkpost-xx.com",
        "【中華電信】您本月帳單逾期未繳，請立即點擊連結繳費：cht-pay.top",
        "【借呗】您的借呗额度已冻结，需缴纳解冻金2000元，联系客服13800138000",
        "您好，您在我平台的借款已逾期，为避免影响征信请立即联系客服微信 hk_kefu88 协商还款",
        "【花呗】您的花呗账户涉及违规操作，需注销，否则影响征信，详询4001234567",
        "您的网贷记录异常，银保监会要求注销，请下载“云会议”配合操作",
        "我是蚂蚁金服客服，您的学生账户需要注销",
        "【京东】您的白条账户因长期未使用需关闭，否则影响征信，请回电4008-123-456",
        "【中国移动】尊敬的客户，您的话费积分8800分即将清零，"
        "可兑换88元现金，详情登录 10086-jf.vip",
        "您的包裹已到达驿站，因破损需理赔，请联系客服 13912345678",
        "【ETC服务】您的ETC卡已失效，请及时处理",
        "您好，您有一笔退款198元待领取，请联系客服办理",
        "您的个人所得税有一笔退税待领取，请登录 tax-tuishui.com 办理",
        "【社保】您的社保卡即将停用，请尽快完成认证，否则无法报销",
        "您好，这里是平安银行信用卡中心，您的信用卡可以提额至5万，回复1办理",
        "尊敬的用户，您已被选为幸运用户，获得iPhone一台，请支付邮费29元领取",
        "你好，我是你孩子的班主任，请加一下家长群 QQ 987654321",
        "我是你领导，明天到我办公室一趟，这是我新号",
        "【微粒贷】您的微粒贷已逾期，请立即将欠款转入指定账户，否则上报征信",
        "您的借款已结清，但征信有逾期记录，可付费帮您消除",
        "【招联金融】您的账户存在异常，需要注销，请添加客服企业微信",
    ],
)
def test_everyday_scams_are_called_scams(analyzer: SmsAnalyzer, text: str) -> None:
    verdict = analyzer.analyze(text)
    assert verdict.verdict is VerdictKind.SCAM, verdict.signal_ids()


def test_an_account_alarm_with_a_call_to_a_hotline_variant_is_never_reassuring(
    analyzer: SmsAnalyzer,
) -> None:
    """ "账户异常，请立即致电95188-8": phishing wording and a call request, but the number may be
    read as 95188 and an extension. The rules find it suspicious (45); the model no longer
    tips it to scam at p < 0.8 (session 7 retrain). It must never read as genuine."""
    verdict = analyzer.analyze("【支付宝】您的账户异常，请立即致电95188-8转人工处理")
    assert verdict.verdict in (VerdictKind.SCAM, VerdictKind.UNCLEAR)
    assert verdict.risk >= 40
    assert "phishing_wording" in verdict.signal_ids()


@pytest.mark.parametrize(
    "text",
    [
        "【招商银行】您账户1234于12月01日10:12消费人民币58.00元，余额3,219.66元。",
        "【交通银行】您尾号1234的信用卡本期账单金额3,200.00元，最低还款320.00元，到期还款日12月20日。",
        "【中国联通】尊敬的客户，您11月账单费用为59.00元，截至12月1日余额为3.20元，请及时缴费。",
        "【中国电信】您本月话费已出账，共计89元，请于月底前缴纳，避免停机。",
        "【12368】您好，您的案件（2025）浙0102民初1234号将于12月10日9:00在第三法庭开庭，请准时参加。",
        "【微粒贷】您本期应还款1,058.33元，还款日为12月5日，请确保还款账户余额充足。",
        "【美团】您的验证码是123456，请勿告诉任何人，美团不会向您索取。",
        "【京东金融】您的金条借款已全部结清，感谢使用。",
        "【网商银行】您的网商贷已于12月1日结清全部借款。",
        "【招联金融】您本期账单756.21元将于12月8日到期，请确保绑定银行卡余额充足，可在招联金融App查看。",
        "【中国移动】您的验证码为834521，5分钟内有效，请勿泄露。",
        "【抖音】验证码6543，用于登录，5分钟内有效。如非本人操作，请忽略本短信。",
        "【国家电网】尊敬的客户，您户号1234本月电费86.50元，已从您的账户自动扣缴，余额23.10元。",
        "【工商银行】您尾号1234卡12月1日10:05快捷支付支出(财付通-微信支付)120.00元，余额3,456.78元。",
        "【建设银行】您尾号5678的信用卡账单已出，本期应还2,000.00元，到期还款日12月10日，可登录建行手机银行还款。",
        "【中国银行】您的信用卡本期账单已出，应还金额1,234.00元，最后还款日12月25日，请按时还款，详询95566。",
        "【平安银行】您尾号1234的信用卡于12月01日消费1,288.00元，可用额度8,712.00元。",
        "【支付宝】您的花呗本月账单1,234.56元，还款日12月10日，可在支付宝App-花呗中还款。",
        "【借呗】您已于12月1日还清全部借款，感谢使用。",
        "【中国移动】尊敬的客户，您的话费余额不足10元，为避免停机请及时充值。",
        "【顺丰速运】您的快件SF1234567890已签收，感谢使用顺丰。",
        "【中国邮政】您的邮件已到达XX驿站，取件码1234，请凭码取件。",
        "【度小满】您的借款本期应还568.00元，还款日12月10日，将自动从银行卡扣款。",
        "【中国工商银行】您的验证码为123456，您正在进行网上支付，金额100.00元，请勿向任何人泄露。",
        "【农业银行】您尾号1234账户12月01日10:00完成代付交易人民币5000.00，余额5123.45。",
    ],
)
def test_plain_notices_from_banks_lenders_telcos_and_courts_are_genuine(
    analyzer: SmsAnalyzer, text: str
) -> None:
    verdict = analyzer.analyze(text)
    assert verdict.verdict is VerdictKind.OFFICIAL_NOTICE, verdict.signal_ids()


@pytest.mark.parametrize(
    "text",
    [
        "您的快递已放至菜鸟驿站，请凭取件码5-2-1234取件。",
        "【交管12123】您的机动车驾驶证将于2026年1月1日到期，请于有效期满前办理换证。",
        "您尾号1234卡12月1日10:05快捷支付支出(财付通-微信支付)120.00元，余额3,456.78元。",
    ],
)
def test_a_notice_that_asks_nothing_is_never_called_a_scam(
    analyzer: SmsAnalyzer, text: str
) -> None:
    """Not even by the statistical layer: a scam needs the reader to do something."""
    assert analyzer.analyze(text).verdict is not VerdictKind.SCAM
