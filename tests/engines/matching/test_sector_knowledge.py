"""The sector rules (`sector_uses.csv`) are well formed, cover the sectors that take part in
industrial symbiosis, and say what a process engineer would: strongly what a sector typically
takes or gives, weakly or not at all what it seldom does.

Real declarations carry a NACE code more often than a precise description, so a need's sector
is the prior on what it can take (`score.py`) and an offer's sector the families it probably
is (`resolve.py`): a sector without rules matches on its words alone.
"""

from __future__ import annotations

from functools import cache

import pytest

from boucle.engines.matching import load_knowledge, match
from boucle.engines.matching.knowledge import nace_within, within
from boucle.engines.matching.resolve import EWC_EXACT, resolve
from boucle.engines.matching.score import SECTOR_TAKES_HAZARD

from .helpers import declarations, shipped_rows

ROOTS = {"material", "energy", "water", "equipment", "logistics", "expertise", "space"}


@cache
def classes() -> tuple[str, ...]:
    return tuple(row["code"] for row in shipped_rows("nace.csv") if row["level"] == "class")


def test_every_rule_names_a_resource_and_a_sector_that_exist() -> None:
    resources = {row["id"] for row in shipped_rows("resources.csv")}
    nace = {row["code"] for row in shipped_rows("nace.csv")}
    assert [r for r in shipped_rows("sector_uses.csv") if r["resource"] not in resources] == []
    assert [r for r in shipped_rows("sector_uses.csv") if r["nace"] not in nace] == []


def test_every_rule_has_a_direction_a_strength_both_rationales_and_a_source() -> None:
    for rule in shipped_rows("sector_uses.csv"):
        assert rule["direction"] in {"uses", "produces"}, rule
        assert 0 < float(rule["strength"]) <= 1, rule
        assert rule["rationale"].strip(), rule
        assert rule["rationale_fr"].strip(), rule
        assert rule["rationale_fr"] != rule["rationale"], rule
        assert rule["source"].strip(), rule


def test_no_rule_is_written_twice() -> None:
    keys = [(r["nace"], r["resource"], r["direction"]) for r in shipped_rows("sector_uses.csv")]
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


def test_no_rule_names_a_whole_kind() -> None:
    """A rule on `material` or `energy` would lift every offer of that kind for the sector's
    needs: noise, not knowledge."""
    assert [r for r in shipped_rows("sector_uses.csv") if r["resource"] in ROOTS] == []


def test_a_broad_prior_takes_no_hazardous_family_the_sector_does_not_name() -> None:
    """A sector takes a hazardous offer it typically uses (`SECTOR_TAKES_HAZARD`); a rule on a
    broad family (fuels, minerals, wood) must not let it take, say, flue-gas cleaning residues
    or treated wood unless a rule of the sector names that family."""
    knowledge = load_knowledge()
    hazardous = [rid for rid in knowledge.ids if knowledge.hazardous_family[knowledge.index[rid]]]
    rules = [r for r in knowledge.sector_uses if r.direction == "uses"]
    named = {(r.nace, r.resource) for r in rules}
    unnamed = [
        (rule.nace, rule.resource, family)
        for rule in rules
        if rule.strength * EWC_EXACT >= SECTOR_TAKES_HAZARD
        for family in hazardous
        if family != rule.resource
        and within(family, rule.resource)
        and not any(
            (n, family) in named for n in knowledge.nace_labels if nace_within(rule.nace, n)
        )
    ]
    assert unnamed == []


# Share of the NACE classes of each area that at least one rule covers, on each side. A new
# rule only raises them; the floors keep a later edit from losing whole sectors.
AREAS = {
    "agriculture, forestry, fishing": (range(1, 4), 0.85, 0.95),
    "mining and quarrying": (range(5, 10), 0.5, 1.0),
    "manufacturing": (range(10, 34), 0.85, 1.0),
    "energy": (range(35, 36), 0.6, 0.7),
    "water, sewerage, waste": (range(36, 40), 1.0, 1.0),
    "construction": (range(41, 44), 1.0, 1.0),
    "trade": (range(45, 48), 0.5, 1.0),
    "transport and storage": (range(49, 54), 0.0, 0.7),
    "accommodation and food": (range(55, 57), 1.0, 1.0),
    "public administration, education, health": (range(84, 89), 0.75, 0.9),
}


@pytest.mark.parametrize("area", sorted(AREAS))
def test_the_sectors_of_industrial_symbiosis_are_covered(area: str) -> None:
    divisions, uses_floor, produces_floor = AREAS[area]
    codes = [c for c in classes() if int(c[:2]) in divisions]
    covered = {
        direction: [
            c
            for c in codes
            if any(
                r["direction"] == direction and nace_within(c, r["nace"])
                for r in shipped_rows("sector_uses.csv")
            )
        ]
        for direction in ("uses", "produces")
    }
    assert len(covered["uses"]) >= uses_floor * len(codes), (area, covered["uses"])
    assert len(covered["produces"]) >= produces_floor * len(codes), (area, covered["produces"])


