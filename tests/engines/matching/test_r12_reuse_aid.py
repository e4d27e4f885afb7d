"""Classes found behind round 12's dev misses on water reuse, second-hand equipment, building
re-use and food aid, each probed in French and in English with declarations other than the
cases', and guarded by what must not change."""

from __future__ import annotations

import pytest

from .helpers import shipped_families


def first(description: str, *, role: str, kind: str = "", nace: str = "") -> str | None:
    families = shipped_families(description, role=role, kind=kind, nace=nace)
    return families[0] if families else None


# Reclaimed water: effluent said to be polished, final, purified, or put through a tertiary
# stage is treated wastewater (Regulation (EU) 2020/741's reclaimed water), not raw effluent.
@pytest.mark.parametrize(
    "description",
    [
        "Polished effluent from the town's sewage works, membrane filtered, by pipeline",
        "Final effluent after secondary treatment, now returned to the river",
        "Tertiary-treated, UV-disinfected effluent polished by sand filters, 5 ML/d",
        "Treated sewage effluent from the municipal works, filtered and chlorinated",
        "Sortie station après traitement tertiaire et désinfection, rejetée en mer",
        "Effluent épuré de notre station, désinfecté aux UV, disponible l'été",
        "Eau réutilisée de la station d'épuration, réseau violet jusqu'aux zones d'activité",
    ],
)
def test_polished_and_final_effluent_is_treated_wastewater(description: str) -> None:
    assert first(description, role="offer", kind="water") == "water.treated_wastewater"


@pytest.mark.parametrize(
    "description",
    [
        "Primary-settled sewage effluent, not disinfected, discharged to sea",
        "Effluent brut de la laiterie, chargé en DCO, à traiter",
        "Raw effluent from our dye house, high COD",
    ],
)
def test_raw_effluent_is_still_wastewater(description: str) -> None:
    assert first(description, role="offer", kind="water") == "water.wastewater"


# Water disinfected at a treatment plant is no disinfectant for sale; the chemicals still are.
@pytest.mark.parametrize(
    "description",
    [
        "Final effluent after UV disinfection, pumped to the industrial estate",
        "Eau de sortie de STEP après désinfection, qualité baignade",
        "Secondary effluent, settled and disinfected, drawn by tanker",
    ],
)
def test_disinfected_water_is_no_disinfectant(description: str) -> None:
    families = shipped_families(description, role="offer", kind="water")
    assert "material.chemical.disinfectant" not in families


@pytest.mark.parametrize(
    ("description", "role"),
    [
        ("Produits de désinfection en bidons, stock excédentaire", "offer"),
        ("Surplus disinfectant and sodium hypochlorite in drums", "offer"),
        ("Produits de désinfection pour nos locaux", "need"),
    ],
)
def test_disinfectants_still_are(description: str, role: str) -> None:
    assert first(description, role=role, kind="material") == "material.chemical.disinfectant"


# "Non-potable water" says what a water is not, not what it is for: what it is for says it
# ("pour l'arrosage des arbres" wants irrigation water, not process water).
@pytest.mark.parametrize(
    "description",
    [
        "Eau non potable pour l'arrosage des arbres de la ville, par camion-citerne",
        "Non-potable water for watering street trees in summer, filled by our tanker",
        "Non-drinking water for watering the sports pitches at night",
        "Eau non potable pour l'arrosage des massifs et des pelouses du parc",
    ],
)
def test_non_potable_water_for_watering_is_irrigation(description: str) -> None:
    families = shipped_families(description, role="need", kind="water")
    assert "water.irrigation" in families
    assert "water.process_water" not in families


@pytest.mark.parametrize(
    ("description", "family"),
    [
        ("Eau industrielle pour le lavage de nos camions", "water.process_water"),
        ("Process water for our dyeing machines, 1,500 m3 a day", "water.process_water"),
        ("Make-up for the cooling towers of our combined-cycle plant", "water.process_water"),
        ("Appoint des aéroréfrigérants de notre centrale thermique", "water.process_water"),
        ("Eau potable pour la fabrication de nos boissons", "water.potable"),
    ],
)
def test_process_and_drinking_water_needs_stay(description: str, family: str) -> None:
    assert first(description, role="need", kind="water") == family


