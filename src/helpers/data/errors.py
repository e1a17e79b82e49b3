"""Errors that describe a user's mistake (bad data, bad arguments) rather than a bug.

The command line prints them without a traceback and exits with code 2.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in the input: where it is and what was expected."""

    file: str
    where: str
    message: str

    def __str__(self) -> str:
        location = f"{self.file}, {self.where}" if self.where else self.file
        return f"{location}: {self.message}"


class UserError(Exception):
    """A mistake the user can fix (bad argument, missing folder, busy province, ...)."""


class DataError(UserError):
    """Every problem found in a data folder, reported together."""

    def __init__(self, problems: Iterable[Problem], context: str = "") -> None:
        self.problems = list(problems)
        self.context = context
        super().__init__(self.report())

    def report(self) -> str:
        head = f"{len(self.problems)} problem(s) found"
        if self.context:
            head += f" in {self.context}"
        lines = [head + ":"] + [f"  - {p}" for p in self.problems]
        return "\n".join(lines)