@pytest.mark.parametrize(
    ("nace", "resource", "direction", "at_least"),
    [
        ("23.51", "material.mineral.ash.coal_fly_ash", "uses", 0.75),
        ("23.51", "material.mineral.slag.blast_furnace", "uses", 0.8),
        ("23.51", "material.fuel.srf", "uses", 0.8),
        ("23.51", "material.mineral.gypsum.fgd_gypsum", "uses", 0.75),
        ("23.13", "material.glass.cullet", "uses", 0.9),
        ("16.21", "material.wood.sawdust_shavings", "uses", 0.9),
        ("17.12", "energy.steam", "uses", 0.8),
        ("35.30", "energy.heat.low_temperature", "uses", 0.85),
        ("35.21", "material.organic.manure", "uses", 0.8),
        ("01.13", "water.irrigation", "uses", 0.8),
        ("01.11", "material.organic.digestate", "uses", 0.7),
        ("03.2", "material.organic.animal_feed", "uses", 0.8),
        ("24.10", "material.metal.ferrous_scrap", "uses", 0.9),
        ("24.10", "material.mineral.slag.steel", "produces", 0.9),
        ("19.20", "material.chemical.sulphur", "produces", 0.85),
        ("11.05", "material.organic.spent_grain", "produces", 0.9),
        ("10.51", "material.organic.whey", "produces", 0.9),
        ("37.00", "material.organic.sewage_sludge", "produces", 0.9),
        ("43.11", "material.mineral.aggregate.recycled_concrete", "produces", 0.85),
        ("63.11", "energy.heat.low_temperature", "produces", 0.8),
        ("49.41", "logistics.truck_capacity", "produces", 0.7),
        ("52.10", "logistics.warehouse_space", "produces", 0.7),
        # Flows once written on the nearest family, now on their own.
        ("08.11", "material.mineral.aggregate.natural", "produces", 0.85),
        ("06.20", "energy.natural_gas", "produces", 0.75),
        ("06.10", "water.wastewater.produced_water", "produces", 0.55),
        ("09.10", "material.mineral.drilling_waste", "produces", 0.65),
        ("86.10", "material.healthcare_waste", "produces", 0.65),
        ("30.12", "material.composites", "produces", 0.55),
        ("23.42", "material.mineral.gypsum.plaster_moulds", "produces", 0.65),
        ("10.11", "material.organic.animal_by_products.hides_skins", "produces", 0.75),
        ("15.11", "material.organic.animal_by_products.hides_skins", "uses", 0.9),
        ("10.12", "material.organic.animal_by_products.feathers", "produces", 0.75),
        ("01.21", "material.organic.green_waste.prunings", "produces", 0.55),
        ("02.30", "material.wood.cork", "produces", 0.35),
        ("38.31", "equipment.vehicle_parts", "produces", 0.45),
        ("45.20", "equipment.vehicle_parts", "uses", 0.55),
        ("03.11", "energy.cold.ice", "uses", 0.65),
        ("32.12", "material.metal.precious_metals", "produces", 0.45),
        ("24.41", "material.metal.precious_metals", "uses", 0.85),
    ],
)
def test_what_a_sector_typically_takes_or_gives_is_a_strong_rule(
    nace: str, resource: str, direction: str, at_least: float
) -> None:
    knowledge = load_knowledge()
    assert knowledge.sector_row(nace, direction)[knowledge.index[resource]] >= at_least


@pytest.mark.parametrize(
    ("nace", "resource", "direction"),
    [
        ("23.51", "material.plastic.pe_film", "uses"),
        ("23.51", "material.organic.whey", "uses"),
        ("35.30", "material.chemical.co2", "uses"),
        ("01.13", "material.metal.ferrous_scrap", "uses"),
        ("24.10", "material.organic.spent_grain", "produces"),
        ("56.10", "material.mineral.slag", "produces"),
    ],
)
def test_what_a_sector_seldom_takes_or_gives_is_weak_or_absent(
    nace: str, resource: str, direction: str
) -> None:
    knowledge = load_knowledge()
    assert knowledge.sector_row(nace, direction)[knowledge.index[resource]] < 0.4