# Swimming-pool drain and filter-backwash water is a water of its own: collective pools may have
# it reused for watering and cleaning (French décret n° 2024-796).
@pytest.mark.parametrize(
    "description",
    [
        "Eaux de vidange de la piscine municipale, une fois par an, déchlorées",
        "Eaux de lavage des filtres de piscine, quelques m3 par semaine",
        "Pool backwash water from the leisure centre filters, a few m3 a week",
        "Drained pool water from the hotel's outdoor pool at the end of the season",
    ],
)
def test_pool_drain_and_backwash_water(description: str) -> None:
    assert first(description, role="offer", kind="water") == "water.pool_water"


def test_a_pool_says_its_water_by_its_sector() -> None:
    families = shipped_families(
        "Eau des vidanges des bassins, filtrée, détournée vers une cuve",
        role="offer",
        kind="water",
        nace="93.11",
    )
    assert "water.pool_water" in families


@pytest.mark.parametrize(
    ("description", "family"),
    [
        ("Pool water heating for the municipal swimming pool", "energy.heat"),
        ("Chauffage de l'eau de la piscine municipale", "energy.heat"),
    ],
)
def test_heating_a_pool_is_no_pool_water(description: str, family: str) -> None:
    families = shipped_families(description, role="need", kind="energy")
    assert "water.pool_water" not in families
    assert any(f.startswith(family) for f in families)


# Winery wash water with caustic and detergents is effluent to treat, not water for washing.
@pytest.mark.parametrize(
    ("description", "family"),
    [
        ("Eaux de lavage de chai avec soude, après chaque nettoyage", "water.wastewater"),
        ("Winery wash water from tank cleaning at harvest", "water.wastewater"),
    ],
)
def test_winery_wash_water_is_wastewater(description: str, family: str) -> None:
    assert first(description, role="offer", kind="water") == family


@pytest.mark.parametrize(
    "description",
    [
        "Recherche eau non potable pour le lavage de nos camions",
        "Looking for non-potable water to suppress dust on our site",
        "Eau non potable pour l'abattage des poussières sur la carrière",
        "Non-potable water for street washing, by tanker",
    ],
)
def test_non_potable_water_for_washing_or_dust_is_process_water(description: str) -> None:
    assert first(description, role="need", kind="water") == "water.process_water"


# Second-hand catering equipment is named by its pieces (ranges, fryers, cold cabinets,
# stainless tables, dishwashing stations), in a school's or a canteen's words as in a
# restaurant's: not office furniture ("meubles froids"), nor stainless scrap ("tables inox").
@pytest.mark.parametrize(
    ("description", "role"),
    [
        ("Matériel de cuisine collective en état de marche (fourneaux, meubles froids)", "offer"),
        (
            "Fermeture de notre cantine : fourneaux, friteuses, armoires réfrigérées à céder",
            "offer",
        ),
        ("Closing our staff restaurant: cooking range, stainless steel tables, fryers", "offer"),
        ("Four à pain et pétrin d'une boulangerie qui ferme", "offer"),
        ("Cherchons matériel de restauration collective d'occasion (tables inox)", "need"),
        ("Looking for a second-hand cooking range, fryers and a bain-marie", "need"),
    ],
)
def test_catering_equipment_by_its_pieces(description: str, role: str) -> None:
    assert first(description, role=role, kind="equipment") == "equipment.catering"


@pytest.mark.parametrize(
    ("description", "kind", "family"),
    [
        (
            "Chutes d'inox de notre atelier de chaudronnerie",
            "material",
            "material.metal.stainless_scrap",
        ),
        (
            "Meubles de bureau et armoires métalliques après déménagement",
            "equipment",
            "equipment.office_furniture",
        ),
        (
            "Restes de repas de la cuisine collective, 300 repas par jour",
            "material",
            "material.organic.food_waste",
        ),
    ],
)
def test_stainless_scrap_furniture_and_canteen_waste_stay(
    description: str, kind: str, family: str
) -> None:
    assert first(description, role="offer", kind=kind) == family


# Building re-use: joinery ("menuiseries", windows and doors), cladding and roof timbers
# salvaged from demolition sites are reusable building materials, not the cardboard or film a
# materials merchant's sector would suggest; "menuiserie", a joiner's workshop, stays one.
@pytest.mark.parametrize(
    ("description", "role"),
    [
        ("Portes, bardages et charpente récupérés sur chantier, inventoriés", "offer"),
        ("Menuiseries intérieures en chêne déposées pendant la réhabilitation", "offer"),
        ("Bardage bois déposé lors de la rénovation, mélèze, environ 200 m2", "offer"),
        ("Reclaimed joinery and cladding salvaged from demolition sites", "offer"),
        ("Recherche menuiseries anciennes et bardages de récupération", "need"),
        ("Looking for old timber windows and reclaimed cladding for a community hall", "need"),
    ],
)
def test_salvaged_joinery_and_cladding_are_reusable_building_materials(
    description: str, role: str
) -> None:
    assert first(description, role=role, kind="material") == "equipment.building_materials"


