"""Knowledge found missing behind round 12's dev misses (oilseeds, kraft pine chemicals, bast
fibres, biodiesel, feedstock for a digester), each probed in French and in English with
declarations other than the cases', and guarded by what must not change."""

from __future__ import annotations

import pytest

from boucle.engines.matching import match

from .helpers import declarations, shipped_families


def first(description: str, *, role: str, kind: str = "", nace: str = "") -> str | None:
    read = shipped_families(description, role=role, kind=kind, nace=nace)
    return read[0] if read else None


def ranked(need: str, *offers: str, need_nace: str = "", kind: str = "material") -> list[str]:
    """The ids of the offers proposed for one need, best first (no site, no quantity)."""
    rows = [f'o{i},Org {i},,{kind},,"{text}",,,,,' for i, text in enumerate(offers)]
    (result,) = match(
        declarations(*rows), declarations(f'n,Buyer,{need_nace},{kind},,"{need}",,,,,')
    )
    return [c.offer_id for c in result.candidates]


# --- Oilseeds: what an oil mill crushes. Cottonseed is the seed a gin leaves, not cotton.
@pytest.mark.parametrize(
    ("description", "role"),
    [
        ("Graine de coton non délintée de notre usine d'égrenage, en vrac", "offer"),
        ("Whole cottonseed left after ginning, fuzzy, loose in the yard", "offer"),
        ("Graines de colza déclassées (humidité trop élevée) en cellule", "offer"),
        ("Noix de karité séchées, en sacs de jute", "offer"),
        ("Off-grade sunflower seed from our silo", "offer"),
        ("Recherchons des graines oléagineuses à triturer (colza, tournesol)", "need"),
        ("Oilseeds for crushing at our expeller plant", "need"),
        ("Soybeans wanted for our crushing plant, 20,000 t a year", "need"),
    ],
)
def test_oilseeds_are_a_family_of_their_own(description: str, role: str) -> None:
    assert first(description, role=role) == "material.organic.oilseeds"


@pytest.mark.parametrize(
    "description",
    [
        "Graine de coton non délintée de notre usine d'égrenage, en vrac",
        "Whole cottonseed left after ginning, fuzzy, loose in the yard",
        "Tourteau de coton en sacs de 50 kg, pour le bétail",
        "Cottonseed meal from our solvent plant",
    ],
)
def test_cottonseed_and_its_cake_are_no_textile(description: str) -> None:
    assert not any(
        f.startswith("material.textile") for f in shipped_families(description, role="offer")
    )


@pytest.mark.parametrize(
    ("description", "family"),
    [
        ("Tourteau de coton en sacs de 50 kg, pour le bétail", "material.organic.oilseed_cake"),
        ("Tourteau de colza gras", "material.organic.oilseed_cake"),
        ("Chutes de tissu coton de la confection", "material.textile.offcuts"),
        ("Cotton waste from our spinning mill", "material.textile"),
        ("Used cotton T-shirts and workwear", "material.textile.clothing"),
    ],
)
def test_cakes_and_cotton_textiles_keep_their_families(description: str, family: str) -> None:
    assert first(description, role="offer") == family


def test_an_oil_mill_is_offered_cottonseed_before_cotton_cake_and_cotton_offcuts() -> None:
    assert ranked(
        "Oléagineux à triturer pour notre huile raffinée et nos tourteaux",
        "Chutes de tissu coton de la confection",
        "Tourteau de coton en sacs, pour le bétail",
        "Graine de coton de l'égrenage, en vrac",
        need_nace="10.41",
    )[:1] == ["o2"]


def test_whole_cottonseed_is_a_feed_for_cattle() -> None:
    assert "o0" in ranked(
        "Feed for our dairy cows, protein-rich",
        "Whole cottonseed from the gin, in bulk",
        need_nace="01.41",
    )


# --- Kraft pine chemicals: crude sulphate turpentine and crude tall oil, by-products of kraft
# pulping of softwood that fine-chemicals makers distil; tall oil is also an Annex IX feedstock.
@pytest.mark.parametrize(
    ("description", "role", "family"),
    [
        (
            "Térébenthine au sulfate brute de notre usine de pâte kraft, en citerne",
            "offer",
            "material.organic.pine_chemicals.turpentine",
        ),
        (
            "Crude sulfate turpentine recovered from the digester relief gases",
            "offer",
            "material.organic.pine_chemicals.turpentine",
        ),
        (
            "Essence de papeterie récupérée aux évents des lessiveurs",
            "offer",
            "material.organic.pine_chemicals.turpentine",
        ),
        (
            "Tall oil brut issu de l'acidification des savons de liqueur noire",
            "offer",
            "material.organic.pine_chemicals.crude_tall_oil",
        ),
        (
            "Crude tall oil from our kraft mill, by rail tank car",
            "offer",
            "material.organic.pine_chemicals.crude_tall_oil",
        ),
        (
            "Térébenthine brute pour nos parfums et arômes (pinènes)",
            "need",
            "material.organic.pine_chemicals.turpentine",
        ),
        (
            "Sulphate turpentine for our terpene resins",
            "need",
            "material.organic.pine_chemicals.turpentine",
        ),
        (
            "Tallol brut à distiller en colophane et acides gras",
            "need",
            "material.organic.pine_chemicals.crude_tall_oil",
        ),
    ],
)
def test_kraft_turpentine_and_tall_oil_are_pine_chemicals(
    description: str, role: str, family: str
) -> None:
    assert first(description, role=role) == family