@pytest.mark.parametrize(
    ("nace", "resource", "at_most"),
    [
        # Only greenhouse growers among vegetable growers, only warm-water fish farms.
        ("01.13", "material.chemical.co2", 0.7),
        ("03.22", "energy.heat.aquaculture_heating", 0.7),
        # Dairy farms near a sugar factory or a brewery, not every one.
        ("01.41", "material.organic.beet_pulp", 0.5),
        ("01.41", "material.organic.spent_grain", 0.6),
        # Wind farms and plywood mills are in the class too.
        ("35.11", "water.cooling_water", 0.6),
        ("16.21", "material.wood.waste_wood", 0.8),
    ],
)
def test_an_input_only_some_firms_of_a_sector_take_is_no_strong_prior(
    nace: str, resource: str, at_most: float
) -> None:
    """A sector with many inputs lifts each of them for every need it writes, whatever the need
    asks for: a strong rule is kept for what nearly every firm of the prefix takes, so that a
    dairy farm's bedding need is decided by its words, not by the feed its sector buys."""
    knowledge = load_knowledge()
    assert knowledge.sector_row(nace, "uses")[knowledge.index[resource]] <= at_most


@pytest.mark.parametrize(
    ("need", "offers", "expected"),
    [
        (
            "bedding,Dairy farm,01.41,material,,Litière pour nos logettes à la place de la paille",
            [
                "pulp,Sugar factory,10.81,material,,Pulpes de betteraves surpressées",
                "cardboard,Shop,47.11,material,150101,Carton déchiqueté propre",
            ],
            "cardboard",
        ),
        (
            "soil,Vegetable grower,01.13,material,,Compost pour nos cultures de plein champ",
            [
                "co2,Refinery,19.20,material,,CO2 pur liquéfié",
                "compost,Composting site,38.21,material,190503,Compost normé NFU 44-051",
            ],
            "compost",
        ),
    ],
)
def test_a_need_that_names_what_it_wants_is_not_overruled_by_its_sectors_habits(
    need: str, offers: list[str], expected: str
) -> None:
    """The sector prior lifts a sector's usual inputs; a need that says what it wants gets it
    before them (a dairy farm's bedding need, not the beet pulp dairy farms feed)."""
    where = ",,,,45.10,5.10"
    found = declarations(*(o + where for o in offers), header=HEADER, file="offers.csv")
    asked = declarations(need + where, header=HEADER, file="needs.csv")
    (result,) = match(found, asked, top=2)
    assert [c.offer_id for c in result.candidates][:1] == [expected]


def test_a_float_glass_maker_takes_flat_cullet_before_bottle_cullet() -> None:
    knowledge = load_knowledge()
    uses = knowledge.sector_row("23.11", "uses")
    flat = uses[knowledge.index["material.glass.flat_glass"]]
    container = uses[knowledge.index["material.glass.cullet.container"]]
    assert flat >= 0.8 > 0.6 > container


def test_a_float_glass_maker_takes_no_laminated_glass_before_delamination() -> None:
    # Laminated glass holds a PVB interlayer, far above the organic matter cullet may hold
    # (Regulation (EU) No 1179/2012): a float line takes it only once delaminated (round 11).
    knowledge = load_knowledge()
    uses = knowledge.sector_row("23.11", "uses")
    laminated = uses[knowledge.index["material.glass.flat_glass.laminated"]]
    flat = uses[knowledge.index["material.glass.flat_glass"]]
    assert laminated == 0 < flat
    # A glass recycler still takes it (it delaminates).
    assert (
        knowledge.sector_row("38.32", "uses")[
            knowledge.index["material.glass.flat_glass.laminated"]
        ]
        > 0
    )


# Families no sector typically uses or produces: the roots and broad parents (their kinds have
# rules), and what any firm may seek or offer whatever its trade.
NO_SECTOR_RULE = {
    "material.organic",
    "material.wood",
    "material.rubber",
    "material.metal",
    "material.chemical",
    "equipment.tools",
    "logistics.shared_purchasing",
}


def test_every_family_has_a_sector_rule_or_is_known_to_have_none() -> None:
    """A family no sector rule names, itself or through a broader family, matches on words
    alone: such families are the ones listed on purpose, and new ones up to a tenth (families
    just added to the taxonomy may wait for their rules)."""
    named = {r["resource"] for r in shipped_rows("sector_uses.csv")}
    families = [r["id"] for r in shipped_rows("resources.csv") if r["id"] not in ROOTS]
    missing = {family for family in families if not any(within(family, rule) for rule in named)}
    assert missing >= NO_SECTOR_RULE
    assert len(missing - NO_SECTOR_RULE) <= 0.1 * len(families), sorted(missing)


HEADER = "id,organisation,nace,kind,ewc,description,quantity,unit,period,lat,lon"
# Offers named by their EWC code, all at the same place and of the same size: only what the
# need's sector takes can tell them apart.
OFFERS = [
    "manure,Farm,01.41,material,020106,effluents,2000,t,year,45.10,5.10",
    "fly-ash,Power station,35.11,material,100102,résidus,2000,t,year,45.10,5.10",
    "cardboard,Shop,47.11,material,150101,emballages,2000,t,year,45.10,5.10",
    "sawdust,Sawmill,16.10,material,030105,résidus,2000,t,year,45.10,5.10",
]


