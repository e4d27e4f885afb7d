"""Bulk import of lots: 1,000 rows from CSV and from XLSX, against `lot_create` called directly.

    python -m benchmarks.lots_import                       # SQLite, in a temporary data directory
    python -m benchmarks.lots_import --rows 5000
    python -m benchmarks.lots_import --database-url postgres://postgres@127.0.0.1:5432/scratch

(the PostgreSQL database is migrated, and the benchmark's rows stay in it: give a scratch one.)

The import (`boucle.marketplace.services.bulk.lots_import`) reads the file, parses every cell,
and creates each row's lot through `lot_create` inside one transaction. The baseline creates the
same lots with `lot_create` in one transaction, from values already typed: the ratio says what
reading and checking the file adds to the creation itself. The exports of the lots (CSV, XLSX)
are timed too. Each import runs in a transaction rolled back at the end, so every run starts
from the same empty table.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

HEADER = (
    "site,title,description,category,brand,condition,quantity,unit,min_order_quantity,"
    "unit_price,vat_rate,retail_value,cost_price,weight_kg,pickup,delivery,available_until"
)


def row(i: int) -> str:
    return (
        f"Entrepôt,Chaise de bureau modèle {i},Fin de série n° {i}; dossier réglable,"
        f'furniture.seating,Sedia,new_packaged,{10 + i % 50},unit,1,"12,50",20,89,31,'
        f'"14,5",yes,no,2099-06-30'
    )


def values(i: int) -> dict[str, Any]:
    return {
        "title": f"Chaise de bureau modèle {i}",
        "description": f"Fin de série n° {i}; dossier réglable",
        "category": "furniture.seating",
        "brand": "Sedia",
        "condition": "new_packaged",
        "quantity": 10 + i % 50,
        "unit": "unit",
        "min_order_quantity": 1,
        "unit_price": Decimal("12.50"),
        "vat_rate": "20.0",
        "retail_value": Decimal("89"),
        "cost_price": Decimal("31"),
        "weight_kg": Decimal("14.5"),
        "pickup": True,
        "delivery": False,
        "available_until": date(2099, 6, 30),
    }


def configure(database_url: str | None, data_dir: str) -> None:
    os.environ["BOUCLE_DATA_DIR"] = data_dir
    os.environ.pop("BOUCLE_ENV", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "boucle.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


class _Rollback(Exception):
    pass


def timed_in_rollback(func: Callable[[], object]) -> tuple[float, float]:
    """Seconds (wall clock, and this process's CPU) `func` takes inside a transaction that is
    then rolled back. On a shared machine the CPU time says what the wall clock would be alone
    (on SQLite, which runs in this process)."""
    from django.db import transaction

    start, cpu = time.perf_counter(), time.process_time()
    try:
        with transaction.atomic():
            func()
            elapsed = time.perf_counter() - start, time.process_time() - cpu
            raise _Rollback
    except _Rollback:
        pass
    return elapsed


def timed(func: Callable[[], object]) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    func()
    return time.perf_counter() - start, time.process_time() - cpu


def run(rows: int) -> list[tuple[str, tuple[float, float]]]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from openpyxl import Workbook

    from boucle.accounts import services
    from boucle.accounts.models import Organisation, Site, SiteKind, VerificationStatus
    from boucle.geo.models import Commune
    from boucle.marketplace import exports
    from boucle.marketplace.services.bulk import lots_import
    from boucle.marketplace.services.lots import lot_create

    user = services.user_create(email=f"bench-{time.time_ns()}@boucle.example", password="x" * 20)
    organisation: Organisation = services.organisation_create(
        user=user, name=f"Banc d'essai {time.time_ns()}", kind="company", siren="732829320"
    )
    organisation.verification_status = VerificationStatus.VERIFIED
    organisation.save()
    commune = Commune.objects.get(insee_code="69387")
    site = Site.objects.create(
        organisation=organisation,
        name="Entrepôt",
        kind=SiteKind.WAREHOUSE,
        address="1 rue de l'Exemple",
        postcode="69007",
        commune=commune,
        latitude=commune.latitude,
        longitude=commune.longitude,
    )
    csv_bytes = ("\n".join([HEADER, *(row(i) for i in range(rows))]) + "\n").encode()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Lots"
    sheet.append(HEADER.split(","))
    for i in range(rows):
        v = values(i)
        sheet.append(["Entrepôt"] + [v[name] for name in HEADER.split(",")[1:] if name != "site"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    xlsx_bytes = buffer.getvalue()

    def import_file(data: bytes, name: str) -> Callable[[], object]:
        return lambda: lots_import(
            actor=user,
            organisation=organisation,
            upload=SimpleUploadedFile(name, data),
            filename=name,
        )

    def create_directly() -> None:
        for i in range(rows):
            lot_create(actor=user, site=site, **values(i))

    results = [
        ("lot_create x rows (baseline)", timed_in_rollback(create_directly)),
        ("import CSV", timed_in_rollback(import_file(csv_bytes, "lots.csv"))),
        ("import XLSX", timed_in_rollback(import_file(xlsx_bytes, "lots.xlsx"))),
    ]
    import_file(csv_bytes, "lots.csv")()  # kept, for the exports
    results.append(("export lots CSV", timed(lambda: "".join(exports.lots_csv(organisation)))))
    results.append(("export lots XLSX", timed(lambda: exports.lots_xlsx(organisation))))
    print(f"{connection.vendor}, {rows:,} rows", file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--database-url", help="a scratch PostgreSQL database (default: SQLite)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as data_dir:
        configure(args.database_url, data_dir)
        results = run(args.rows)
    baseline = results[0][1][0]
    for name, (seconds, cpu) in results:
        print(
            f"{name:32} {seconds:7.2f} s ({cpu:6.2f} s CPU)   {seconds / baseline:5.2f} x baseline"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
