"""Session 13 (coordinator's mends after reading the rules A and B diffs): a link written inside a
template's double braces stays a link.

Every message here is composed for this test, not copied from the tuning corpus, a held-out file or
any page; hosts are fake.
"""

from __future__ import annotations

import pytest

from bot.sms import VerdictKind
from bot.sms.text import fold_for_matching
from tests.conftest import Judge

# A Go template's variable starts with a dot ("{{ .Order.No }}") and a Mustache one is a single
# name ("{{user_name}}"): both are unfilled values. A dotted name in double braces without the
# leading dot may be a host: it is left to the link reader, which keeps a risky ending or a brand
# a link and a plain field path ("{{user.name}}") no link.
BRACED_HOST_SCAMS: list[str] = [
    "{{jiebei.top}} 您的借呗已逾期，请立即处理，否则上报征信。",
    "【花呗】您的账单异常，请登录{{huabei-pay.vip}}核实，逾期将冻结。",
]
BRACED_FIELD_NOTICES: list[str] = [
    "【米粒商城】{{user.name}}您好，您的订单{{order.no}}已发货。",
    "【米粒商城】{{user_name}}您好，您的订单{{order_no}}已发货。",
]


@pytest.mark.parametrize("text", BRACED_HOST_SCAMS)
def test_a_host_in_double_braces_stays_a_link(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert verdict.evidence.links, verdict.signal_ids()


@pytest.mark.parametrize("text", BRACED_FIELD_NOTICES)
def test_a_field_path_in_double_braces_is_no_link(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert verdict.evidence.links == (), [x.text for x in verdict.evidence.links]


def test_a_go_template_path_and_a_mustache_name_are_values() -> None:
    assert fold_for_matching("{{ .Order.No }}|{{- mask .A.B -}}|{{ user_id }}").text == (
        "0000|0000|0000"
    )
    assert fold_for_matching("{{jiebei.top}}").text == "{{jiebei.top}}"


# An ID number asked for alone (a school's insurance, an employer, a ticket) is everyday life; a
# card number, its security code or a password is what only a scam asks for by SMS.
ID_ONLY_NOTICES: list[str] = [
    "【青禾小学】家长您好，本周五组织秋游，请将活动费50元交给班主任，并提供孩子身份证号用于购买保险。",
    "【星河酒店】尊敬的客人，入住前请提供身份证照片给前台登记，谢谢配合。",
]
CARD_REQUEST_SCAMS: list[str] = [
    "【青禾小学】家长您好，补助金即将发放，请提供银行卡号和背面三位安全码给班主任。",
    "您好，我是社区工作人员，请提供银行卡号和身份证号以便发放补贴。",
]


@pytest.mark.parametrize("text", ID_ONLY_NOTICES)
def test_an_id_number_asked_for_alone_is_no_scam(judge: Judge, text: str) -> None:
    assert judge.rules.analyze(text).verdict is not VerdictKind.SCAM
    assert judge.shipped.analyze(text).verdict is not VerdictKind.SCAM


@pytest.mark.parametrize("text", CARD_REQUEST_SCAMS)
def test_a_card_number_asked_for_stays_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)
