"""Whether `paidoff run` starts the OCR worker at boot (s6-burst)."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.errors import ConfigError


def test_paidoff_run_starts_the_ocr_worker_at_boot_unless_told_not_to() -> None:
    assert Settings.from_env({}).ocr_at_boot
    assert not Settings.from_env({"PAIDOFF_OCR_AT_BOOT": "0"}).ocr_at_boot
    assert Settings.from_env({"PAIDOFF_OCR_AT_BOOT": "1"}).ocr_at_boot


def test_replicas_start_no_idle_worker_each_unless_asked() -> None:
    assert not Settings.from_env({"PAIDOFF_REPLICAS": "2"}).ocr_at_boot
    assert Settings.from_env({"PAIDOFF_REPLICAS": "2", "PAIDOFF_OCR_AT_BOOT": "1"}).ocr_at_boot


def test_a_settings_built_in_code_starts_no_worker() -> None:
    assert not Settings(token=None).ocr_at_boot


@pytest.mark.parametrize("value", ["2", "yes", "-1"])
def test_a_bad_value_names_the_variable(value: str) -> None:
    with pytest.raises(ConfigError, match="PAIDOFF_OCR_AT_BOOT"):
        Settings.from_env({"PAIDOFF_OCR_AT_BOOT": value})
