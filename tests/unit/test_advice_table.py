"""The expert table: every row ends with the cause(s) and first step an expert expects."""

from __future__ import annotations

import pytest

from bot.engine.advisor import Advisor
from tests.support.advice_table import Row, load_rows, play_row

ROWS = load_rows()


def test_the_table_is_large_enough_and_every_row_says_why() -> None:
    assert len(ROWS) >= 40
    assert len({r.id for r in ROWS}) == len(ROWS)
    assert all("§" in r.why for r in ROWS if "issue 8" not in r.why)


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_row(advisor: Advisor, row: Row) -> None:
    outcome = play_row(advisor, row)
    assert set(outcome.top) == row.top, [(c.id, c.score) for c in outcome.causes[:4]]
    assert outcome.steps[0] == row.first, outcome.steps
    assert len(outcome.steps) <= advisor.knowledge.plan_size
    offered = set(outcome.guide)
    assert set(row.includes) <= offered, (set(row.includes) - offered, outcome.steps)
    assert not set(row.excludes) & offered, (set(row.excludes) & offered, outcome.guide)