@pytest.mark.parametrize(
    ("description", "family"),
    [
        ("Sciure et copeaux de notre menuiserie, en big bags", "material.wood.sawdust_shavings"),
        ("Chutes de menuiserie, bois massif non traité", "material.wood.sawdust_shavings"),
        ("Menuiseries PVC déposées, double vitrage", "material.plastic.pvc"),
    ],
)
def test_a_joiners_workshop_and_pvc_windows_stay(description: str, family: str) -> None:
    assert first(description, role="offer", kind="material") == family


# A denied word denies the phrase it begins: "ni peinture au plomb" names no lead to recycle.
@pytest.mark.parametrize(
    "description",
    [
        "Anciennes menuiseries bois sans amiante ni peinture au plomb pour la façade",
        "Fenêtres anciennes, pas de peinture au plomb",
        "Old windows wanted, no lead paint",
    ],
)
def test_denied_lead_paint_names_no_lead(description: str) -> None:
    families = shipped_families(description, role="need", kind="material")
    assert "material.metal.non_ferrous_mixed" not in families
    assert "material.chemical.paint_ink" not in families


def test_treated_wood_refused_by_our_boiler_is_still_refused() -> None:
    families = shipped_families(
        "Plaquettes de bois, bois traité refusé par notre chaudière", role="need", kind="material"
    )
    assert "material.wood.treated_wood" not in families


def test_a_denied_treated_wood_is_denied_whole() -> None:
    families = shipped_families("Palettes bois, pas de bois traité", role="need", kind="material")
    assert "material.wood.treated_wood" not in families


def test_joinery_firms_named_as_a_source_are_no_salvaged_joinery() -> None:
    families = shipped_families(
        "Matière première pour notre ligne de granulation : sous-produits secs de menuiseries "
        "et parqueteurs locaux",
        role="need",
        kind="material",
    )
    assert "equipment.building_materials" not in families


# Food aid: a social grocery or a food bank asks for groceries, frozen food, food past its
# best-before date (which may still be given: only a use-by date bars it); a shop offers the
# same words. Food said to be spoiled stays food waste.
@pytest.mark.parametrize(
    ("description", "role"),
    [
        ("Dons d'entreprises : épicerie, frais, surgelé, produits au-delà de la DDM", "need"),
        ("Épicerie solidaire cherche des produits d'épicerie et des conserves de légumes", "need"),
        ("Social supermarket wants dry groceries and frozen food from retailers", "need"),
        (
            "Lots de pâtes et de riz à DDM dépassée de quelques semaines, encore consommables",
            "offer",
        ),
        (
            "Huile d'olive en bouteilles, DLUO courte, refusée par la centrale d'achat",
            "offer",
        ),
        ("Tinned tomatoes and pasta past their best-before date, still good to eat", "offer"),
        (
            "Produits surgelés invendus (légumes, plats cuisinés), chaîne du froid respectée",
            "offer",
        ),
    ],
)
def test_groceries_frozen_and_past_best_before_are_food_surplus(
    description: str, role: str
) -> None:
    assert first(description, role=role, kind="material") == "material.organic.food_surplus"


@pytest.mark.parametrize(
    ("description", "role", "kind", "family"),
    [
        (
            "Invendus de pain moisis, non consommables",
            "offer",
            "material",
            "material.organic.food_waste",
        ),
        ("Pots de conserve en verre vides, lavés", "offer", "material", "material.glass"),
        (
            "Boîtes de conserve vides en acier, propres",
            "offer",
            "material",
            "material.metal.ferrous_scrap",
        ),
        ("Local commercial d'une ancienne épicerie, 80 m2", "offer", "space", "space.building"),
        ("Shampoings et gels douche à DDM courte", "offer", "material", "material.nonfood_surplus"),
        (
            "Social supermarket wants hygiene products and toiletries",
            "need",
            "material",
            "material.nonfood_surplus",
        ),
    ],
)
def test_spoiled_food_empty_cans_and_a_shop_stay(
    description: str, role: str, kind: str, family: str
) -> None:
    assert first(description, role=role, kind=kind) == family
