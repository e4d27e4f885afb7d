"""`boucle mfa` on real files, in-process as the console script runs it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from boucle.cli import main

ACCOUNTS = """territory,year,flow,category,value,unit
DEP:21,2010,DE,MF1,100,kt
DEP:21,2010,IMP_INT,MF4,20,kt
DEP:21,2010,EXP_INT,MF1,10,kt
DEP:21,2010,DPO_AIR,TOTAL,30,kt
DEP:58,2010,DE,MF3,40,kt
DEP:58,2010,DPO_AIR,TOTAL,8,kt
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "accounts": tmp_path / "accounts.csv",
        "population": tmp_path / "population.csv",
        "trade": tmp_path / "trade.csv",
        "hierarchy": tmp_path / "hierarchy.csv",
    }
    paths["accounts"].write_text(ACCOUNTS)
    paths["population"].write_text(
        "territory,year,population\nDEP:21,2010,500000\nDEP:58,2010,200000\n"
    )
    paths["trade"].write_text(
        "origin,destination,year,category,value,unit\n"
        "DEP:21,DEP:58,2010,NST01,5,kt\nDEP:21,DEP:75,2010,MF4,3,kt\n"
    )
    paths["hierarchy"].write_text("territory,parent\nDEP:21,NORD-EST\nDEP:58,NORD-EST\n")
    return paths


def run(capsys: Any, *argv: str | Path) -> tuple[int, str, str]:
    code = main(["mfa", *(str(arg) for arg in argv)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_it_prints_every_indicator_as_json(files: dict[str, Path], capsys: Any) -> None:
    code, out, err = run(capsys, files["accounts"], "--population", files["population"])

    assert code == 0
    assert err == ""
    results = json.loads(out)["results"]
    dmc = next(
        r
        for r in results
        if (r["territory"], r["indicator"], r["category"]) == ("DEP:21", "DMC", "TOTAL")
    )
    assert dmc["year"] == 2010
    assert dmc["tonnes"] == 110_000.0
    assert dmc["tonnes_per_inhabitant"] == pytest.approx(0.22)
    assert {"territory", "year", "indicator", "category", "tonnes", "tonnes_per_inhabitant"} <= set(
        dmc
    )
    assert {r["indicator"] for r in results} >= {"DE", "IMP", "EXP", "DMI", "DMC", "DPO", "NAS"}


def test_it_aggregates_with_trade_netted_and_prints_csv(
    files: dict[str, Path], capsys: Any
) -> None:
    code, out, _ = run(
        capsys,
        files["accounts"],
        "--trade",
        files["trade"],
        "--hierarchy",
        files["hierarchy"],
        "--reference",
        "NORD-EST",
        "--format",
        "csv",
    )

    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    by_key = {(r["territory"], r["indicator"], r["category"]): r for r in rows}
    assert float(by_key[("DEP:21", "EXP_DOM", "TOTAL")]["tonnes"]) == 8000
    assert float(by_key[("NORD-EST", "EXP_DOM", "TOTAL")]["tonnes"]) == 3000
    assert float(by_key[("DEP:21", "DE", "TOTAL")]["reference_tonnes"]) == 140_000


def test_the_built_in_hierarchy_and_respiration(files: dict[str, Path], capsys: Any) -> None:
    code, out, err = run(
        capsys,
        files["accounts"],
        "--hierarchy",
        "insee",
        "--population",
        files["population"],
        "--respiration",
    )

    assert code == 0
    bi_in = [r for r in json.loads(out)["results"] if r["indicator"] == "BI_IN"]
    assert bi_in[0]["tonnes"] == pytest.approx(500_000 * 365 * 0.68 / 1000)
    # Bourgogne-Franche-Comté has eight départements: two are not enough to compute it.
    assert "note: REG:27 2010: not computed, 6 of its 8 members have no results" in err


def test_bad_input_lists_every_problem_and_prints_nothing(
    tmp_path: Path, files: dict[str, Path], capsys: Any
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "territory,year,flow,category,value,unit\n"
        "DEP:21,2010,DE,MF16,1,kt\n"
        "DEP:21,2010,DE,MF11,1,kg\n"
    )

    code, out, err = run(capsys, bad, "--population", files["population"])

    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "error: bad.csv:2:category: DE (extraction) is given for MF16, a category that exists "
        "only in trade (MF15, MF16, MF23, MF311, MF43, MF5, MF6 and their sub-categories): "
        "extraction exists only for raw materials.",
        "error: bad.csv:3:unit: 'kg' is not a unit of mass the accounts take: give the value "
        "in t, kt, Mt (mixing other units with masses would add unlike things).",
    ]


def test_a_missing_file_is_an_error(tmp_path: Path, capsys: Any) -> None:
    code, out, err = run(capsys, tmp_path / "nowhere.csv")

    assert code == 1
    assert out == ""
    assert "nowhere.csv" in err


def test_the_command_sets_up_no_django(files: dict[str, Path]) -> None:
    import subprocess
    import sys

    probe = (
        "import sys; from boucle.cli import main; "
        f"code = main(['mfa', {str(files['accounts'])!r}]); "
        "assert 'django' not in sys.modules, 'django was imported'; sys.exit(code)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=60
    )

    assert result.returncode == 0, result.stderr
