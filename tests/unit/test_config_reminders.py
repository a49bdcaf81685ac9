"""The reminder settings: the job's interval and the test-only length of a day."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.errors import ConfigError


def test_reminders_run_every_five_seconds_and_a_day_is_a_day_by_default() -> None:
    settings = Settings.from_env({})
    assert (settings.job_interval, settings.day_seconds) == (5.0, 86_400.0)


def test_the_interval_and_the_test_day_are_read() -> None:
    env = {"PAIDOFF_JOB_INTERVAL": "0.5", "PAIDOFF_TEST_DAY_SECONDS": "6"}
    settings = Settings.from_env(env)
    assert (settings.job_interval, settings.day_seconds) == (0.5, 6.0)


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon", "100000"])
@pytest.mark.parametrize("name", ["PAIDOFF_JOB_INTERVAL", "PAIDOFF_TEST_DAY_SECONDS"])
def test_a_bad_value_names_the_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: value})
