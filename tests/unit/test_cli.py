"""`paidoff advise`, `paidoff graph` and configuration errors, as DESIGN.md specifies them."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from bot.cli import main
from bot.config import Settings
from bot.engine.advisor import Advisor
from bot.errors import ConfigError
from bot.knowledge.base import Knowledge
from bot.knowledge.model import Lang


def _advise(capsys: pytest.CaptureFixture[str], facts: object, *extra: str) -> dict[str, Any]:
    assert (
        main(["advise", "--facts", json.dumps(facts, ensure_ascii=False), "--json", *extra]) == 0
    )
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_advise_json_has_the_contract_shape(
    capsys: pytest.CaptureFixture[str], advisor: Advisor
) -> None:
    result = _advise(
        capsys, {"paid_off": "yes", "paid_when": "前天还的", "overdue": "逾期了两个月"}
    )
    assert set(result) == {"facts", "unresolved", "pending", "causes", "steps", "more", "top"}
    assert result["facts"] == {"paid_off": "yes", "paid_when": "1_3_days", "overdue": "long"}
    assert result["unresolved"] == {}
    assert result["pending"] == ["loan", "sender", "addressed_to", "red_flags"]
    causes = result["causes"]
    assert all(set(c) == {"id", "score", "why"} and c["why"] for c in causes)
    scores = [c["score"] for c in causes]
    assert scores == sorted(scores, reverse=True)
    # The same ranking and plan the bot gives for these answers.
    outcome = advisor.outcome(advisor.new_session(Lang.ZH_HANS, result["facts"]))
    assert [(c["id"], c["score"]) for c in causes] == [(c.id, c.score) for c in outcome.causes]
    assert result["steps"] == list(outcome.steps)
    assert result["top"] == list(outcome.top)
    assert result["steps"]


def test_advise_reports_what_it_cannot_place(capsys: pytest.CaptureFixture[str]) -> None:
    result = _advise(
        capsys, {"paid_when": "几天前", "colour": "red", "red_flags": ["link", "code"]}
    )
    assert result["unresolved"] == {"paid_when": "几天前", "colour": "red"}
    assert result["facts"] == {"red_flags": ["link", "verification_code"]}


def test_advise_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    result = _advise(capsys, {"addressed_to": "someone else"}, "--lang", "en")
    top = result["causes"][0]
    assert top["id"] == "info_mismatch"
    assert "someone else" in top["why"]


def test_advise_caps_the_plan_and_offers_the_rest_as_more(
    capsys: pytest.CaptureFixture[str],
) -> None:
    facts = {
        "paid_off": "yes", "paid_when": "over_7_days", "loan": "jiebei", "overdue": "long",
        "sender": "legal_claim", "addressed_to": "me", "acted": ["none"],
        "red_flags": ["legal_threat", "third_party_threat", "night_contact", "link"],
    }
    result = _advise(capsys, facts)
    steps, more = result["steps"], result["more"]
    assert len(steps) == 6
    assert more
    assert not set(more) & set(steps)
    assert steps[0] == "protect_info"  # a link: safety first
    assert "check_credit_report" in steps  # every paid-off plan keeps the prevention check


def test_an_sms_verdict_is_a_fact_that_ranks(capsys: pytest.CaptureFixture[str]) -> None:
    facts = {"paid_off": "yes", "paid_when": "today", "sms_verdict": "scam"}
    result = _advise(capsys, facts)
    assert result["facts"] == facts
    assert result["top"] == ["scam"]
    assert result["steps"][0] == "protect_info"


def test_advise_rejects_bad_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["advise", "--facts", "{oops"]) == 2
    assert "not valid JSON" in capsys.readouterr().err


@pytest.mark.parametrize(("fmt", "marker"), [("mermaid", "flowchart TD"), ("dot", "digraph")])
def test_graph_shows_every_question_and_the_outcome(
    capsys: pytest.CaptureFixture[str], fmt: str, marker: str, knowledge: Knowledge
) -> None:
    assert main(["graph", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert out.startswith(marker)
    for node in [*knowledge.questions, "outcome"]:
        assert re.search(rf"\b{node}\b", out), node


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TELEGRAM_BOT_TOKEN", "not-a-token"),
        ("TELEGRAM_API_BASE_URL", "ftp://x"),
        ("PAIDOFF_RETENTION_DAYS", "forever"),
        ("PAIDOFF_WEBHOOK_PORT", "70000"),
        ("PAIDOFF_LOG_LEVEL", "LOUD"),
        ("PAIDOFF_ADMIN_IDS", "alice"),
        ("PAIDOFF_WEBHOOK_SECRET", "has spaces!"),
        ("TELEGRAM_API_BASE_URL", "http://[::1"),
        ("TELEGRAM_API_BASE_URL", "http://127.0.0.1:99999"),
        ("TELEGRAM_API_BASE_URL", "http://api.example.org/a path"),
        ("PAIDOFF_WEBHOOK_URL", "https://[::1"),
        ("PAIDOFF_WEBHOOK_URL", "https://bot.example.org:99999/hook"),
        ("PAIDOFF_WEBHOOK_URL", "https://bot.example.org/my hook"),
        ("PAIDOFF_WEBHOOK_URL", "https://bot.example.org:port/hook"),
        ("PAIDOFF_WEBHOOK_LISTEN", "not an address"),
    ],
)
def test_a_bad_setting_names_its_variable(variable: str, value: str) -> None:
    with pytest.raises(ConfigError) as info:
        Settings.from_env({variable: value})
    assert str(info.value).startswith(variable)


def test_a_bad_setting_stops_the_cli_with_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAIDOFF_RETENTION_DAYS", "0")
    assert main(["check"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "PAIDOFF_RETENTION_DAYS" in err[0]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TELEGRAM_API_BASE_URL", "http://[::1"),
        ("TELEGRAM_API_BASE_URL", "http://127.0.0.1:99999"),
        ("PAIDOFF_WEBHOOK_URL", "https://bot.example.org/my hook"),
    ],
)
def test_a_malformed_url_stops_the_cli_with_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    assert main(["check"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert variable in err[0]


def test_the_webhook_listens_on_loopback_unless_told() -> None:
    assert Settings.from_env({}).webhook_listen == "127.0.0.1"
    assert Settings.from_env({"PAIDOFF_WEBHOOK_LISTEN": "0.0.0.0"}).webhook_listen == "0.0.0.0"
    assert Settings.from_env({"PAIDOFF_WEBHOOK_LISTEN": "::1"}).webhook_listen == "::1"


def test_the_token_is_not_in_the_settings_repr() -> None:
    token = "123456:" + "A" * 35
    assert token not in repr(Settings.from_env({"TELEGRAM_BOT_TOKEN": token}))
