"""The throwaway-cluster fixture's promise: without PostgreSQL, CI fails rather than skips."""

from __future__ import annotations

import pytest

from tests.support.postgres import unavailable


def test_without_postgresql_ci_fails_the_postgres_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="PostgreSQL is needed in CI: no initdb"):
        unavailable("no initdb")


def test_without_postgresql_a_local_run_skips_them_saying_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not available here: no initdb"):
        unavailable("no initdb")
