"""scripts/holdout.py: how collectors' files become a held-out file, label-blind."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def holdout() -> ModuleType:
    spec = importlib.util.spec_from_file_location("holdout", ROOT / "scripts" / "holdout.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _item(n: int, text: str, source: str, label: str = "official_notice") -> dict[str, Any]:
    return {
        "id": f"x-h9z-{n:03d}",
        "label": label,
        "topic": "other",
        "text": text,
        "source": source,
        "note": "why",
    }


TUNING = [{"text": "【甲银行】您的账户 收到100元", "source": "https://news.used.com.cn/a"}]


def test_merge_keeps_unseen_messages_and_says_why_it_dropped_the_others(
    holdout: ModuleType,
) -> None:
    collected = [
        _item(1, "【乙银行】验证码123456，切勿告诉他人", "https://www.fresh.cn/p/1"),
        _item(
            2, "【甲银行】您的账户收到100元", "https://other.cn/x"
        ),  # the tuning text re-wrapped
        _item(3, "【乙银行】验证码123456，切勿告诉他人", "https://another.cn/y"),  # taken twice
        _item(4, "一条新短信", "https://m.used.com.cn/b"),  # a site the tuning data uses
        _item(5, "又一条新短信", "https://cited.org/c"),  # a site the knowledge cites
        _item(6, "第三条新短信", "https://alias.cn/d"),  # another domain of a used site's owner
        _item(7, "第四条新短信", "no page"),
        _item(8, "你的快递到了", "https://www.fresh.cn/p/2", label="scam"),
    ]
    items, dropped = holdout.merge(
        collected, TUNING, {"cited.org"}, 9, {"alias.cn": "used.com.cn"}
    )
    assert [item["id"] for item in items] == ["official-notice-h9-001", "scam-h9-001"]
    assert items[0]["note"] == "why (collected as x-h9z-001)"
    assert items[0]["signals"] == []
    assert dict(dropped) == {
        "text in the tuning data": 1,
        "text taken twice": 1,
        "site used by the tuning data": 1,
        "site cited by the knowledge": 1,
        "another domain of a used site's owner": 1,
        "no page URL": 1,
    }


def test_merge_takes_at_most_eight_items_from_one_site(holdout: ModuleType) -> None:
    collected = [_item(n, f"第{n}条通知", f"https://www.shop{n % 2}.cn/{n}") for n in range(20)]
    items, dropped = holdout.merge(collected, [], set(), 9)
    assert len(items) == 16
    assert dropped == {"more than 8 from one site": 4}
    assert [item["text"] for item in items][:3] == ["第0条通知", "第1条通知", "第2条通知"]
    # Two hosts of one registrable domain are one site.
    same = [_item(n, f"第{n}条提醒", f"https://m{n}.shop.cn/") for n in range(10)]
    assert len(holdout.merge(same, [], set(), 9)[0]) == 8


def test_a_merged_file_loads_as_a_held_out_file(holdout: ModuleType, tmp_path: Path) -> None:
    items, _ = holdout.merge([_item(1, "【乙银行】到账500元", "https://fresh.cn/1")], [], set(), 9)
    text = holdout.render(items, 9, "session 99")
    assert text.startswith("# Held-out file 9 (session 99): see HOLDOUT.md.")
    assert yaml.safe_load(text) == {"version": 1, "items": items}


def test_the_sites_list_names_what_the_data_and_the_knowledge_use(
    holdout: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert holdout.main(["sites"]) == 0
    listed = set(capsys.readouterr().out.split())
    assert "github.com/pppscn/smsforwarder" in listed  # a repository a tuning file quotes
    assert holdout.sites_of(holdout.tuning_items(ROOT / "tests" / "data")) <= listed
    assert holdout.cited_sites(ROOT / "knowledge" / "sources.yaml") <= listed
