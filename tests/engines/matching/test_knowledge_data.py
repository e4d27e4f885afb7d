"""The resource knowledge base shipped with the matching engine is complete and consistent.

These tests read the CSV files in `src/boucle/engines/matching/data/` with the csv module only,
so they check the data itself, whatever the engine does with it.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import cache

import pytest

from boucle.engines.matching.knowledge import DATA_DIR, load_knowledge

from .helpers import shipped_rows

KINDS = {"material", "energy", "water", "equipment", "logistics", "expertise", "space"}


@cache
def ewc() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in shipped_rows("ewc.csv")}


@cache
def resource_ids() -> frozenset[str]:
    return frozenset(row["id"] for row in shipped_rows("resources.csv"))


def names_a_resource(reference: str) -> bool:
    """A rule may name a resource id or an id prefix that stands for a whole family."""
    return reference in resource_ids() or any(
        rid.startswith(reference + ".") for rid in resource_ids()
    )


@pytest.mark.parametrize(
    "name",
    ["ewc.csv", "nace.csv", "resources.csv", "substitutions.csv", "sector_uses.csv", "trades.csv"],
)
def test_every_file_is_utf8_with_a_header_and_no_trailing_spaces(name: str) -> None:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines
    assert "," in lines[0]
    assert [n for n, line in enumerate(lines, 1) if line != line.rstrip()] == []
    width = len(next(csv.reader([lines[0]])))
    assert {len(row) for row in csv.reader(lines)} == {width}


def test_the_list_of_waste_has_every_chapter_subchapter_and_entry() -> None:
    levels = Counter(row["level"] for row in shipped_rows("ewc.csv"))
    assert levels == {"chapter": 20, "subchapter": 111, "entry": 842}
    assert len(ewc()) == len(shipped_rows("ewc.csv"))
    chapters = sorted(code for code, row in ewc().items() if row["level"] == "chapter")
    assert chapters == [f"{n:02d}" for n in range(1, 21)]


def test_list_of_waste_codes_are_digits_under_their_parent() -> None:
    width = {"chapter": 2, "subchapter": 4, "entry": 6}
    for code, row in ewc().items():
        assert code.isdigit(), code
        assert len(code) == width[row["level"]], code
        if row["level"] == "chapter":
            assert row["parent"] == ""
        else:
            assert row["parent"] == code[:-2], code
            assert row["parent"] in ewc(), code


def test_hazardous_entries_follow_the_asterisks_of_the_legal_text() -> None:
    entries = [row for row in shipped_rows("ewc.csv") if row["level"] == "entry"]
    assert {row["hazardous"] for row in entries} == {"0", "1"}
    assert sum(row["hazardous"] == "1" for row in entries) == 408
    hazardous = {code for code, row in ewc().items() if row["hazardous"] == "1"}
    # FGD gypsum and coal fly ash are not hazardous; oil fly ash is (10 01 04*).
    assert {"100105", "100102", "170802", "190805", "160103"}.isdisjoint(hazardous)
    assert {"100104", "100109", "130205", "170605", "200121"} <= hazardous
    # Entries added or made hazardous by Decision 2014/955/EU.
    assert {"010310", "160307", "190308", "061305"} <= hazardous


def test_list_of_waste_labels_are_there_in_english_and_french() -> None:
    for code, row in ewc().items():
        assert row["label_en"].strip(), code
        assert row["label_fr"].strip(), code
    assert ewc()["100105"]["label_en"].startswith("calcium-based reaction wastes")
    assert "désulfuration" in ewc()["100105"]["label_fr"]
    assert ewc()["190805"]["label_fr"] == "boues provenant du traitement des eaux usées urbaines"


def test_nace_runs_from_sections_to_classes_with_both_labels() -> None:
    nace = {row["code"]: row for row in shipped_rows("nace.csv")}
    assert len(nace) == len(shipped_rows("nace.csv"))
    levels = Counter(row["level"] for row in shipped_rows("nace.csv"))
    assert levels == {"section": 21, "division": 88, "group": 272, "class": 615}
    for code, row in nace.items():
        assert row["label_en"].strip(), code
        assert row["label_fr"].strip(), code
        if row["level"] == "section":
            assert row["parent"] == ""
        else:
            assert row["parent"] in nace, code
    assert nace["23.62"]["label_en"] == "Manufacture of plaster products for construction purposes"
    assert nace["35.30"]["parent"] == "35.3"
    assert nace["35"]["parent"] == "D"


def test_resource_ids_are_unique_and_hang_from_existing_parents() -> None:
    ids = [row["id"] for row in shipped_rows("resources.csv")]
    assert len(ids) == len(set(ids))
    assert 150 <= len(ids) <= 700
    for row in shipped_rows("resources.csv"):
        assert row["kind"] in KINDS, row["id"]
        assert row["id"].split(".")[0] == row["kind"], row["id"]
        if "." in row["id"]:
            assert row["parent"] == row["id"].rsplit(".", 1)[0]
            assert row["parent"] in ids
        else:
            assert row["parent"] == ""
    assert {row["kind"] for row in shipped_rows("resources.csv")} == KINDS


def test_resources_are_named_in_both_languages_with_synonyms() -> None:
    for row in shipped_rows("resources.csv"):
        for column in ("name_en", "name_fr", "synonyms_en", "synonyms_fr"):
            assert row[column].strip(), (row["id"], column)
    fgd = next(row for row in shipped_rows("resources.csv") if row["id"].endswith("fgd_gypsum"))
    assert "FGD gypsum" in fgd["synonyms_en"].split("|")
    assert "gypse DSG" in fgd["synonyms_fr"].split("|")


def test_every_ewc_code_of_a_resource_is_an_entry_of_the_list() -> None:
    for row in shipped_rows("resources.csv"):
        for code in filter(None, row["ewc"].split("|")):
            assert ewc().get(code, {}).get("level") == "entry", (row["id"], code)
    families = {
        row["id"] for row in shipped_rows("resources.csv") if "100105" in row["ewc"].split("|")
    }
    assert "material.mineral.gypsum.fgd_gypsum" in families


def test_substitutions_name_known_resources_with_a_strength_and_a_source() -> None:
    subs = shipped_rows("substitutions.csv")
    assert 80 <= len(subs) <= 600
    pairs = [(row["offer"], row["need"]) for row in subs]
    assert len(pairs) == len(set(pairs))
    for row in subs:
        assert names_a_resource(row["offer"]), row
        assert names_a_resource(row["need"]), row
        assert 0 < float(row["strength"]) <= 1, row
        assert row["rationale"].strip(), row
        assert row["source"].strip(), row
    assert ("material.mineral.gypsum.fgd_gypsum", "material.mineral.gypsum") in pairs
    assert ("material.mineral.ash.coal_fly_ash", "material.mineral.scm") in pairs
    assert ("material.chemical.sulphur", "material.chemical.sulphuric_acid") in pairs


def test_sector_uses_name_known_sectors_and_resources() -> None:
    nace = {row["code"] for row in shipped_rows("nace.csv")}
    for row in shipped_rows("sector_uses.csv"):
        assert row["nace"] in nace, row
        assert names_a_resource(row["resource"]), row
        assert row["direction"] in {"uses", "produces"}, row
        assert 0 < float(row["strength"]) <= 1, row
        assert row["rationale"].strip(), row
        assert row["source"].strip(), row
    triples = [(r["nace"], r["resource"], r["direction"]) for r in shipped_rows("sector_uses.csv")]
    assert len(triples) == len(set(triples))
    assert ("23.62", "material.mineral.gypsum", "uses") in triples


def test_every_trade_names_a_sector_that_produces_something() -> None:
    # A trade name is read for what its sector produces: a sector without such a rule would
    # make the name say nothing.
    nace = {row["code"] for row in shipped_rows("nace.csv")}
    knowledge = load_knowledge()
    for row in shipped_rows("trades.csv"):
        assert row["nace"] in nace, row
        assert row["names_en"].strip(), row
        assert row["names_fr"].strip(), row
        assert row["source"].strip(), row
        assert knowledge.sector_row(row["nace"], "produces").any(), row


def test_every_substitution_has_a_french_rationale() -> None:
    for row in shipped_rows("substitutions.csv"):
        assert row["rationale_fr"].strip(), (row["offer"], row["need"])


def test_most_list_of_waste_entries_name_a_family() -> None:
    # Every entry that names a recoverable stream should lead to a family; the "99" entries
    # ("wastes not otherwise specified") and a few hazardous leftovers name none.
    listed = {
        code for row in shipped_rows("resources.csv") for code in row["ewc"].split("|") if code
    }
    entries = [
        code for code, row in ewc().items() if row["level"] == "entry" and not code.endswith("99")
    ]
    covered = sum(code in listed for code in entries)
    assert covered / len(entries) >= 0.86, f"{covered} of {len(entries)}"


def listed_as_unmapped() -> set[str]:
    """The entries `SOURCES.md` lists as naming no family on purpose, each with its reason."""
    text = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    start = text.index("name no family, on purpose")
    section = text[start : text.index("\n## ", start)]
    return {"".join(code) for code in re.findall(r"\b(\d\d) (\d\d) (\d\d)\b", section)}


def test_every_list_of_waste_entry_is_mapped_or_said_unmapped_on_purpose() -> None:
    # A declaration with an unmapped code gets only the code's label words: each such entry is
    # a choice, with its reason in SOURCES.md, never an oversight.
    listed = {
        code for row in shipped_rows("resources.csv") for code in row["ewc"].split("|") if code
    }
    entries = {code for code, row in ewc().items() if row["level"] == "entry"}
    unmapped = listed_as_unmapped()
    assert sorted(entries - listed - unmapped) == []
    assert sorted(unmapped & listed) == []
    assert unmapped <= entries
    sources = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert f"{len(listed)} of the {len(entries)} List of Waste entries mapped" in sources
    assert f"These {len(unmapped)} entries name no family, on purpose" in sources


@pytest.mark.parametrize("container", ["equipment.pallets", "equipment.crates_bins"])
def test_a_pallet_or_a_crate_is_reusable_packaging_but_no_drum(container: str) -> None:
    from boucle.engines.matching import load_knowledge

    knowledge = load_knowledge()
    assert knowledge.compatibility(container, "material.packaging")[0] >= 0.6
    assert knowledge.compatibility(container, "material.packaging.drums_ibc")[0] < 0.25


@pytest.mark.parametrize(
    ("family", "hazardous"),
    [
        ("material.chemical.solvents", True),
        ("material.chemical.waste_oil", True),
        ("material.chemical.oily_water", True),
        ("material.mineral.ash.apc_residue", True),
        ("material.hazardous_misc", True),
        ("material.healthcare_waste", True),
        ("material.chemical.spent_bleaching_earth", False),
        ("material.chemical.offspec_chemicals", False),
        ("material.chemical.paint_ink", False),
        ("water.wastewater", False),
    ],
)
def test_a_family_is_hazardous_only_when_all_its_entries_are(family: str, hazardous: bool) -> None:
    # One non-hazardous "mirror" entry (antifreeze "other than" 16 01 14*) would clear a whole
    # family's flag, so families of starred entries only stay hazardous; and refinery filter
    # clays (05 01 15*) beside the spent filter aids of beverages (02 07 03) leave "terre de
    # blanchiment" said in words alone clean: there the starred code says the hazard.
    from boucle.engines.matching import load_knowledge

    knowledge = load_knowledge()
    assert bool(knowledge.hazardous_family[knowledge.index[family]]) is hazardous, family


def test_clean_cardboard_boxes_are_reusable_packaging_before_paper_for_recycling() -> None:
    from boucle.engines.matching import load_knowledge

    knowledge = load_knowledge()
    assert knowledge.compatibility("material.paper.cardboard", "material.packaging")[0] >= 0.5
