"""`boucle match` on files, called in-process as the console script calls it."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

from boucle.cli import main

from .helpers import HEADER, KNOWLEDGE_DIR

OFFERS = [
    "fgd,Centrale Nord,35.11,material,10 01 05,Gypse DSG sec,80000,t,year,49.90,2.30",
    "offcuts,Démolition,,material,17 08 02,chutes de plaques de plâtre,5000,t,year,49.50,2.80",
]
NEEDS = [
    "placo,Plâtrerie,23.62,material,,gypsum for our plasterboard plant,150000,t,year,49.92,2.32",
    "placo2,Plâtrerie bis,23.62,material,,gypse,1000,t,year,49.93,2.33",
]


def files(tmp_path: Path, offers: list[str] = OFFERS, needs: list[str] = NEEDS) -> list[str]:
    paths = []
    for name, rows in (("offers.csv", offers), ("needs.csv", needs)):
        path = tmp_path / name
        path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
        paths.append(str(path))
    return [*paths, "--knowledge", str(KNOWLEDGE_DIR)]


def test_it_prints_the_candidates_of_each_need_as_json(tmp_path: Path, capsys: Any) -> None:
    # (Without the semantic view, which adds its part: test_meaning.py.)
    code = main(["match", *files(tmp_path), "--top", "2", "--no-semantic"])

    assert code == 0
    document = json.loads(capsys.readouterr().out)
    assert list(document) == ["matches"]
    first = document["matches"][0]
    assert first["need_id"] == "placo"
    assert [c["offer_id"] for c in first["candidates"]] == ["fgd", "offcuts"]
    best = first["candidates"][0]
    assert set(best) == {"offer_id", "score", "distance_km", "reasons", "parts", "fallback"}
    assert 0 < best["score"] <= 1
    assert best["distance_km"] == 2.645
    assert "2.6 km" in best["reasons"]
    assert "80,000 t/year offered for 150,000 t/year needed: covers 53 %" in best["reasons"]
    assert set(best["parts"]) == {"resource", "distance", "text", "quantity"}
    assert abs(sum(best["parts"].values()) - best["score"]) < 0.001


def test_lang_fr_gives_french_reasons_under_the_same_keys(tmp_path: Path, capsys: Any) -> None:
    code = main(["match", *files(tmp_path), "--top", "1", "--lang", "fr"])

    assert code == 0
    document = json.loads(capsys.readouterr().out)
    best = document["matches"][0]["candidates"][0]
    assert set(best) == {"offer_id", "score", "distance_km", "reasons", "parts", "fallback"}
    assert best["reasons"][0].startswith(
        "même famille de ressources\u00a0: gypse de désulfuration → gypse (matière première)"
    )
    assert "2,6\u00a0km" in best["reasons"]
    assert (
        "80\u00a0000\u00a0t/an proposées pour 150\u00a0000\u00a0t/an demandées\u00a0: "
        "couvre 53\u00a0%"
    ) in best["reasons"]


def test_lang_fr_csv_opens_in_a_french_spreadsheet(tmp_path: Path, capsys: Any) -> None:
    # As the marketplace's exports: a BOM (or Excel reads Windows-1252 and garbles accents),
    # semicolons (a French Excel splits on them) and decimal commas (12.5 would be text).
    code = main(["match", *files(tmp_path), "--format", "csv", "--top", "1", "--lang", "fr"])

    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeffneed_id;rank;offer_id;score;")
    header, first = list(csv.reader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))[:2]
    assert header[-1] == "reasons"  # column names stay English
    assert 0 < float(first[3].replace(",", ".")) <= 1
    assert first[4] == "2,645"  # distance_km
    reasons = first[-1].split("\u00a0; ")
    assert reasons[2] == "2,6\u00a0km"
    assert reasons[3].startswith("80\u00a0000\u00a0t/an proposées")


def test_english_csv_has_commas_and_decimal_points(tmp_path: Path, capsys: Any) -> None:
    code = main(["match", *files(tmp_path), "--format", "csv", "--top", "1"])

    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeffneed_id,rank,offer_id,score,")
    first = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))[1]
    assert first[4] == "2.645"


def test_english_is_the_default(tmp_path: Path, capsys: Any) -> None:
    main(["match", *files(tmp_path)])
    default = capsys.readouterr().out
    main(["match", *files(tmp_path), "--lang", "en"])

    assert capsys.readouterr().out == default


def test_an_unknown_lang_is_an_error_naming_the_option(tmp_path: Path, capsys: Any) -> None:
    code = main(["match", *files(tmp_path), "--lang", "de"])

    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err == "error: lang: --lang must be en or fr, not 'de'.\n"


def test_reverse_and_max_km(tmp_path: Path, capsys: Any) -> None:
    code = main(["match", *files(tmp_path), "--reverse", "--max-km", "10"])

    assert code == 0
    document = json.loads(capsys.readouterr().out)
    by_offer = {m["offer_id"]: {c["need_id"] for c in m["candidates"]} for m in document["matches"]}
    assert by_offer == {"fgd": {"placo", "placo2"}, "offcuts": set()}


def test_csv_output_has_a_row_per_candidate_with_its_parts(tmp_path: Path, capsys: Any) -> None:
    code = main(["match", *files(tmp_path), "--format", "csv", "--top", "1", "--no-semantic"])

    assert code == 0
    lines = capsys.readouterr().out.removeprefix("\ufeff").splitlines()
    assert lines[0] == (
        "need_id,rank,offer_id,score,distance_km,partial_supply,fallback,resource,distance,text,"
        "quantity,reasons"
    )
    assert lines[1].startswith("placo,1,fgd,")
    assert len(lines) == 3


def test_pooling_groups_are_added_on_request(tmp_path: Path, capsys: Any) -> None:
    code = main(["match", *files(tmp_path), "--pooling", "--lang", "fr"])

    assert code == 0
    (group,) = json.loads(capsys.readouterr().out)["pooling"]
    assert group["purpose"] == "shared purchasing"
    assert group["members"] == ["placo", "placo2"]
    assert group["total"] == "151\u00a0000\u00a0t/an"
    assert group["description"].startswith("achat groupé «\u00a0gypse (matière première)\u00a0»")


def test_bad_rows_of_both_files_are_reported_and_nothing_is_printed(
    tmp_path: Path, capsys: Any
) -> None:
    offers = ["o1,A,,material,,x,-5,t,year,49,2"]
    needs = ["n1,B,,liquid,,x,,,,,", "n1,C,,,,x,,,,91,2"]

    code = main(["match", *files(tmp_path, offers, needs)])

    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        f"error: {tmp_path / 'offers.csv'}:2:quantity: the quantity -5 is negative",
        f"error: {tmp_path / 'needs.csv'}:2:kind: unknown kind 'liquid' "
        "(known: material, energy, water, equipment, logistics, expertise, space)",
        f"error: {tmp_path / 'needs.csv'}:3:id: duplicate id 'n1' (first on line 2)",
        f"error: {tmp_path / 'needs.csv'}:3:lat: the latitude 91 is outside -90..90",
    ]


def test_a_missing_file_or_a_folder_is_an_error_naming_it_first(
    tmp_path: Path, capsys: Any
) -> None:
    # As every other problem: `error: file: message`, nothing on stdout.
    nowhere = tmp_path / "nowhere.csv"

    assert main(["match", str(nowhere), str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"error: {nowhere}: no such file or directory\n"
    assert main(["match", str(tmp_path), str(nowhere)]) == 1
    assert capsys.readouterr().err == f"error: {tmp_path}: is a directory\n"


def test_the_command_does_not_set_up_django(tmp_path: Path) -> None:
    import subprocess

    script = (
        "import sys; from boucle.cli import main; code = main(sys.argv[1:]); "
        "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "sys.exit(3 if loaded else code)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script, "match", *files(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["matches"][0]["need_id"] == "placo"


def test_an_offers_file_with_only_its_header_lists_each_need_without_candidates(
    tmp_path: Path, capsys: Any
) -> None:
    for reverse in ([], ["--reverse"]):
        offers, needs = ([], NEEDS) if not reverse else (OFFERS, [])
        code = main(["match", *files(tmp_path, offers, needs), *reverse])

        assert code == 0
        document = json.loads(capsys.readouterr().out)
        assert all(entry["candidates"] == [] for entry in document["matches"])
        assert len(document["matches"]) == 2


# The example files of docs/matching.md, matched with the shipped knowledge as a user would.
EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples" / "matching"
EXAMPLE_FILES = [str(EXAMPLES / "offers.csv"), str(EXAMPLES / "needs.csv")]
HAZARD_REASONS = (
    "offre dangereuse, que le besoin déclare pouvoir accepter",
    "offre dangereuse, du type dangereux que le besoin demande",
    "offre dangereuse, que le secteur du besoin accepte d'ordinaire",
)


def test_the_documented_example_gives_fly_ash_to_the_cement_plant_in_french(capsys: Any) -> None:
    code = main(["match", *EXAMPLE_FILES, "--top", "3", "--lang", "fr"])

    assert code == 0
    by_need = {
        m["need_id"]: m["candidates"] for m in json.loads(capsys.readouterr().out)["matches"]
    }
    assert len(by_need) == len(Path(EXAMPLE_FILES[1]).read_text(encoding="utf-8").splitlines()) - 1
    best = by_need["ciment-lumbres"][0]
    assert best["offer_id"] == "cendres-dk"
    assert best["reasons"][0] == "même famille de ressources\u00a0: cendres volantes de charbon"
    assert "usage du secteur\u00a0: fabrication de ciment (23.51)" in best["reasons"][1]
    assert (
        "12\u00a0000\u00a0t/an proposées pour 20\u00a0000\u00a0t/an demandées" in best["reasons"][3]
    )
    assert by_need["ggbs"][0]["offer_id"] == "laitier-hf"
    assert by_need["aquaculture"][0]["offer_id"] == "eau-tiede"
    assert by_need["chaufferie-bois"][0]["offer_id"] == "sciure"
    # Each need's own max_km (the farm's 30 km, the boiler's 50 km) is respected.
    assert all(c["distance_km"] <= 30 for c in by_need["elevage"])
    assert all(c["distance_km"] <= 50 for c in by_need["chaufferie-bois"])
    # The hazardous solvents go only where a reason says why a hazardous offer may go there.
    for need_id, candidates in by_need.items():
        for candidate in candidates:
            if candidate["offer_id"] == "solvants":
                assert any(r.startswith(HAZARD_REASONS) for r in candidate["reasons"]), need_id
    for need_id in ("chaufferie-bois", "papeterie", "methanisation", "reseau-chaleur", "serres"):
        assert "solvants" not in [c["offer_id"] for c in by_need[need_id]]


def test_the_documented_example_reversed_in_english(capsys: Any) -> None:
    code = main(["match", *EXAMPLE_FILES, "--top", "2", "--reverse"])

    assert code == 0
    by_offer = {
        m["offer_id"]: m["candidates"] for m in json.loads(capsys.readouterr().out)["matches"]
    }
    assert by_offer["laitier-hf"][0]["need_id"] == "ggbs"
    assert by_offer["solvants"][0]["reasons"][0] == "same resource family: spent solvents"


def test_the_documented_example_as_a_french_spreadsheet_with_pooling(capsys: Any) -> None:
    code = main(["match", *EXAMPLE_FILES, "--top", "1", "--format", "csv", "--lang", "fr"])
    code_pooling = main(["match", *EXAMPLE_FILES, "--top", "1", "--pooling", "--lang", "fr"])

    assert (code, code_pooling) == (0, 0)
    spreadsheet, pooled = capsys.readouterr().out.split("\n{\n", 1)
    rows = list(csv.reader(io.StringIO(spreadsheet.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["need_id", "rank", "offer_id", "score"]
    assert all(len(row) == len(rows[0]) for row in rows)
    assert "," in rows[1][3]  # a decimal comma
    groups = {tuple(g["members"]): g for g in json.loads("{\n" + pooled)["pooling"]}
    cardboard = groups[("cartons-hyper", "cartons-loon")]
    assert cardboard["purpose"] == "shared collection"
    assert cardboard["total"] == "420\u00a0t/an"
    assert groups[("palettes-achat", "palettes-export")]["purpose"] == "shared purchasing"


def test_help_says_the_columns_the_formats_and_an_example(capsys: Any) -> None:
    import pytest

    with pytest.raises(SystemExit) as done:
        main(["match", "--help"])

    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "id,organisation,nace,kind,ewc,description,quantity,unit,period,lat,lon,max_km" in text
    assert "only id and description are required" in text
    assert "semicolon" in text  # what a French spreadsheet writes is read
    assert "csv: one row per candidate, for a spreadsheet" in text
    assert "candidates per need (per offer with --reverse)" in text
    assert "boucle match docs/examples/matching/offers.csv" in text
    assert "--lang {en,fr}" in text


def test_distances_that_are_no_distances_are_refused(tmp_path: Path, capsys: Any) -> None:
    said = []
    for option in ("--max-km=nan", "--max-km=-1", "--pooling-km=0", "--pooling-km=inf"):
        assert main(["match", *files(tmp_path), "--pooling", option]) == 1
        out, err = capsys.readouterr()
        assert out == ""
        said.append(err)

    assert said == [
        "error: max-km: --max-km must be a number of kilometres, 0 or more, not nan.\n",
        "error: max-km: --max-km must be a number of kilometres, 0 or more, not -1.0.\n",
        "error: pooling-km: --pooling-km must be a number of kilometres above 0, not 0.0.\n",
        "error: pooling-km: --pooling-km must be a number of kilometres above 0, not inf.\n",
    ]


def test_the_output_is_utf8_whatever_the_console_encoding(tmp_path: Path) -> None:
    # A Windows console or a redirection there is Windows-1252: no BOM, no "→" in it.
    import os
    import subprocess

    script = "import sys; from boucle.cli import main; sys.exit(main(sys.argv[1:]))"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script, "match", *files(tmp_path), "--format", "csv"],
        capture_output=True,
        check=False,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "cp1252"},
    )

    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    text = result.stdout.decode("utf-8")
    assert text.startswith("\ufeffneed_id,")
    assert "→" in text
