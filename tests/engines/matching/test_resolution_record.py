"""A resolution built the fast way (`resolve._resolution`, without the frozen dataclass's
`__init__`) is the one the dataclass builds: same fields, equal, and a field added to the
class without being given here would fail."""

from __future__ import annotations

import dataclasses

from boucle.engines.matching import load_knowledge
from boucle.engines.matching.resolve import Resolution, _resolution, resolve

from .helpers import declarations


def test_a_fast_resolution_equals_the_dataclass_one() -> None:
    (declaration,) = declarations("x,,38.32,material,17 06 05*,Déchets amiantés en big-bags,,,,,")
    resolved = resolve(declaration, load_knowledge(), role="offer")
    fields = {f.name: getattr(resolved, f.name) for f in dataclasses.fields(Resolution)}

    assert Resolution(**fields) == _resolution(**fields) == resolved
    assert set(vars(resolved)) == set(fields)
