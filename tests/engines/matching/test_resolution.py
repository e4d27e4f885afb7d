"""French and English words for the same resource land in the same family."""

from __future__ import annotations

import pytest

from boucle.engines.matching.resolve import resolve
from boucle.engines.matching.text import analyse

from .helpers import declarations, knowledge


def main_family(description: str, *, role: str = "offer", ewc: str = "") -> str | None:
    (declaration,) = declarations(f"x,,,,{ewc},{description},,,,,")
    families = resolve(declaration, knowledge(), role=role).families
    return families[0].resource if families else None


@pytest.mark.parametrize(
    "description",
    [
        "gypse DSG",
        "FGD gypsum",
        "Gypse de désulfuration des fumées",
        "synthetic gypsum from the power station",
        "désulfogypse sec",
    ],
)
def test_fgd_gypsum_in_french_and_english(description: str) -> None:
    assert main_family(description) == "material.mineral.gypsum.fgd"


@pytest.mark.parametrize(
    "description", ["chaleur fatale à 35 °C", "waste heat from our compressors", "eau tiède"]
)
def test_low_temperature_heat_in_french_and_english(description: str) -> None:
    assert main_family(description) == "energy.heat.low_temperature"


def test_plurals_and_accents_do_not_matter() -> None:
    assert main_family("Cendres volantes de charbon") == "material.mineral.fly_ash"
    assert main_family("CENDRE VOLANTE") == "material.mineral.fly_ash"


def test_the_ewc_code_names_the_family_without_words() -> None:
    assert main_family("lot 42", ewc="10 01 05") == "material.mineral.gypsum.fgd"


def test_what_a_need_makes_counts_less_than_what_it_wants() -> None:
    (need,) = declarations("n,,,,,sciure pour la fabrication de panneaux de plâtre,,,,,")

    families = resolve(need, knowledge(), role="need").families

    assert families[0].resource == "material.wood.sawdust"


def test_language_is_detected_from_stop_words() -> None:
    assert analyse("des copeaux de bois pour la chaufferie").language == "fr"
    assert analyse("wood chips for the boiler").language == "en"


def test_a_hazardous_ewc_code_marks_the_offer_and_the_need_that_takes_it() -> None:
    offer, need = declarations(
        "o,,,material,13 02 05*,huile,,,,,", "n,,,material,13 02 05*,huile,,,,,"
    )

    assert resolve(offer, knowledge(), role="offer").hazardous
    assert resolve(need, knowledge(), role="need").accepts_hazardous
