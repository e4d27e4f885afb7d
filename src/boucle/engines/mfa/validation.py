"""The rules input must follow, each failure an `InputProblem` with its file, line and column.

Rules on one entry (checked for every entry, all reported at once):

- the category exists for the flow: extraction (DE, UDE) only for raw materials of MF1 to MF4,
  never for the trade-only codes (MF15, MF16, MF23, MF311, MF43, MF5, MF6); DPO, the balancing
  items and NAS_REPORTED only for TOTAL, since they have no material category;
- a mass is not negative (only NAS_REPORTED, a change of stock, may be);
- a territory code with a built-in prefix (`DEP:`, `REG:`, `COM:`) is an INSEE code.

Rules across entries:

- one value per territory, year, flow and category (a duplicate names the first line);
- a total given beside its details agrees with them within the rounding of the figures given
  (`accounts.py` rolls them up and finds the disagreements; this module words them).

Units are not a rule here: t, kt and Mt may be mixed freely, even within one series, because
each value is converted to tonnes as it is read. A unit that is not one of those three (kg, m3,
toe) is refused by the reader: that is what "mixed units" means for the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np
from numpy.typing import NDArray

from boucle.engines.mfa.accounts import (
    Cube,
    Disagreement,
    cube_from_accounts,
    roll_up_categories,
)
from boucle.engines.mfa.categories import CATEGORIES, CATEGORY_CODES, TOTAL
from boucle.engines.mfa.errors import InputProblem, ProblemCollector
from boucle.engines.mfa.flows import ALLOWED_CATEGORIES, FLOW_PARTS, FLOWS, SIGNED_FLOWS
from boucle.engines.mfa.inputs import Accounts, Trade
from boucle.engines.mfa.numbers import format_tonnes
from boucle.engines.mfa.territories import BUILT_IN_PREFIXES, FRANCE

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

_TRADE_ONLY = ", ".join(code for code, c in CATEGORIES.items() if not c.extraction and c.depth <= 2)


@cache
def allowed_matrix() -> BoolArray:
    """allowed[flow, category]: whether the flow exists for the category."""
    allowed = np.zeros((len(FLOWS), len(CATEGORY_CODES)), dtype=bool)
    for f, flow in enumerate(FLOWS):
        for c, code in enumerate(CATEGORY_CODES):
            allowed[f, c] = code in ALLOWED_CATEGORIES[flow]
    return allowed


def category_problem(flow: str, category: str) -> str | None:
    """Why `flow` cannot be given for `category`, or None if it can."""
    if category in ALLOWED_CATEGORIES[flow]:
        return None
    if ALLOWED_CATEGORIES[flow] == {TOTAL}:
        return f"{flow} has no material category: give it for {TOTAL}, not {category}."
    return (
        f"{flow} (extraction) is given for {category}, a category that exists only in trade "
        f"({_TRADE_ONLY} and their sub-categories): extraction exists only for raw materials."
    )


def negative_problem(flow: str, tonnes: float) -> str | None:
    if tonnes >= 0 or flow in SIGNED_FLOWS:
        return None
    return f"the value {format_tonnes(tonnes)} is negative: a flow of {flow} cannot be."


def territory_problem(code: str, known: frozenset[str]) -> str | None:
    """Whether a code that uses a built-in prefix is a real INSEE code."""
    if not code:
        return "the territory is missing."
    if code == FRANCE or not code.startswith(BUILT_IN_PREFIXES) or code in known:
        return None
    prefix = code.split(":", 1)[0]
    return (
        f"{code} is not an INSEE code, yet it starts with {prefix}:, the prefix of the built-in "
        "territories (DEP:21, REG:27, COM:21231): use another code for your own territories."
    )


@cache
def known_insee_codes(*, communes: bool) -> frozenset[str]:
    from boucle.engines.mfa._insee import insee_parents

    parents = insee_parents(communes=communes)
    return frozenset(parents) | frozenset(parents.values())


def insee_codes_for(codes: Iterable[str]) -> frozenset[str]:
    """The INSEE codes to check `codes` against (communes only read when one is named)."""
    return known_insee_codes(communes=any(code.startswith("COM:") for code in codes))


def entry_problems(
    accounts: Accounts, *, column: dict[str, str]
) -> tuple[list[InputProblem], BoolArray]:
    """Problems of single entries and duplicates; and which entries are sound."""
    problems: list[InputProblem] = []
    sound = np.ones(len(accounts), dtype=bool)

    not_allowed = ~allowed_matrix()[accounts.flow, accounts.category]
    for i in np.nonzero(not_allowed)[0]:
        message = category_problem(FLOWS[accounts.flow[i]], CATEGORY_CODES[accounts.category[i]])
        problems.append(_at(accounts, int(i), column["category"], str(message)))
    signed = np.array([flow in SIGNED_FLOWS for flow in FLOWS])
    negative = (accounts.tonnes < 0) & ~signed[accounts.flow]
    for i in np.nonzero(negative)[0]:
        message = negative_problem(FLOWS[accounts.flow[i]], float(accounts.tonnes[i]))
        problems.append(_at(accounts, int(i), column["value"], str(message)))
    sound &= ~not_allowed & ~negative

    first_of, duplicates = _duplicates(accounts)
    for i in duplicates:
        first = int(first_of[i])
        territory, year = accounts.territories[accounts.territory[i]], int(accounts.year[i])
        flow, category = FLOWS[accounts.flow[i]], CATEGORY_CODES[accounts.category[i]]
        message = (
            f"{flow} of {category} for {territory} in {year} is given twice: "
            f"here and {_where(accounts, first)}."
        )
        problems.append(_at(accounts, int(i), column["flow"], message))
    sound[duplicates] = False
    return problems, sound


def _duplicates(accounts: Accounts) -> tuple[IntArray, IntArray]:
    """For each entry the first entry with its key, and the entries that repeat a key."""
    key = (
        ((accounts.territory.astype(np.int64) * 10_000 + accounts.year) * 32 + accounts.flow) * 128
    ) + accounts.category
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    repeat = np.zeros(key.size, dtype=bool)
    repeat[1:] = sorted_key[1:] == sorted_key[:-1]
    group_start = np.maximum.accumulate(np.where(~repeat, np.arange(key.size), 0))
    first_of = np.empty(key.size, dtype=np.int64)
    first_of[order] = order[group_start]
    return first_of, np.sort(order[repeat])


def rollup_problems(accounts: Accounts, sound: BoolArray, *, column: str) -> list[InputProblem]:
    """Totals that disagree with their sub-categories, among the sound entries."""
    cube = cube_from_accounts(accounts.subset(sound))
    return disagreement_problems(
        roll_up_categories(cube), cube, source=accounts.source, column=column
    )


def disagreement_problems(
    disagreements: Sequence[Disagreement], cube: Cube, *, source: str, column: str
) -> list[InputProblem]:
    problems = []
    for d in disagreements:
        territory, year = cube.pair_label(d.pair)
        parts = " + ".join(f"{name} {format_tonnes(tonnes)}" for name, tonnes in d.parts)
        parts_total = format_tonnes(sum(tonnes for _, tonnes in d.parts))
        if d.by == "category":
            what = f"{d.flow} of {d.category} for {territory} in {year}"
            details = "its sub-categories"
        else:
            what = f"{d.flow} of {d.category} for {territory} in {year}"
            details = f"its parts ({', '.join(FLOW_PARTS[d.flow])})"
        message = (
            f"{what} is {format_tonnes(d.total)}, but {details} add up to {parts_total} "
            f"({parts}): a total given beside its details must agree with them."
        )
        problems.append(InputProblem(source, d.line or None, column, message))
    return problems


def _at(accounts: Accounts, i: int, column: str, message: str) -> InputProblem:
    line = int(accounts.line[i])
    return InputProblem(accounts.source, line or i + 1, column, message)


def _where(accounts: Accounts, i: int) -> str:
    line = int(accounts.line[i])
    return f"line {line}" if line else f"entry {i + 1}"


def check_accounts(accounts: Accounts, *, earlier: Iterable[InputProblem] = ()) -> Accounts:
    """`accounts` if every rule holds and there were no `earlier` problems (those found while
    reading); otherwise MfaInputError listing them all."""
    columns = dict(accounts.columns)
    collector = ProblemCollector()
    collector.extend(earlier)
    collector.extend(_territory_problems(accounts, column=columns["territory"]))
    problems, sound = entry_problems(accounts, column=columns)
    collector.extend(problems)
    collector.extend(rollup_problems(accounts, sound, column=columns["value"]))
    collector.raise_if_any()
    return accounts


def _territory_problems(accounts: Accounts, *, column: str) -> list[InputProblem]:
    known = insee_codes_for(accounts.territories)
    problems = []
    for index, code in enumerate(accounts.territories):
        message = territory_problem(code, known)
        if message is not None:
            first = int(np.argmax(accounts.territory == index))
            problems.append(_at(accounts, first, column, message))
    return problems


def check_trade(trade: Trade) -> Trade:
    """`trade` if its masses are not negative and its territory codes sound."""
    collector = ProblemCollector()
    known = insee_codes_for(trade.territories)
    for index, code in enumerate(trade.territories):
        message = territory_problem(code, known)
        if message is not None:
            used = (trade.origin == index) | (trade.destination == index)
            collector.add(trade.source, int(np.argmax(used)) + 1, "origin", message)
    for i in np.nonzero(trade.tonnes < 0)[0][:_MAX_LISTED]:
        collector.add(
            trade.source,
            int(i) + 1,
            "value",
            f"the value {trade.tonnes[i]:g} is negative: a mass traded cannot be negative.",
        )
    collector.raise_if_any()
    return trade


# Ten million rows can all be wrong the same way; listing the first ones says enough.
_MAX_LISTED = 100
