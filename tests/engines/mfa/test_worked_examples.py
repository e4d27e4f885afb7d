"""Published figures reproduced from the published inputs, within the publications' rounding.

Each folder of `fixtures/` is one example: `accounts.csv` (and `population.csv` when the source
gives figures per inhabitant), `expected.csv`, and a README naming the source and explaining the
tolerances.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from boucle.engines.mfa import compute, read_accounts, read_population

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())


def test_every_example_names_its_source() -> None:
    assert len(EXAMPLES) >= 3
    for example in EXAMPLES:
        readme = (FIXTURES / example / "README.md").read_text()
        assert "Source:" in readme
        assert "https://" in readme


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_engine_reproduces_the_published_figures(example: str) -> None:
    folder = FIXTURES / example
    population_file = folder / "population.csv"
    results = compute(
        read_accounts(folder / "accounts.csv"),
        population=read_population(population_file) if population_file.exists() else None,
    )

    with (folder / "expected.csv").open(newline="") as fh:
        expected_rows = list(csv.DictReader(fh))
    assert expected_rows
    for expected in expected_rows:
        territory, year = expected["territory"], int(expected["year"])
        indicator, category = expected["indicator"], expected["category"]
        tolerance = float(expected["tonnes_tolerance"])
        if indicator.startswith("balance:"):
            balance = results.balance(territory, year)
            assert balance is not None
            side = (
                balance.total_inputs
                if indicator == "balance:inputs"
                else balance.total_outputs + balance.net_addition_to_stock
            )
            assert side == pytest.approx(float(expected["tonnes"]), abs=tolerance), indicator
            continue
        row = results.row(territory, year, indicator, category)
        assert row is not None, f"{indicator} {category} was not computed"
        assert row.tonnes == pytest.approx(float(expected["tonnes"]), abs=tolerance), indicator
        if expected["tonnes_per_inhabitant"]:
            assert row.tonnes_per_inhabitant == pytest.approx(
                float(expected["tonnes_per_inhabitant"]),
                abs=float(expected["per_inhabitant_tolerance"]),
            ), indicator
