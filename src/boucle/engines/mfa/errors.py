"""The one error the MFA engine raises for bad input, and the problems it lists.

Every reader and check collects all the problems it finds before anything is computed, then
raises a single `MfaInputError` listing them, so that an analyst fixes a file in one pass and
no partial result is ever produced::

    try:
        accounts = read_accounts("accounts.csv")
    except MfaInputError as error:
        for problem in error.errors:
            print(problem)  # accounts.csv:12:value: the value -3 is negative; ...
"""

from __future__ import annotations

from collections.abc import Iterable

from boucle.engines.problems import InputError, InputProblem

__all__ = ["InputProblem", "MfaInputError", "ProblemCollector"]


class MfaInputError(InputError):
    """Bad input to the MFA engine: `errors` lists every problem found."""


class ProblemCollector:
    """Gathers problems while a file is read, then raises them all at once."""

    def __init__(self) -> None:
        self.problems: list[InputProblem] = []

    def add(self, file: str, line: int | None, column: str | None, message: str) -> None:
        self.problems.append(InputProblem(file, line, column, message))

    def extend(self, problems: Iterable[InputProblem]) -> None:
        self.problems.extend(problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise MfaInputError(self.problems)
