"""What every engine says about bad input: the problems, each with its place in a file.

An engine's reader collects every problem before computing anything, then raises one error
listing them all (`boucle.engines.mfa.MfaInputError`, `boucle.engines.matching.MatchingInputError`,
both `InputError`s), so that a person fixes a file in one pass::

    try:
        accounts = read_accounts("accounts.csv")
    except InputError as error:
        for problem in error.errors:
            print(problem)  # accounts.csv:12:value: the value -3 is negative; ...
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["InputError", "InputProblem"]


@dataclass(frozen=True, order=True)
class InputProblem:
    """One problem in an input file, where it is: `file:line:column: message`.

    `line` is the line of the CSV file or the row of the worksheet (the header is line 1);
    `column` is the column's name in the header. Either is None for a problem that concerns a
    whole file or a whole series.
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


class InputError(Exception):
    """Bad input: `errors` lists every problem found, in file and line order."""

    def __init__(self, errors: Iterable[InputProblem]) -> None:
        self.errors: list[InputProblem] = sorted(
            errors, key=lambda p: (p.file, p.line or 0, p.column or "", p.message)
        )
        count = len(self.errors)
        heading = "1 problem in the input" if count == 1 else f"{count} problems in the input"
        super().__init__("\n".join([heading + ":", *(str(p) for p in self.errors)]))
