"""Every indicator on a hand-computed case, per inhabitant, per GDP and against a reference.

Territory X in 2010, in kt: DE 100 of MF1 and 50 of MF3; UDE 20 of MF3 and 8 of soil
erosion; imports 30 of MF4 from abroad and 10 of MF5 from the rest of the country; exports 25 of
MF1 abroad and 15 of MF3 to the rest of the country; DPO 35 to air, 5 landfilled, 2 to water,
1 of dissipative use, 0.5 of dissipative losses; balancing items 12 in and 9 out; recycling 7;
a measured net addition to stock of 70. By hand:

    DE 150, IMP 40, EXP 40, DMI 190, DMC 150, PTB 0, TMI 210, DPO 43.5, DMO 83.5,
    NAS = 190 + 12 - 43.5 - 40 - 9 = 109.5, NAS_GAP = 109.5 - 70 = 39.5
"""

from __future__ import annotations

import io

import pytest

from boucle.engines.mfa import MfaInputError, Results, compute, read_gdp

from .helpers import accounts, population

X_ACCOUNTS = """
X,2010,DE,MF1,100,kt
X,2010,DE,MF3,50,kt
X,2010,UDE,MF3,20,kt
X,2010,UDE_EROSION,TOTAL,8,kt
X,2010,IMP_INT,MF4,30,kt
X,2010,IMP_DOM,MF5,10,kt
X,2010,EXP_INT,MF1,25,kt
X,2010,EXP_DOM,MF3,15,kt
X,2010,DPO_AIR,TOTAL,35,kt
X,2010,DPO_LANDFILL,TOTAL,5,kt
X,2010,DPO_WATER,TOTAL,2,kt
X,2010,DPO_DISSIPATIVE_USE,TOTAL,1,kt
X,2010,DPO_DISSIPATIVE_LOSS,TOTAL,0.5,kt
X,2010,BI_IN,TOTAL,12,kt
X,2010,BI_OUT,TOTAL,9,kt
X,2010,RECYCLING,TOTAL,7,kt
X,2010,NAS_REPORTED,TOTAL,70,kt
Y,2010,DE,MF3,300,kt
"""


@pytest.fixture
def results() -> Results:
    gdp = read_gdp(io.StringIO("territory,year,gdp_eur\nX,2010,3e9\n"))
    return compute(
        accounts(X_ACCOUNTS),
        population=population("X,2010,1000\nY,2010,1000\n"),
        gdp=gdp,
        reference="Y",
    )


def kt(results: Results, indicator: str, category: str = "TOTAL", territory: str = "X") -> float:
    tonnes = results.tonnes(territory, 2010, indicator, category)
    assert tonnes is not None, f"{indicator} {category} was not computed"
    return tonnes / 1000


def test_every_total_indicator_matches_the_hand_computation(results: Results) -> None:
    expected = {
        "DE": 150,
        "IMP": 40,
        "IMP_INT": 30,
        "IMP_DOM": 10,
        "EXP": 40,
        "EXP_INT": 25,
        "EXP_DOM": 15,
        "DMI": 190,
        "DMC": 150,
        "PTB": 0,
        "UDE": 20,
        "UDE_EROSION": 8,
        "TMI": 210,
        "DPO": 43.5,
        "DPO_AIR": 35,
        "DPO_LANDFILL": 5,
        "DPO_WATER": 2,
        "DPO_DISSIPATIVE_USE": 1,
        "DPO_DISSIPATIVE_LOSS": 0.5,
        "DMO": 83.5,
        "BI_IN": 12,
        "BI_OUT": 9,
        "NAS": 109.5,
        "NAS_REPORTED": 70,
        "NAS_GAP": 39.5,
        "RECYCLING": 7,
    }

    assert {code: kt(results, code) for code in expected} == pytest.approx(expected)


def test_indicators_by_category_follow_the_same_formulas(results: Results) -> None:
    assert kt(results, "DMI", "MF1") == pytest.approx(100)
    assert kt(results, "DMC", "MF1") == pytest.approx(75)
    assert kt(results, "PTB", "MF1") == pytest.approx(-25)
    assert kt(results, "DMC", "MF3") == pytest.approx(35)
    assert kt(results, "TMI", "MF3") == pytest.approx(70)
    assert kt(results, "DMC", "MF4") == pytest.approx(30)
    assert kt(results, "PTB", "MF5") == pytest.approx(10)
    # Categories roll up: MF4 was given, its parent TOTAL and nothing below it.
    assert results.tonnes("X", 2010, "IMP", "MF41") is None


