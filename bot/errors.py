"""The one exception family of Paid-Off Advisor.

    PaidOffError                 base: anything this package raises on purpose
    ├── ConfigError              an environment variable has a bad value (names the variable)
    ├── KnowledgeError           the knowledge folder is broken (carries every Problem found)
    ├── StorageError             the database cannot be opened or migrated
    └── ReportError              a report cannot be made (no Chinese font installed)

Each error carries what a person needs to act: the variable, the file and line, the path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "ConfigError",
    "KnowledgeError",
    "PaidOffError",
    "Problem",
    "ReportError",
    "StorageError",
]


class PaidOffError(Exception):
    """Base of every error this package raises deliberately."""


class ConfigError(PaidOffError):
    """A setting is missing or malformed; the message names the environment variable."""

    def __init__(self, variable: str, message: str) -> None:
        super().__init__(f"{variable}: {message}")
        self.variable = variable


@dataclass(frozen=True, slots=True)
class Problem:
    """One defect in the knowledge folder, located precisely enough to fix it."""

    file: str
    line: int
    node: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.node}: {self.message}"


class KnowledgeError(PaidOffError):
    """The knowledge folder failed validation; ``problems`` lists every defect found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class StorageError(PaidOffError):
    """The session store could not be opened, migrated or written."""


class ReportError(PaidOffError):
    """A PDF report cannot be made; the message says what to install or set."""