@pytest.mark.parametrize(
    ("description", "family"),
    [
        # A painter's spent turpentine is a spent solvent; tall oil pitch stays a fuel feedstock.
        ("Essence de térébenthine usagée de l'atelier peinture", "material.chemical.solvents"),
        ("Spent turpentine and white spirit from the paint shop", "material.chemical.solvents"),
        ("Brai de tall oil en fûts", "material.organic.biofuel_feedstock"),
        ("Boues de papeterie fibreuses", "material.organic.paper_sludge"),
    ],
)
def test_spent_turpentine_and_pitch_keep_their_families(description: str, family: str) -> None:
    assert first(description, role="offer") == family


def test_a_terpene_chemist_is_offered_kraft_turpentine_first() -> None:
    assert ranked(
        "Térébenthine brute à fractionner en alpha- et bêta-pinène pour nos arômes",
        "Boues de papeterie fibreuses, déshydratées",
        "Solvants usagés (acétone, xylène) en fûts",
        "Essence de papeterie condensée sur les gaz du lessiveur kraft, en cuve",
        need_nace="20.53",
    )[:1] == ["o2"]


def test_crude_tall_oil_meets_a_need_for_advanced_biofuel_feedstock() -> None:
    assert "o0" in ranked(
        "Annex IX feedstock for our renewable diesel unit",
        "Crude tall oil from our kraft pulp mill",
    )


# --- Bast fibres: hemp and flax technical fibre, for specialty pulp and composites as well as
# textiles. "Fibres" alone stays textiles; shives stay crop residues.
@pytest.mark.parametrize(
    ("description", "role"),
    [
        ("Fibre technique de chanvre en balles pressées, issue de notre défibreuse", "offer"),
        ("Filasse de lin teillé, fibres longues, en balles", "offer"),
        ("Étoupes de lin issues du teillage", "offer"),
        ("Hemp bast fibre, decorticated and cleaned, baled", "offer"),
        ("Flax tow from our scutching mill", "offer"),
        ("Fibres libériennes longues pour nos papiers spéciaux", "need"),
        ("Flax or hemp fibre for our specialty pulp (cigarette papers)", "need"),
        ("Fibres de chanvre pour nos panneaux composites biosourcés", "need"),
    ],
)
def test_bast_fibres_are_a_family_of_their_own(description: str, role: str) -> None:
    assert first(description, role=role) == "material.textile.bast_fibre"


@pytest.mark.parametrize(
    ("description", "family"),
    [
        ("Chènevotte de chanvre défibré, en vrac", "material.organic.crop_residues"),
        ("Hemp shives for animal bedding", "material.organic.crop_residues"),
        ("Fibres de récupération", "material.textile.offcuts"),
        ("Chutes de tissu de lin de l'atelier de confection", "material.textile.offcuts"),
    ],
)
def test_shives_loose_fibres_and_linen_offcuts_keep_their_families(
    description: str, family: str
) -> None:
    assert first(description, role="offer") == family


@pytest.mark.parametrize(
    "description",
    [
        # "Filasse" stems to "fil", a thread or a course ("au fil de l'eau"); short fibres of
        # deinking sludge are cellulose.
        "Marcs de raisin livrés au fil de l'eau",
        "Boues de désencrage (fibres courtes et charges minérales)",
        "Fibres",
    ],
)
def test_a_thread_of_words_or_loose_fibres_are_no_bast_fibre(description: str) -> None:
    assert "material.textile.bast_fibre" not in shipped_families(description, role="offer")


@pytest.mark.parametrize(
    ("need", "sludge", "paper", "fibre"),
    [
        (
            "Fibres longues de chanvre ou de lin pour la pâte de nos papiers à cigarette",
            "Boues de désencrage (fibres courtes et charges minérales), déshydratées",
            "Papiers de bureau en mélange, en balles",
            "Fibre technique de chanvre défibrée et nettoyée, en balles",
        ),
        (
            "Bast fibre for our specialty pulp line (cigarette and filter papers)",
            "Deinking sludge (short fibres and fillers), dewatered",
            "Mixed office paper, baled",
            "Flax tow from our scutching mill, baled",
        ),
    ],
)
def test_a_specialty_paper_mill_is_offered_bast_fibre_before_deinking_sludge(
    need: str, sludge: str, paper: str, fibre: str
) -> None:
    assert ranked(need, sludge, paper, fibre, need_nace="17.12")[:1] == ["o2"]