def test_a_flow_nobody_gave_has_no_row_while_a_given_zero_has_one() -> None:
    results = compute(accounts("Z,2010,DE,MF1,5,kt\nZ,2010,EXP_INT,MF1,0,kt\n"))

    assert results.tonnes("Z", 2010, "EXP") == 0.0
    assert results.tonnes("Z", 2010, "IMP") is None
    assert results.tonnes("Z", 2010, "DMC") == 5000.0
    # Without DPO the balance does not close: no NAS, no DMO, no balance.
    assert results.tonnes("Z", 2010, "NAS") is None
    assert results.tonnes("Z", 2010, "DMO") is None
    assert results.balance("Z", 2010) is None


def test_figures_per_inhabitant_and_per_euro_of_gdp(results: Results) -> None:
    dmc = results.row("X", 2010, "DMC")

    assert dmc is not None
    assert dmc.tonnes_per_inhabitant == pytest.approx(150.0)
    assert dmc.kg_per_eur == pytest.approx(0.05)
    assert dmc.resource_productivity_eur_per_kg == pytest.approx(20.0)
    dmi = results.row("X", 2010, "DMI")
    assert dmi is not None
    assert dmi.resource_productivity_eur_per_kg is None


def test_every_figure_is_compared_with_the_reference_territory(results: Results) -> None:
    de = results.row("X", 2010, "DE", "MF3")
    dmc = results.row("X", 2010, "DMC")

    assert de is not None
    assert dmc is not None
    assert de.reference_tonnes == pytest.approx(300_000)
    assert de.ratio_to_reference_per_inhabitant == pytest.approx(50 / 300)
    assert dmc.reference_tonnes_per_inhabitant == pytest.approx(300.0)
    assert dmc.ratio_to_reference_per_inhabitant == pytest.approx(0.5)


def test_an_unknown_reference_territory_is_refused() -> None:
    with pytest.raises(MfaInputError) as caught:
        compute(accounts("X,2010,DE,MF1,1,kt\n"), reference="FR")

    assert "FR has no results" in caught.value.errors[0].message


def test_respiration_adds_the_guides_coefficients_to_the_balancing_items() -> None:
    base = "X,2010,DE,MF1,100,kt\nX,2010,DPO_AIR,TOTAL,10,kt\nX,2010,BI_IN,TOTAL,1,kt\n"
    people = population("X,2010,1000\n")

    without = compute(accounts(base), population=people)
    with_it = compute(accounts(base), population=people, respiration=True)

    # 1,000 people for 365 days: 0.68 kg of O2 in, 0.82 + 0.96 kg of CO2 and water out a day.
    assert without.tonnes("X", 2010, "BI_IN") == pytest.approx(1000)
    assert with_it.tonnes("X", 2010, "BI_IN") == pytest.approx(1000 + 248.2)
    assert with_it.tonnes("X", 2010, "BI_OUT") == pytest.approx(649.7)
    nas_without, nas_with = without.tonnes("X", 2010, "NAS"), with_it.tonnes("X", 2010, "NAS")
    assert nas_without is not None
    assert nas_with is not None
    assert nas_with - nas_without == pytest.approx(248.2 - 649.7)


def test_respiration_needs_the_population() -> None:
    with pytest.raises(MfaInputError) as caught:
        compute(accounts("X,2010,DE,MF1,100,kt\n"), respiration=True)

    assert "respiration needs the population of X in 2010" in caught.value.errors[0].message


def test_an_import_total_must_agree_with_its_split() -> None:
    with pytest.raises(MfaInputError) as caught:
        compute(
            accounts(
                """
                X,2010,IMP,MF4,50,kt
                X,2010,IMP_INT,MF4,30,kt
                X,2010,IMP_DOM,MF4,10,kt
                """
            )
        )

    (problem,) = caught.value.errors
    assert problem.line == 2
    assert "its parts (IMP_INT, IMP_DOM) add up to 40,000 t" in problem.message


def test_an_import_total_without_split_stands_on_its_own() -> None:
    results = compute(accounts("X,2010,IMP,MF4,50,kt\nX,2010,DE,MF1,5,kt\n"))

    assert results.tonnes("X", 2010, "IMP") == 50_000
    assert results.tonnes("X", 2010, "IMP_INT") is None
    assert results.tonnes("X", 2010, "DMI") == 55_000


def test_rows_come_in_a_stable_order_and_as_records(results: Results) -> None:
    rows = results.indicators_for("X", 2010)
    indicators = list(dict.fromkeys(row.indicator for row in rows))

    assert indicators[:4] == ["DE", "IMP", "IMP_INT", "IMP_DOM"]
    assert indicators.index("DMC") < indicators.index("NAS")
    record = results.to_records()[0]
    assert set(record) >= {"territory", "year", "indicator", "category", "tonnes"}
    assert len(results) == len(results.rows)
    assert results.territories == ("X", "Y")
    assert results.years == (2010,)
