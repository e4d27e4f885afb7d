"""Material flow accounts at national scale, against a straightforward pandas implementation.

`python -m benchmarks.mfa` (and `make bench`): the 101 départements over 30 years with the whole
EW-MFA category tree (domestic extraction of every raw-material leaf, international imports and
exports of every leaf, the DPO components and balancing items), plus an origin-destination table
of ten million rows of trade between départements, aggregated into régions and France by the
built-in INSEE hierarchy.

Both implementations get the same synthetic data (numpy, seeded) and compute the domestic trade
of every département, région and France with internal trade netted, the category roll-up, and
DE, IMP, EXP, DMI and DMC for every territory, year and category; the run checks that they give
the same numbers. It prints each one's time, their ratio, and each one's peak memory
(tracemalloc: what the computation allocates beyond its inputs, measured in a second run so that
tracing does not slow the timed one).

`--trade-rows N` makes a smaller run (`--trade-rows 1000000` for a quick look).
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from boucle.engines.mfa import Accounts, Trade, compute, insee_hierarchy
from boucle.engines.mfa.categories import CATEGORIES, CATEGORY_CODES, children_of
from boucle.engines.mfa.flows import FLOW_INDEX

SEED = 20101
FIRST_YEAR, YEARS = 1990, 30
TRADE_ROWS = 10_000_000
COMPARED = ("DE", "IMP", "EXP", "IMP_DOM", "EXP_DOM", "DMI", "DMC")


@dataclass(frozen=True)
class Data:
    departements: tuple[str, ...]
    region_of: dict[str, str]  # département -> région
    accounts: dict[str, np.ndarray]  # territory, year, flow, category (indices), tonnes
    trade: dict[str, np.ndarray]  # origin, destination, year, category (indices), tonnes


def generate(trade_rows: int) -> Data:
    rng = np.random.default_rng(SEED)
    hierarchy = insee_hierarchy()
    departements = tuple(sorted(code for code in hierarchy.parents if code.startswith("DEP:")))
    region_of = {d: hierarchy.parents[d] for d in departements}
    leaves = [i for i, code in enumerate(CATEGORY_CODES) if not children_of(code)]
    raw_leaves = [i for i in leaves if CATEGORIES[CATEGORY_CODES[i]].extraction]
    total = CATEGORY_CODES.index("TOTAL")

    # One entry per département, year, flow and category: DE of every raw-material leaf,
    # international trade of every leaf, and the totals-only flows.
    plan = [(FLOW_INDEX["DE"], c) for c in raw_leaves]
    plan += [(FLOW_INDEX[flow], c) for flow in ("IMP_INT", "EXP_INT") for c in leaves]
    plan += [
        (FLOW_INDEX[flow], total)
        for flow in ("DPO_AIR", "DPO_LANDFILL", "DPO_WATER", "BI_IN", "BI_OUT")
    ]
    flows = np.array([f for f, _ in plan])
    categories = np.array([c for _, c in plan])
    slabs = len(departements) * YEARS
    territory = np.repeat(np.arange(len(departements)), YEARS * len(plan))
    year = np.tile(
        np.repeat(np.arange(FIRST_YEAR, FIRST_YEAR + YEARS), len(plan)), len(departements)
    )
    accounts = {
        "territory": territory,
        "year": year,
        "flow": np.tile(flows, slabs),
        "category": np.tile(categories, slabs),
        "tonnes": np.round(rng.lognormal(mean=9, sigma=1.5, size=slabs * len(plan)), 1),
    }
    trade = {
        "origin": rng.integers(0, len(departements), trade_rows, dtype=np.int32),
        "destination": rng.integers(0, len(departements), trade_rows, dtype=np.int32),
        "year": rng.integers(FIRST_YEAR, FIRST_YEAR + YEARS, trade_rows, dtype=np.int32),
        "category": rng.choice(np.array(leaves, dtype=np.int16), trade_rows),
        "tonnes": np.round(rng.lognormal(mean=5, sigma=1.2, size=trade_rows), 1),
    }
    return Data(departements, region_of, accounts, trade)


# The engine


def engine(data: Data) -> dict[str, np.ndarray]:
    """Checked inputs, every indicator, and the results as arrays (all rows, all fields)."""
    a, t = data.accounts, data.trade
    accounts = Accounts.from_arrays(
        territories=data.departements,
        territory=a["territory"],
        year=a["year"],
        flow=a["flow"],
        category=a["category"],
        tonnes=a["tonnes"],
    )
    trade = Trade.from_arrays(
        territories=data.departements,
        origin=t["origin"],
        destination=t["destination"],
        year=t["year"],
        category=t["category"],
        tonnes=t["tonnes"],
    )
    results = compute(accounts, trade=trade, hierarchy=insee_hierarchy())
    return results.columns()


def engine_figures(columns: dict[str, np.ndarray]) -> pd.Series:
    keys = ("territory", "year", "indicator", "category", "tonnes")
    return _compared(pd.DataFrame({key: columns[key] for key in keys}))


# The baseline: what an analyst would write with pandas, group-bys and merges.


def baseline(data: Data) -> pd.DataFrame:
    codes = np.array(data.departements, dtype=object)
    regions = pd.Series(data.region_of)
    ancestors = _category_ancestors()

    trade = pd.DataFrame(data.trade)
    trade["origin"] = codes[trade["origin"]]
    trade["destination"] = codes[trade["destination"]]
    domestic = []
    for level in ("departement", "region", "france"):
        origin, destination = (
            _at_level(trade["origin"], regions, level),
            _at_level(trade["destination"], regions, level),
        )
        crossing = trade[origin != destination]
        for flow, side in (("IMP_DOM", destination), ("EXP_DOM", origin)):
            part = (
                crossing.assign(territory=side[origin != destination])
                .groupby(["territory", "year", "category"], as_index=False)["tonnes"]
                .sum()
            )
            domestic.append(part.assign(flow=flow))
    domestic_frame = pd.concat(domestic, ignore_index=True)

    accounts = pd.DataFrame(data.accounts)
    accounts["territory"] = codes[accounts["territory"]]
    accounts["flow"] = np.array(list(FLOW_INDEX), dtype=object)[accounts["flow"]]
    accounts = accounts[accounts["flow"].isin(["DE", "IMP_INT", "EXP_INT"])]
    members = [accounts]
    for level in ("region", "france"):
        members.append(
            accounts.assign(territory=_at_level(accounts["territory"], regions, level))
            .groupby(["territory", "year", "flow", "category"], as_index=False)["tonnes"]
            .sum()
        )
    flows = pd.concat([*members, domestic_frame], ignore_index=True)

    rolled = (
        flows.merge(ancestors, on="category")
        .groupby(["territory", "year", "flow", "ancestor"], as_index=False)["tonnes"]
        .sum()
        .rename(columns={"ancestor": "category"})
    )
    wide = rolled.pivot_table(
        index=["territory", "year", "category"], columns="flow", values="tonnes", aggfunc="sum"
    ).fillna(0.0)
    for flow in ("DE", "IMP_INT", "EXP_INT", "IMP_DOM", "EXP_DOM"):
        if flow not in wide:
            wide[flow] = 0.0
    wide["IMP"] = wide["IMP_INT"] + wide["IMP_DOM"]
    wide["EXP"] = wide["EXP_INT"] + wide["EXP_DOM"]
    wide["DMI"] = wide["DE"] + wide["IMP"]
    wide["DMC"] = wide["DMI"] - wide["EXP"]
    long = (
        wide[list(COMPARED)]
        .reset_index()
        .melt(id_vars=["territory", "year", "category"], var_name="indicator", value_name="tonnes")
    )
    long["category"] = np.array(CATEGORY_CODES, dtype=object)[long["category"]]
    return long


def _at_level(departements: pd.Series, regions: pd.Series, level: str) -> pd.Series:
    if level == "departement":
        return departements
    if level == "region":
        return departements.map(regions)
    return pd.Series("FR", index=departements.index)


def _category_ancestors() -> pd.DataFrame:
    pairs = []
    for i, code in enumerate(CATEGORY_CODES):
        current: str | None = code
        while current is not None:
            pairs.append((i, CATEGORY_CODES.index(current)))
            current = CATEGORIES[current].parent
    return pd.DataFrame(pairs, columns=["category", "ancestor"])


def _compared(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[frame["indicator"].isin(COMPARED)]
    return (
        frame.astype({"territory": str, "indicator": str, "category": str})
        .groupby(["territory", "year", "indicator", "category"])["tonnes"]
        .sum()
    )


# Measuring


def timed(func: Callable[[Data], Any], data: Data) -> tuple[Any, float]:
    start = time.perf_counter()
    result = func(data)
    return result, time.perf_counter() - start


def peak_mib(func: Callable[[Data], Any], data: Data) -> float:
    tracemalloc.start()
    try:
        func(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def same_numbers(ours: pd.Series, theirs: pd.Series) -> tuple[bool, float]:
    """Whether both give the same figures (an unknown figure counts as zero), and the largest
    relative difference."""
    joined = pd.concat([ours.rename("engine"), theirs.rename("pandas")], axis=1).fillna(0.0)
    scale = np.maximum(joined["pandas"].abs(), 1.0)
    worst = float(((joined["engine"] - joined["pandas"]).abs() / scale).max())
    return worst < 1e-9, worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.mfa", description=__doc__)
    parser.add_argument("--trade-rows", type=int, default=TRADE_ROWS)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    data = generate(args.trade_rows)
    entries = data.accounts["tonnes"].size
    print(
        f"MFA: {len(data.departements)} départements x {YEARS} years, {entries:,} account "
        f"entries, {args.trade_rows:,} trade rows (generated in "
        f"{time.perf_counter() - started:.1f} s)"
    )
    ours, engine_s = timed(engine, data)
    theirs, pandas_s = timed(baseline, data)
    # Put in the same shape outside the timings, then compared.
    agree, worst = same_numbers(engine_figures(ours), _compared(theirs))
    compared = len(_compared(theirs))
    engine_mib = peak_mib(engine, data)
    pandas_mib = peak_mib(baseline, data)

    print(f"{'':22}{'time':>10}{'peak memory':>14}")
    print(f"{'engine (numpy)':22}{engine_s:>9.1f}s{engine_mib:>10,.0f} MiB")
    print(f"{'pandas baseline':22}{pandas_s:>9.1f}s{pandas_mib:>10,.0f} MiB")
    print(
        f"ratio pandas / engine: {pandas_s / engine_s:.1f}x in time, "
        f"{pandas_mib / engine_mib:.1f}x in memory"
    )
    print(
        f"{compared:,} figures compared ({', '.join(COMPARED)}): "
        f"{'the same' if agree else 'DIFFERENT'} (largest relative difference {worst:.1e})"
    )
    print(f"Python {sys.version.split()[0]}, {time.perf_counter() - started:.0f} s in all")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
