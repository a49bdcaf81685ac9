"""Who a message claims to be × what it asks: the rules generalise by class, not by text.

Every message here is composed for this test from the class it stands for (DOMAIN.md §2,
§5 and the classes of issue 7); none is copied from the tuning corpus.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.channels.telegram.sms_render import card_screen
from bot.conversation import VerdictCard
from bot.errors import KnowledgeError
from bot.evidence import EvidenceRecord
from bot.knowledge.base import Knowledge
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Lang
from bot.report import ready_texts, render_csv, report_input
from bot.sms import SmsAnalyzer, VerdictKind
from bot.sms.defang import defang
from bot.sms.urls import registrable_domain
from bot.sms.view import evidence_record, verdict_view
from tests.conftest import DATA, KNOWLEDGE_DIR


@pytest.fixture(scope="module")
def analyzer(knowledge: Knowledge) -> SmsAnalyzer:
    return SmsAnalyzer(knowledge.sms)


# ---------------- claimed identity × requested channel ----------------


@pytest.mark.parametrize(
    ("text", "signal", "asked"),
    [
        ("【借呗】您的额度已冻结，请登录 jb-fix.pw 解冻。", "off_channel_link", "jb-fix.pw"),
        (
            "【工商银行】您的账户存在风险，请致电 021-51234567 处理。",
            "off_channel_number",
            "021-51234567",
        ),
        (
            "【花呗】您的账户异常，请联系客服QQ 2876541093。",
            "off_channel_contact",
            "QQ 2876541093",
        ),
        (
            "这里是招联金融，您的借款利率超标，请下载“安心借”APP办理退息。",
            "off_channel_app",
            "安心借",
        ),
        (
            "【京东】白条需注销，请将额度转入 6217 0012 3456 7890 核验。",
            "off_channel_account",
            "6217",
        ),
    ],
)
def test_a_request_off_the_claimed_channel_is_a_scam_that_names_both_sides(
    analyzer: SmsAnalyzer, text: str, signal: str, asked: str
) -> None:
    verdict = analyzer.analyze(text, sender="95188")  # a spoofed official sender changes nothing
    assert verdict.verdict is VerdictKind.SCAM, verdict.signal_ids()
    (hit,) = [s for s in verdict.signals if s.id == signal]
    assert asked in hit.explain.zh_hans  # what it asks …
    org = verdict.claimed_org
    assert org is not None
    name = {o.id: o.name.zh_hans for o in analyzer.rules.orgs}[org]
    assert name in hit.explain.zh_hans  # … and whose channels it leaves


def test_the_signature_never_offsets_a_request_off_channel(analyzer: SmsAnalyzer) -> None:
    bare = analyzer.analyze("您的借呗额度已冻结，请致电 0571-85123456 解冻。")
    signed = analyzer.analyze("【借呗】您的借呗额度已冻结，请致电 0571-85123456 解冻。")
    assert signed.verdict is VerdictKind.SCAM
    assert signed.risk >= bare.risk
    explain = next(s for s in signed.signals if s.id == "off_channel_number").explain.zh_hans
    assert "自称【借呗】" in explain
    assert "95188" in explain


def test_an_agency_that_acts_for_the_lender_with_its_own_number_is_collection(
    analyzer: SmsAnalyzer,
) -> None:
    verdict = analyzer.analyze(
        "【华信资产管理】受借呗委托，您的欠款已逾期，请于今日联系0571-86541234处理。"
    )
    assert verdict.verdict is VerdictKind.COLLECTION
    assert not [s for s in verdict.signal_ids() if s.startswith("off_channel")]


@pytest.mark.parametrize(
    "text",
    [
        "【工商银行】您尾号6612的储蓄卡12月3日14:22支出(消费)人民币268.00元，活期余额3,120.55元。",
        "【招商银行】您的信用卡本期账单已出，本期应还1,250.00元，最低还款125.00元，详询95555。",
        "【美团】您的美团月付账单已出，本期应还356.20元，可在美团App或meituan.com查看并还款。",
        "【中国移动】尊敬的客户，您本月话费账单已出，共计58.00元，详询10086。",
        "【XX区人民法院】您有一起案件(2025)浙0106民初4521号已立案受理，请登录人民法院在线服务查看。",
        "【借呗】您的借款已于3月2日还清，感谢使用。",
        "【借呗】您已结清全部借款，可在支付宝-借呗-我的服务申请结清证明。",
        "【支付宝】您有一笔退款12.50元已原路退回，请注意查收。",
        "【南方电网】尊敬的客户，您户号0301***的10月电费158.30元已自动扣缴成功。",
        "【华为】您的验证码是654321，用于登录华为帐号，5分钟内有效，请勿泄露。",
        "【浦发银行】您的信用卡还款已到账，本次还款1,500.00元，感谢您的支持。",
        "【征信中心】您的个人信用报告查询申请已受理，请登录 ipcrs.pbccrc.org.cn 获取。",
    ],
)
def test_genuine_notices_from_banks_lenders_telcos_and_courts_are_official(
    analyzer: SmsAnalyzer, text: str
) -> None:
    verdict = analyzer.analyze(text)
    assert verdict.verdict is VerdictKind.OFFICIAL_NOTICE, (verdict.scores, verdict.signal_ids())


# ---------------- request classes (everyday scams) ----------------


@pytest.mark.parametrize(
    "text",
    [
        "借呗系统还款通道已关闭，请将欠款转入公司对公账户，转账后截图给专员。",
        "您的欠款请还到指定还款账户：6222 0212 3456 7890 123，户名李*。",
        "【抖音】您开通的百万保障服务即将每月扣费598元，如需取消请致电0755-26543321。",
        "您的花呗备用金已到期，退款待领取，请加客服微信 hb_kefu88 办理。",
        "房东：我换了新的收款账户，这个月房租请转到6217 0012 3456 7890。",
        "爸，我换号了，这是我新号码，存一下。",
        "您的信用卡积分即将清零，可兑换现金红包，请点击 jf-duihuan.top 领取。",
        "您的ETC认证已失效，请及时点击**网址重新认证，以免影响通行。",
        "您的快递包裹丢失，可申请双倍理赔，请点击 kd-lp.xyz 填写信息。",
        "刷单兼职，日结300，加微信ab12345详聊。",
        "您的退票款项待领取，请将资料发送至邮箱 refund88@163.com。",
        "【花唄】您的帳戶存在異常，請加LINE：safe_pay88 聯繫客服處理。",
        "您好，您的醫保卡已被凍結，請點擊連結 yb-check.cc 解凍。",
        "你好，我是孩子班主任王老师，本学期资料费每人268元，请扫码缴费或转到我的微信。",
        "【中通快递】您的包裹在运输中破损，我们将为您办理双倍理赔，请联系理赔专员 0531-66778899。",
        "【交管12123】您有一条交通违法记录未处理，逾期将加倍罚款，请登录 jgsc-12123.cc 缴纳。",
        "【香港郵政】您的包裹因地址不全無法派送，請於24小時內點擊 hkpost-hk.top 更新地址",
        "老闆：幫我買10張遊戲點數卡，拍照給我，回頭報銷",
        "支付宝通知：您的花呗因实名信息不全将于今日停用，请回复身份证号和银行卡号完成认证。",
        "您好，您的借呗已逾期，现可申请停息挂账，需先交纳服务费299元，详询专员 18812345678。",
        "你好，我是人事部小王，公司发放年终补贴，请扫描附件二维码填写银行卡信息领取。",
        "【國泰世華】您的信用卡異常交易已被凍結，請撥打 02-2345-6789 聯繫專員",
        "您好，我是您的房東，我換了帳戶，這個月房租請匯到 012-345678901234",
    ],
)
def test_request_classes_are_scams(analyzer: SmsAnalyzer, text: str) -> None:
    verdict = analyzer.analyze(text)
    assert verdict.verdict is VerdictKind.SCAM, (verdict.scores, verdict.signal_ids())


# ---------------- normalisation and hosts ----------------


def test_taiwanese_spellings_fold_to_mainland_words(analyzer: SmsAnalyzer) -> None:
    folded = analyzer.fold("請至帳戶查看簡訊連結，加賴").text
    assert "账户" in folded
    assert "短信链接" in folded
    assert "加line" in folded


def test_a_masked_link_is_an_unverifiable_link(analyzer: SmsAnalyzer) -> None:
    for text in ("您的借呗待激活，请点击(此处为链接)办理", "【借呗】账户异常，请点击下方链接核实"):
        verdict = analyzer.analyze(text)
        assert "masked_link" in verdict.signal_ids(), text
        assert verdict.verdict is not VerdictKind.OFFICIAL_NOTICE
    real = analyzer.analyze("【借呗】请点击下方链接查看账单 https://ur.alipay.com/2Bx0")
    assert "masked_link" not in real.signal_ids()


def test_an_email_address_is_no_link(analyzer: SmsAnalyzer) -> None:
    verdict = analyzer.analyze("【工商银行】如有疑问请发邮件至webmaster@icbc.com.cn或致电95588。")
    assert verdict.evidence.links == ()
    assert [e.text for e in verdict.evidence.emails] == ["webmaster@icbc.com.cn"]


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("m.alipay.com.refund-cn.pw", "refund-cn.pw"),
        ("kf.jiebei.xyz", "jiebei.xyz"),
        ("www.icbc.com.cn", "icbc.com.cn"),
        ("a.b.court.gov.cn", "court.gov.cn"),
        ("report.txt", None),
    ],
)
def test_registrable_domains_come_from_the_public_suffix_list(
    host: str, domain: str | None
) -> None:
    assert registrable_domain(host) == domain


def test_odd_tlds_are_links_by_shape(analyzer: SmsAnalyzer) -> None:
    verdict = analyzer.analyze("您的征信有误，请登录 zx-fix.pw 或 zxfix.buzz 修改")
    assert [x.domain for x in verdict.evidence.links] == ["zx-fix.pw", "zxfix.buzz"]
    assert verdict.verdict is VerdictKind.SCAM


# ---------------- facts and advice ----------------


def test_a_signature_from_a_personal_mobile_is_not_an_official_sender(
    analyzer: SmsAnalyzer,
) -> None:
    text = "【借呗】您本期账单已出，请按时还款。"
    assert analyzer.analyze(text, sender="13812345678").facts.get("sender") == "mobile"
    assert analyzer.analyze(text, sender="95188").facts.get("sender") == "official"


def test_an_sms_never_says_there_were_no_red_flags(analyzer: SmsAnalyzer) -> None:
    for text in ("【借呗】您本期账单已出，请按时还款。", "你欠的钱什么时候还？再不还就起诉。"):
        flags = analyzer.analyze(text).facts.get("red_flags", ())
        assert "none" not in flags


def test_court_bank_and_lender_notices_get_their_own_advice(
    analyzer: SmsAnalyzer, knowledge: Knowledge
) -> None:
    court = analyzer.analyze(
        "【XX区人民法院】您有一起案件(2025)浙0106民初4521号已立案受理，请登录人民法院在线服务查看。"
    )
    view = verdict_view(court, knowledge, Lang.ZH_HANS)
    assert "12368" in view.now
    assert "人民法院在线服务" in view.now
    assert "区号" in view.now
    bank = analyzer.analyze("【招商银行】您的信用卡本期账单已出，本期应还1,250.00元，详询95555。")
    view = verdict_view(bank, knowledge, Lang.ZH_HANS)
    assert "银行" in view.now
    assert "95188" not in view.now
    assert "支付宝" not in view.meaning


def test_an_unclear_card_never_offers_a_threat_as_normal(
    analyzer: SmsAnalyzer, knowledge: Knowledge
) -> None:
    verdict = analyzer.analyze("【借呗】您的账户将被冻结，逾期将起诉并上门，详询95188。")
    assert verdict.verdict is VerdictKind.UNCLEAR, verdict.signal_ids()
    why = verdict_view(verdict, knowledge, Lang.ZH_HANS).why or ""
    normal = why.split("像正常短信的地方", 1)[-1]
    assert "起诉" not in normal
    assert "上门" not in normal


# ---------------- links are never live ----------------


def _outputs(analyzer: SmsAnalyzer, knowledge: Knowledge, text: str) -> list[str]:
    out: list[str] = []
    for verdict in analyzer.analyze_all(text):
        for lang in Lang:
            view = verdict_view(verdict, knowledge, lang)
            out += [*(q for q, _ in view.seen), *(e for _, e in view.seen), view.why or ""]
            out.append(card_screen(VerdictCard(verdict, view, 1, ()), knowledge).html)
        out.append(analyzer.report_12321(verdict, "13800138000"))
        kept = evidence_record(verdict, "13800138000", Lang.ZH_HANS)
        for lang in Lang:  # the /evidence files and texts users get
            out.append(_files(knowledge, lang, kept))
    return out


def _files(knowledge: Knowledge, lang: Lang, kept: EvidenceRecord) -> str:
    """The /evidence CSV and every ready-to-send text made from one kept message."""
    data = report_input(knowledge, lang, 1_800_000_000.0, {}, [kept])
    texts = [f"{t.title}\n{t.body}\n{t.note or ''}" for t in ready_texts(data, knowledge)]
    return "\n".join([render_csv(data, knowledge).decode("utf-8-sig"), *texts])


@pytest.mark.parametrize(
    "text",
    [
        "【支付宝】您的借呗账户异常，请登录 https://alipay-jb.top/login 处理。",
        "点击ａ１ｉｐａｙ．ｃｏｍ／ｋｑ开通，或访问 www.jb-kf.cn，邮件 kf@jb-kf.cn",
        "【借呗】账单已出，详见 https://ur.alipay.com/2Bx0 ，或 HTTP://T.CN/A6x9KpQ2",
        "通过dwz\u200b.cn/Jb8Hk3还款",
    ],
)
def test_no_rendered_output_holds_a_live_link_from_the_sms(
    analyzer: SmsAnalyzer, knowledge: Knowledge, text: str
) -> None:
    verdict = analyzer.analyze(text)
    hosts = [link.host for link in verdict.evidence.links]
    assert hosts
    for output in _outputs(analyzer, knowledge, text):
        for host in hosts:
            assert host not in output.lower(), (host, output)
        assert "http://" not in output.lower()
        assert "https://" not in output.lower()


def test_no_output_for_any_corpus_message_holds_a_live_link(
    analyzer: SmsAnalyzer, knowledge: Knowledge
) -> None:
    items = yaml.safe_load((DATA / "sms_corpus.yaml").read_text(encoding="utf-8"))["items"]
    with_links = 0
    for item in items:
        text = str(item["text"])
        hosts = [link.host for v in analyzer.analyze_all(text) for link in v.evidence.links]
        if not hosts:
            continue
        with_links += 1
        for output in _outputs(analyzer, knowledge, text):
            assert not [h for h in hosts if h in output.lower()], (item["id"], output)
    assert with_links >= 10


def test_a_sender_given_as_a_link_is_defanged_in_the_evidence_file(
    analyzer: SmsAnalyzer, knowledge: Knowledge
) -> None:
    intake = analyzer.read_intake("发件人：jb-kf.top\n【借呗】您已逾期，请尽快处理")
    assert intake.sender == "jb-kf.top"
    verdict = analyzer.analyze_all(intake.text, intake.sender)[0]
    kept = evidence_record(verdict, intake.sender, Lang.ZH_HANS)
    for lang in Lang:
        text = _files(knowledge, lang, kept)
        assert "jb-kf.top" not in text
        assert "jb-kf[.]top" in text


def test_defanging_keeps_everything_but_the_links() -> None:
    text = "【支付宝】余额1,250.00元，请登录 http://alipay-jb.top/x 或 ｗｗｗ．ａｂ．ｃｎ。谢谢"
    assert defang(text) == (
        "【支付宝】余额1,250.00元，请登录 hxxp://alipay-jb[.]top/x 或 ｗｗｗ[.]ａｂ[.]ｃｎ。谢谢"
    )


@pytest.mark.parametrize(
    "text",
    [
        "请点\u200bhttp://1.2.3.4/pay 还款",
        "详见\u2060https://t.cn/A6x9",
        "还款\ufeffhttp://123.57.8.9",
    ],
)
def test_an_invisible_character_before_the_scheme_does_not_keep_a_link_live(text: str) -> None:
    # An IP host has no name to defang: only the scheme stops a client from linking it.
    out = defang(text).lower()
    assert "http://" not in out
    assert "https://" not in out
    assert "hxxp" in out


# ---------------- the orgs directory is checked on load ----------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "却让你拨打{asked}；",
            "却让你拨打{number}；",
            "placeholders differ by language: asked, number",
        ),
        ('    numbers: ["95588"]\n', '    numbers: ["955-88"]\n', "write a number as digits only"),
        (
            "客服电话通常是95533和建设银行App, en: usually the 95533",
            "客服电话是95533和建设银行App, en: the 95533",
            "cites an unverified source without hedged wording",
        ),
        (
            "    unless: [alipay_link]\n",
            "    unless: [alipay_links]\n",
            "no signal 'alipay_links'",
        ),
    ],
)
def test_a_broken_orgs_or_channel_entry_is_refused(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    sms = target / "sms.yaml"
    text = sms.read_text(encoding="utf-8")
    assert old in text
    sms.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(target)
    assert message in str(info.value)


def test_a_bank_notice_with_a_400_card_line_is_not_called_a_scam(analyzer: SmsAnalyzer) -> None:
    """Banks' card centres may use 400 numbers; no bank asks you to call a mobile."""
    notice = analyzer.analyze(
        "【招商银行】您的信用卡本期账单已出，本期应还1,250.00元，详询400-820-5555。"
    )
    assert notice.verdict is not VerdictKind.SCAM
    fake = analyzer.analyze("【招商银行】您的信用卡额度可提升，详询13812345678。")
    assert fake.verdict is VerdictKind.SCAM
    assert "off_channel_number" in fake.signal_ids()