@pytest.mark.parametrize(
    ("need", "expected"),
    [
        ("biogas,Biogas plant,35.21,material,,intrants recherchés,,,,45.10,5.10", "manure"),
        ("cement,Cement works,23.51,material,,matières recherchées,,,,45.10,5.10", "fly-ash"),
        ("panels,Board mill,16.21,material,,matières recherchées,,,,45.10,5.10", "sawdust"),
        ("mill,Paper mill,17.12,material,,matières recherchées,,,,45.10,5.10", "cardboard"),
    ],
)
def test_a_need_said_only_by_its_sector_ranks_what_the_sector_takes_first(
    need: str, expected: str
) -> None:
    offers = declarations(*OFFERS, header=HEADER, file="offers.csv")
    needs = declarations(need, header=HEADER, file="needs.csv")
    (result,) = match(offers, needs, top=4)
    assert [c.offer_id for c in result.candidates][:1] == [expected]


def test_a_sector_produces_the_family_its_rule_names_not_every_kind_below_it() -> None:
    """A quarry's aggregates are not recycled concrete: an offer said only by its sector is
    about the family the rule names (a need's sector, by contrast, takes every kind of it)."""
    knowledge = load_knowledge()
    produces = knowledge.sector_row("08.11", "produces")
    uses = knowledge.sector_row("42.11", "uses")
    aggregate = knowledge.index["material.mineral.aggregate"]
    natural = knowledge.index["material.mineral.aggregate.natural"]
    recycled = knowledge.index["material.mineral.aggregate.recycled_concrete"]
    assert produces[natural] > 0
    assert produces[recycled] == 0
    assert uses[recycled] >= uses[aggregate] > 0


def test_an_offer_of_a_declared_kind_gets_only_its_sectors_families_of_that_kind() -> None:
    """A power station's fly ash is not also heat and electricity: the families its sector
    produces of other kinds would offer the ash to swimming pools and data centres."""
    (offer,) = declarations(
        "ash,Power station,35.11,material,100102,cendres volantes,,,,,",
        header=HEADER,
        file="offers.csv",
    )
    families = resolve(offer, load_knowledge(), role="offer").families
    assert families[0].resource == "material.mineral.ash.coal_fly_ash"
    assert {f.resource.split(".")[0] for f in families} == {"material"}


def test_a_broader_offer_gets_a_share_of_what_the_sector_takes_of_its_kinds() -> None:
    """Offers often say "verre", "bois" or "métaux": a container glass maker that melts cullet
    may take glass, less surely than cullet itself."""
    knowledge = load_knowledge()
    uses = knowledge.sector_row("23.13", "uses")
    glass = uses[knowledge.index["material.glass"]]
    cullet = uses[knowledge.index["material.glass.cullet"]]
    assert 0.4 * cullet <= glass < cullet
    assert uses[knowledge.index["material"]] == 0


@pytest.mark.parametrize(
    ("offer_row", "need_text"),
    [
        (
            "boues,Traitement de surface,25.61,material,19 08 13*,"
            "Boues de la station de traitement des eaux de process chargées en hydrocarbures,"
            "40,t,month,45.80,4.80",
            "Combustibles et matières de substitution pour notre four",
        ),
        (
            "sludge,Chemical plant,20.14,material,07 01 11*,"
            "Effluent plant sludge with oil and solvent residues,40,t,month,45.80,4.80",
            "Alternative fuels and raw materials for our clinker kiln",
        ),
    ],
)
def test_a_cement_kiln_co_processes_a_hazardous_industrial_sludge(
    offer_row: str, need_text: str
) -> None:
    """Cement kilns co-process industrial effluent sludges, the hazardous oily and paint ones
    included (JRC BREF Cement 2013; Basel co-processing guidelines): the kiln's sector opens
    the hazard gate for them, as it does for spent solvents."""
    offers = declarations(offer_row, header=HEADER, file="offers.csv")
    needs = declarations(
        f"four,Cimenterie,23.51,material,,{need_text},10000,t,year,45.81,4.81",
        "serre,Maraîcher,01.13,material,,Amendement organique pour nos serres,,,,45.81,4.81",
        header=HEADER,
        file="needs.csv",
    )
    kiln, grower = match(offers, needs, knowledge=load_knowledge())
    assert [c.offer_id for c in kiln.candidates][:1] == [offers[0].id]
    assert not kiln.candidates[0].fallback
    assert not grower.candidates  # hazardous sludge is no soil improver for a market garden
