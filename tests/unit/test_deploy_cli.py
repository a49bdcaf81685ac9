"""`paidoff deploy` and PAIDOFF_REPLICAS: a missing piece is one line naming the variable."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.config import Settings
from bot.errors import ConfigError

TOKEN = "777000:E2E-test-token-not-a-real-one-0000000"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "PAIDOFF_WEBHOOK_URL"),
        ({"PAIDOFF_WEBHOOK_URL": "https://bot.example.org/hook"}, "PAIDOFF_WEBHOOK_SECRET"),
    ],
)
def test_deploy_without_the_webhook_says_which_variable_is_missing(
    env: dict[str, str],
    named: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("PAIDOFF_WEBHOOK_URL", "PAIDOFF_WEBHOOK_SECRET", "PAIDOFF_REPLICAS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["deploy"]) == 2
    assert named in capsys.readouterr().err


def test_replicas_without_a_webhook_refuse_to_poll(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two pollers on one token would take each other's updates (Telegram: 409)."""
    monkeypatch.delenv("PAIDOFF_WEBHOOK_URL", raising=False)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("PAIDOFF_REPLICAS", "2")
    assert main(["run"]) == 2
    assert "PAIDOFF_REPLICAS" in capsys.readouterr().err


@pytest.mark.parametrize("raw", ["0", "-1", "two", "31"])
def test_a_bad_replica_count_is_refused(raw: str) -> None:
    with pytest.raises(ConfigError, match="PAIDOFF_REPLICAS"):
        Settings.from_env({"PAIDOFF_REPLICAS": raw})


def test_one_replica_is_the_default() -> None:
    assert Settings.from_env({}).replicas == 1
    assert Settings.from_env({"PAIDOFF_REPLICAS": "3"}).replicas == 3
