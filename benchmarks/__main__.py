"""Measures the foundation's hot paths against a baseline in the same run: `make bench`.

Each line times an operation and a baseline doing the least the same job needs, on the same
data, and prints the ratio: the ratio says what the operation adds, whatever the machine.

- API-key authentication (`apikey_authenticate`: hash, indexed lookup, membership check) against
  fetching the same key row by primary key; and a password login against the same API-key
  authentication, since a password hash is meant to be slow.
- Communes a postcode serves (`communes_for_postcode`, what the site form asks on each keystroke)
  against fetching one commune by its INSEE code.

- Material flow accounts (`benchmarks/mfa.py`, also `python -m benchmarks.mfa`): 101
  départements over 30 years and ten million trade rows aggregated to régions and France, the
  engine against a pandas implementation, with peak memory.

- Marketplace search (`python -m benchmarks.marketplace_search`, run on its own: it builds
  100,000 lots on SQLite and on a scratch PostgreSQL database, minutes each): the search API's
  latency against a naive `icontains` scan, and the search page's requests per second under
  gunicorn.

Runs on a temporary SQLite database, migrated first (which loads the communes: ~10 s).
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    name: str
    baseline: str
    seconds: float  # per call, best of the repeats
    baseline_seconds: float

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline_seconds


def best_per_call(func: Callable[[], object], *, number: int, repeat: int = 5) -> float:
    """The fastest of `repeat` runs of `number` calls, per call, in seconds."""
    func()  # warm caches and lazy imports
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        timings.append((time.perf_counter() - start) / number)
    return min(timings)


def configure(data_dir: str) -> None:
    os.environ["BOUCLE_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("BOUCLE_ENV", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "boucle.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def run() -> list[Result]:
    from django.contrib.auth import authenticate

    from boucle.accounts import services
    from boucle.accounts.models import ApiKey
    from boucle.geo.models import Commune
    from boucle.geo.selectors import communes_for_postcode

    password = secrets.token_urlsafe(16)
    user = services.user_create(email="bench@boucle.example", password=password)
    organisation = services.organisation_create(
        user=user, name="Banc d'essai", kind="company", siren="732829320"
    )
    key, secret = services.apikey_create(user=user, organisation=organisation, name="bench")

    results = []
    apikey = best_per_call(lambda: services.apikey_authenticate(secret), number=300)
    by_pk = best_per_call(lambda: ApiKey.objects.get(pk=key.pk), number=300)
    results.append(Result("API-key authentication", "ApiKey by primary key", apikey, by_pk))
    login = best_per_call(
        lambda: authenticate(email=user.email, password=password), number=2, repeat=3
    )
    results.append(Result("password login", "API-key authentication", login, apikey))
    postcode = best_per_call(lambda: communes_for_postcode("69100"), number=300)
    insee = best_per_call(lambda: Commune.objects.get(insee_code="69266"), number=300)
    results.append(Result("communes for a postcode", "commune by INSEE code", postcode, insee))
    return results


def format_results(results: list[Result]) -> str:
    rows = [("operation", "per call", "baseline", "baseline per call", "ratio")]
    for r in results:
        rows.append(
            (
                r.name,
                f"{r.seconds * 1e6:,.0f} µs",
                r.baseline,
                f"{r.baseline_seconds * 1e6:,.0f} µs",
                f"{r.ratio:.1f}x",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def main() -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="boucle-bench-") as data_dir:
        configure(data_dir)
        results = run()
        from django.db import connection

        vendor = connection.vendor
        connection.close()
    print(format_results(results))
    print(f"\n{vendor}, Python {sys.version.split()[0]}, {time.perf_counter() - started:.0f} s")
    # The material flow accounts engine, against pandas (benchmarks/mfa.py; no database).
    from benchmarks import mfa

    print()
    return mfa.main([])


if __name__ == "__main__":
    sys.exit(main())
