"""The engines are plain Python: importing any of them must not pull in Django.

Each engine is meant to run where Django is not installed (a Dask worker, a notebook, the
`boucle match` and `boucle mfa` commands on files), so an engine that imports Django, even
indirectly through an app, is a bug. The test walks the package, so every engine added later is
checked without touching this file.
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import boucle.engines

# Imports each module in turn in a fresh interpreter and names the first one that brings in a
# forbidden package, so the failure says where to look.
_PROBE = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
    loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
    if loaded:
        print(f"{name} imports {loaded[0]}")
        sys.exit(1)
print("pure")
"""


def engine_modules() -> list[str]:
    names = [boucle.engines.__name__]
    for info in pkgutil.walk_packages(boucle.engines.__path__, prefix="boucle.engines."):
        names.append(info.name)
    return names


def test_the_walk_finds_the_engines_package_and_its_modules() -> None:
    names = engine_modules()

    assert names[0] == "boucle.engines"
    on_disk = {
        path.with_suffix("").name
        for path in Path(boucle.engines.__path__[0]).rglob("*.py")
        if path.name != "__init__.py"
    }
    assert on_disk <= {name.rsplit(".", 1)[-1] for name in names}


def test_importing_every_engine_leaves_django_unloaded() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}

    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _PROBE, *engine_modules()],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "pure"