@pytest.mark.parametrize(
    "text",
    [
        "【微众银行】您的微粒贷借款已于2025年11月30日结清，感谢您的使用。",  # 30日结清 ≠ 日结
        "【中国移动】您已成功开通5G会员，每月自动扣费20元，如需取消请发送QXHY到10086。",
        "【12306】订单E123456789，张三您已购12月5日G123次5车6F号，检票口B3。",
        "【顺丰速运】您的快件SF1234567890已由前台代收，如有疑问请联系95338。",
        "【XX公安】反诈提醒：任何要求转账到“安全账户”的都是诈骗，如有疑问请拨打96110。",
        "【腾讯科技】您的QQ号123456789于12月1日在新设备登录，如非本人操作请修改密码。",
        "【XX医保】您的医保个人账户12月1日入账126.50元，余额1,230.00元。",
    ],
)
def test_everyday_genuine_notices_are_not_scams(analyzer: SmsAnalyzer, text: str) -> None:
    assert analyzer.analyze(text).verdict is not VerdictKind.SCAM


def test_a_spoofed_service_number_is_a_claim_too(analyzer: SmsAnalyzer) -> None:
    """Sent "from 95588" (a fake base station can show it), asking to call a mobile."""
    verdict = analyzer.analyze("您的网银已过期，请联系客服专员 13812345678 升级。", sender="95588")
    assert verdict.claimed_org == "icbc"
    assert verdict.verdict is VerdictKind.SCAM
    explain = next(s for s in verdict.signals if s.id == "off_channel_number").explain.zh_hans
    assert "自称95588" in explain
    assert "www.icbc.com.cn" in explain


