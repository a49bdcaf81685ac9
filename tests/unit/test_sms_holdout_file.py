"""The held-out SMS file (tests/data/sms_holdout.yaml) is well formed and disjoint from the corpus.

The held-out file measures how the analyzer does on messages its rules were never tuned on
(see tests/data/HOLDOUT.md). These checks keep it honest: every item is a labelled, sourced
message, and no message, page host or GitHub repository is shared with the tuning corpus.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from tests.conftest import DATA

LABELS = ("scam", "official_notice", "collection", "unclear")
TOPICS = ("loan", "other")
URL = re.compile(r"https?://[^\s)\"'，。；、]+")
# Second-level labels under which the registrable domain has three labels (a.gov.cn, b.com.tw).
SECOND_LEVEL = {"com", "net", "org", "gov", "edu", "ac", "idv"}


def _load(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict), name
    assert isinstance(data.get("items"), list), name
    return list(data["items"])


def _site(url: str) -> str:
    """The site a source URL belongs to: github.com/owner/name, else its registrable domain."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in {"github.com", "raw.githubusercontent.com"}:
        path = [p for p in parts.path.split("/") if p]
        return "github.com/" + "/".join(path[:2]).lower()
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


@pytest.fixture(scope="module")
def holdout() -> list[dict[str, Any]]:
    return _load("sms_holdout.yaml")


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    return _load("sms_corpus.yaml")


def test_site_keys_group_hosts_and_repositories() -> None:
    assert _site("http://www.sznews.com/news/x.htm") == _site("https://sznews.com/y")
    assert _site("http://hshmqfy.nmgfy.gov.cn/a") == "nmgfy.gov.cn"
    assert _site("https://news.ltn.com.tw/a") == _site("https://ec.ltn.com.tw/b")
    assert _site("https://github.com/Owner/Repo/blob/abc/x.txt") == "github.com/owner/repo"
    assert _site("https://github.com/owner/other/blob/abc/x.txt") != "github.com/owner/repo"


def test_items_have_unique_label_prefixed_ids(holdout: list[dict[str, Any]]) -> None:
    ids = [item["id"] for item in holdout]
    assert len(ids) == len(set(ids))
    for item in holdout:
        assert item["label"] in LABELS, item["id"]
        assert item["id"].startswith(item["label"].replace("_", "-") + "-ho-"), item["id"]


def test_items_have_a_topic_text_and_page_source(holdout: list[dict[str, Any]]) -> None:
    assert len(holdout) >= 150
    for item in holdout:
        assert item["topic"] in TOPICS, item["id"]
        assert isinstance(item["text"], str), item["id"]
        assert item["text"].strip(), item["id"]
        assert item["signals"] == [], item["id"]
        assert URL.fullmatch(item["source"]), item["id"]


def test_no_holdout_text_is_in_the_corpus(
    holdout: list[dict[str, Any]], corpus: list[dict[str, Any]]
) -> None:
    corpus_texts = {item["text"].strip() for item in corpus}
    shared = [item["id"] for item in holdout if item["text"].strip() in corpus_texts]
    assert not shared


def test_no_holdout_source_site_is_used_by_the_corpus(
    holdout: list[dict[str, Any]], corpus: list[dict[str, Any]]
) -> None:
    corpus_sites = {
        _site(url) for item in corpus for url in URL.findall(str(item.get("source") or ""))
    }
    shared = sorted(
        f"{item['id']}: {_site(item['source'])}"
        for item in holdout
        if _site(item["source"]) in corpus_sites
    )
    assert not shared
