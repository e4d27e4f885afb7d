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
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class InputProblem:
    """One problem in an input file, where it is: `file:line:column: message`.

    `line` is the line of the CSV file or the row of the worksheet (the header is line 1);
    `column` is the column's name in the header. Either is None for a problem that concerns a
    whole file or a whole series (for example a total that disagrees with its details names the
    line of the total).
    """

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.column is not None:
            where += f":{self.column}"
        return f"{where}: {self.message}"


class MfaInputError(Exception):
    """Bad input: `errors` lists every problem found, in file and line order."""

    def __init__(self, errors: Iterable[InputProblem]) -> None:
        self.errors: list[InputProblem] = sorted(
            errors, key=lambda p: (p.file, p.line or 0, p.column or "", p.message)
        )
        count = len(self.errors)
        heading = "1 problem in the input" if count == 1 else f"{count} problems in the input"
        super().__init__("\n".join([heading + ":", *(str(p) for p in self.errors)]))


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