def test_flax_tow_reinforces_bio_based_composites() -> None:
    assert ranked(
        "Fibres de renfort pour nos pièces composites biosourcées",
        "Chutes de tissu polyester de la confection",
        "Étoupes de lin issues du teillage, en balles",
        need_nace="22.29",
    )[:1] == ["o1"]


# --- Biodiesel and renewable diesel: a fuel a fleet runs on. Biodiesel made from used cooking
# oil is the fuel, not the oil; oil for a biodiesel plant is still the oil.
@pytest.mark.parametrize(
    ("description", "role"),
    [
        ("B100 made from used cooking oil collected from restaurants", "offer"),
        ("Biodiesel (EMHV) produit à partir d'huiles de friture collectées", "offer"),
        ("HVO100 renewable diesel, surplus stock at our depot", "offer"),
        ("Biogazole B100 issu de graisses animales, en citerne", "offer"),
        ("Renewable diesel for our city bus fleet", "need"),
        ("Carburant B100 pour nos poids lourds", "need"),
        ("Gazole renouvelable (HVO) pour notre flotte de cars", "need"),
        ("Biodiesel for our refuse trucks, delivered by tanker", "need"),
    ],
)
def test_biodiesel_and_renewable_diesel_are_a_fuel(description: str, role: str) -> None:
    assert first(description, role=role) == "material.fuel.biodiesel"


@pytest.mark.parametrize(
    ("description", "role", "family"),
    [
        ("Huiles alimentaires usagées pour notre unité de biodiesel", "need", None),
        ("Used cooking oil for our biodiesel plant", "need", None),
        ("Used frying oil from our fryers, in drums", "offer", None),
        ("Off-spec diesel from tank cleaning", "offer", "material.fuel.waste_derived_liquid_fuel"),
        ("Matière première biodiesel", "need", "material.organic.biofuel_feedstock"),
    ],
)
def test_oil_for_biodiesel_and_off_spec_diesel_keep_their_families(
    description: str, role: str, family: str | None
) -> None:
    assert first(description, role=role) == (family or "material.organic.used_cooking_oil")


def test_a_bus_fleet_is_offered_the_biodiesel_not_the_oil_it_is_made_from() -> None:
    assert ranked(
        "Renewable diesel for part of our bus fleet, delivered to the depots",
        "Used cooking oil from our restaurants, in drums",
        "Shredder residue (ASR) baled, for energy recovery",
        "FAME biodiesel made from used cooking oil, about 5,000 l a day",
        need_nace="49.31",
        kind="energy",
    )[:1] == ["o2"]


# --- Feedstock for a digester: what a need for its digester calls fermentable is digester
# feedstock (anaerobic digestion ferments), which canteen food waste meets before bread.
@pytest.mark.parametrize(
    "description",
    [
        "Matières fermentescibles pour notre méthaniseur agricole",
        "Matières fermentescibles à fort pouvoir méthanogène pour la ration de notre digesteur",
        "Intrants à fort potentiel méthanogène pour notre unité de biogaz",
        "Fermentable organic waste for our anaerobic digester",
        "High methane yield feedstock for our farm digester",
    ],
)
def test_fermentable_matter_for_a_digester_is_digester_feedstock(description: str) -> None:
    read = shipped_families(description, role="need")
    assert read[:1] == ["material.organic.biodegradable_fraction"]
    assert "material.organic.fermentation_feedstock" not in read


@pytest.mark.parametrize(
    "description",
    [
        "Matières fermentescibles pour notre unité pilote",
        "Sucres fermentescibles pour notre levurerie, pas de méthanisation",
        "Fermentable sugars for our ethanol plant",
    ],
)
def test_fermentable_matter_for_a_fermenter_stays_fermentation_feedstock(
    description: str,
) -> None:
    assert first(description, role="need") == "material.organic.fermentation_feedstock"


@pytest.mark.parametrize(
    ("need", "food_waste", "bread"),
    [
        (
            "Matières fermentescibles à fort pouvoir méthanogène pour notre digesteur à la ferme",
            "Restes de repas de la cuisine centrale, y compris produits carnés",
            "Pain invendu et viennoiseries de la veille",
        ),
        (
            "Fermentable waste wanted for our farm biogas plant",
            "Canteen food waste, plate scrapings and kitchen prep waste",
            "Unsold bread and pastries, daily",
        ),
    ],
)
def test_a_farm_digester_is_offered_canteen_food_waste_before_bread(
    need: str, food_waste: str, bread: str
) -> None:
    assert ranked(need, bread, food_waste, need_nace="01.50")[:1] == ["o1"]
