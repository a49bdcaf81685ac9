"""The Bot API timeouts an operator (and the fault tests) can set: checked like the rest."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.errors import ConfigError


def test_timeouts_default_to_ptbs_and_can_be_shortened() -> None:
    assert (Settings().api_timeout, Settings().poll_timeout) == (5.0, 10)
    chosen = Settings.from_env({"PAIDOFF_TELEGRAM_TIMEOUT": "1.5", "PAIDOFF_POLL_TIMEOUT": "0"})
    assert (chosen.api_timeout, chosen.poll_timeout) == (1.5, 0)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PAIDOFF_TELEGRAM_TIMEOUT", "soon"),
        ("PAIDOFF_TELEGRAM_TIMEOUT", "0"),
        ("PAIDOFF_TELEGRAM_TIMEOUT", "nan"),
        ("PAIDOFF_POLL_TIMEOUT", "51"),
        ("PAIDOFF_POLL_TIMEOUT", "1.5"),
    ],
)
def test_a_bad_timeout_names_its_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError) as info:
        Settings.from_env({name: value})
    assert str(info.value).startswith(f"{name}:")