def test_an_email_on_the_claimed_domain_stays_on_its_channel(analyzer: SmsAnalyzer) -> None:
    own = analyzer.analyze("【工商银行】如有疑问请发送邮件至 webmaster@icbc.com.cn 。")
    assert "off_channel_contact" not in own.signal_ids()
    other = analyzer.analyze("【工商银行】请将身份证照片发送邮件至 kefu@icbc-verify.com 。")
    assert "off_channel_contact" in other.signal_ids()
    assert other.verdict is VerdictKind.SCAM


def test_a_court_notice_sent_from_12368_is_official(analyzer: SmsAnalyzer) -> None:
    text = (
        "您好，您与张三民间借贷纠纷一案已立案，案号(2025)粤0305民初12345号，"
        "请登录人民法院在线服务查看起诉状，承办法官李四，电话0755-86608888。"
    )
    verdict = analyzer.analyze(text, sender="12368")
    assert verdict.verdict is VerdictKind.OFFICIAL_NOTICE, verdict.signal_ids()
    assert "official_sender" in verdict.signal_ids()
    assert "off_channel_number" not in verdict.signal_ids()  # the judge's landline, with a case
    assert analyzer.analyze(text).verdict is not VerdictKind.SCAM


def test_pay_this_card_from_a_family_member_is_a_transfer_request(analyzer: SmsAnalyzer) -> None:
    verdict = analyzer.analyze(
        "妈，我手机掉水里了，急需2000元交资料费，转我这个卡 6217 8800 1234 5678。"
    )
    assert "pay_personal_account" in verdict.signal_ids()
    assert verdict.verdict is VerdictKind.SCAM
