"""Writes the demo study's illustrative files (see README.md): run it to rebuild them.

    python src/boucle/territory/data/demo/generate.py

The figures are made up from rounded national orders of magnitude per inhabitant, a profile
per département (rural or urban, wood, quarries, industry) and a yearly trend, with a fixed
seed: the same files every time. They are not statistics.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
YEARS = range(2016, 2021)
FIRST_YEAR = 2016
# The other régions, as one origin and destination of trade; hierarchy.csv puts it in France,
# so that France's trade with itself is not counted as domestic trade of France.
REST_OF_FRANCE = "RESTE-FR"

Spec = tuple[str, str, int, float, int, float, float, float, float, float, float]
# Code, name, population in 2016, yearly population growth, GDP per inhabitant in euros, and
# multipliers of the national rates: crops and fodder, wood, quarries, international imports,
# international exports, emissions to air.
DEPARTEMENTS: tuple[Spec, ...] = (
    ("DEP:01", "Ain", 638_000, 0.009, 27_000, 1.3, 1.2, 1.4, 1.0, 1.1, 0.9),
    ("DEP:03", "Allier", 339_000, -0.004, 26_000, 2.4, 1.5, 1.0, 0.5, 0.6, 0.9),
    ("DEP:07", "Ardèche", 325_000, 0.003, 24_000, 1.2, 1.8, 1.3, 0.5, 0.5, 0.8),
    ("DEP:15", "Cantal", 146_000, -0.005, 27_000, 3.5, 1.6, 0.9, 0.3, 0.4, 0.8),
    ("DEP:26", "Drôme", 508_000, 0.006, 28_000, 1.7, 1.0, 1.2, 0.8, 0.9, 0.9),
    ("DEP:38", "Isère", 1_255_000, 0.005, 34_000, 0.7, 1.0, 1.1, 1.2, 1.2, 1.2),
    ("DEP:42", "Loire", 763_000, 0.001, 27_000, 0.9, 0.8, 0.9, 0.9, 0.9, 1.0),
    ("DEP:43", "Haute-Loire", 227_000, 0.001, 24_000, 2.2, 2.0, 1.0, 0.4, 0.5, 0.8),
    ("DEP:63", "Puy-de-Dôme", 654_000, 0.004, 32_000, 1.3, 1.1, 1.2, 0.8, 0.9, 0.9),
    ("DEP:69", "Rhône", 1_832_000, 0.010, 47_000, 0.25, 0.2, 0.6, 1.6, 1.5, 1.1),
    ("DEP:73", "Savoie", 430_000, 0.004, 33_000, 0.6, 1.8, 1.0, 0.8, 0.8, 1.0),
    ("DEP:74", "Haute-Savoie", 801_000, 0.013, 34_000, 0.6, 1.4, 1.1, 0.9, 1.0, 0.9),
)
FRANCE: Spec = ("FR", "France", 66_600_000, 0.003, 35_000, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)

# National orders of magnitude, tonnes per inhabitant and per year.
EXTRACTION = (  # (category, which multiplier: 0 crops, 1 wood, 2 quarries, rate)
    ("MF11", 0, 1.0),
    ("MF12", 0, 1.9),
    ("MF131", 1, 0.35),
    ("MF132", 1, 0.2),
    ("MF36", 2, 1.2),
    ("MF37", 2, 0.1),
    ("MF38", 2, 3.2),
)
IMPORTS = {"MF1": 0.9, "MF2": 0.45, "MF3": 0.35, "MF4": 2.1, "MF5": 0.45, "MF6": 0.05}
EXPORTS = {"MF1": 1.0, "MF2": 0.35, "MF3": 0.3, "MF4": 0.45, "MF5": 0.35, "MF6": 0.05}
DOMESTIC = {"MF1": 3.0, "MF2": 0.4, "MF3": 2.5, "MF4": 1.8, "MF5": 1.0, "MF6": 0.2}
OUTPUTS = {
    "DPO_AIR": 6.3,
    "DPO_LANDFILL": 0.45,
    "DPO_WATER": 0.04,
    "DPO_DISSIPATIVE_USE": 0.3,
    "DPO_DISSIPATIVE_LOSS": 0.01,
    "BI_IN": 3.6,
    "BI_OUT": 1.6,
    "RECYCLING": 0.9,
}
UNUSED = {"MF1": 0.6, "MF3": 1.2}
# Share of a département's domestic exports that stays in the région.
INSIDE_REGION = 0.55


def population(spec: Spec, year: int) -> int:
    return round(spec[2] * (1 + spec[3]) ** (year - FIRST_YEAR))


def trend(year: int, yearly: float, dip: float = 1.0) -> float:
    """A yearly trend, with 2020's lockdown dip where it applies."""
    factor = (1 + yearly) ** (year - FIRST_YEAR)
    return factor * (dip if year == 2020 else 1.0)


class Kilotonnes:
    """Figures of one territory in one year, in kt, around a rate per inhabitant."""

    def __init__(self, rng: random.Random, people: int, year: int) -> None:
        self.rng, self.people, self.year = rng, people, year

    def __call__(self, rate: float, multiplier: float, yearly: float, dip: float = 1.0) -> str:
        noise = self.rng.uniform(0.97, 1.03)
        tonnes = self.people * rate * multiplier * trend(self.year, yearly, dip) * noise
        return f"{tonnes / 1000:.1f}"


def accounts_rows(rng: random.Random) -> list[list[str]]:
    rows = []
    for spec in (*DEPARTEMENTS, FRANCE):
        code = spec[0]
        profile = spec[5:]
        for year in YEARS:
            kt = Kilotonnes(rng, population(spec, year), year)
            for category, which, rate in EXTRACTION:
                value = kt(rate, profile[which], -0.01)
                rows.append([code, str(year), "DE", category, value, "kt"])
            for category, rate in IMPORTS.items():
                value = kt(rate, profile[3], 0.015, 0.9)
                rows.append([code, str(year), "IMP_INT", category, value, "kt"])
            for category, rate in EXPORTS.items():
                value = kt(rate, profile[4], 0.01, 0.9)
                rows.append([code, str(year), "EXP_INT", category, value, "kt"])
            for category, rate in UNUSED.items():
                which = 0 if category == "MF1" else 2
                rows.append([code, str(year), "UDE", category, kt(rate, profile[which], 0), "kt"])
            for flow, rate in OUTPUTS.items():
                multiplier = profile[5] if flow in {"DPO_AIR", "BI_IN", "BI_OUT"} else 1.0
                value = kt(rate, multiplier, -0.015, 0.92)
                rows.append([code, str(year), flow, "TOTAL", value, "kt"])
    return rows


def trade_rows(rng: random.Random) -> list[list[str]]:
    rows = []
    codes = [spec[0] for spec in DEPARTEMENTS]
    for year in YEARS:
        people = {spec[0]: population(spec, year) for spec in DEPARTEMENTS}
        for origin in codes:
            others = {code: people[code] for code in codes if code != origin}
            weight = sum(others.values())
            for category, rate in DOMESTIC.items():
                shipped = people[origin] * rate * trend(year, 0.01, 0.93)
                for destination, size in others.items():
                    tonnes = shipped * INSIDE_REGION * size / weight * rng.uniform(0.9, 1.1)
                    rows.append([origin, destination, str(year), category, f"{tonnes:.0f}", "t"])
                outside = shipped * (1 - INSIDE_REGION) * rng.uniform(0.9, 1.1)
                rows.append([origin, REST_OF_FRANCE, str(year), category, f"{outside:.0f}", "t"])
                inside = shipped * (1 - INSIDE_REGION) * rng.uniform(0.85, 1.15)
                rows.append([REST_OF_FRANCE, origin, str(year), category, f"{inside:.0f}", "t"])
    return rows


def write(name: str, header: list[str], rows: list[list[str]]) -> None:
    with (HERE / name).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    rng = random.Random(84)  # noqa: S311 - illustrative figures, not security
    write(
        "accounts.csv",
        ["territory", "year", "flow", "category", "value", "unit"],
        accounts_rows(rng),
    )
    write(
        "trade.csv",
        ["origin", "destination", "year", "category", "value", "unit"],
        trade_rows(rng),
    )
    write("hierarchy.csv", ["territory", "parent"], [[REST_OF_FRANCE, FRANCE[0]]])
    specs = (*DEPARTEMENTS, FRANCE)
    write(
        "population.csv",
        ["territory", "year", "population"],
        [[spec[0], str(year), str(population(spec, year))] for spec in specs for year in YEARS],
    )
    write(
        "gdp.csv",
        ["territory", "year", "gdp_eur"],
        [
            [spec[0], str(year), str(round(population(spec, year) * spec[4] * trend(year, 0.012)))]
            for spec in specs
            for year in YEARS
        ],
    )


if __name__ == "__main__":
    main()
