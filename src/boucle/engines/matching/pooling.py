"""Pooling: companies near each other that need the same resource (shared purchasing) or
produce the same output (shared collection).

Declarations are grouped by their main resource family, then clustered by site with DBSCAN
(haversine metric, scikit-learn's ball tree): a group is a chain of sites each within
`radius_km` of another, with at least `min_members` different organisations::

    from boucle.engines.matching import pooling_groups

    for group in pooling_groups(needs, side="need", radius_km=15, lang="fr"):
        print(group.purpose, group.members, group.description)
        # shared purchasing ('a', 'b', 'c') achat groupé « Sciure de bois » : 3 organisations
        # dans un rayon de 4,2 km autour de leur centre ; 170 t/an au total

`purpose` and `resource` are codes, the same in every language; `resource_name`, `total` and
`description` are said in `lang`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from boucle.engines.matching.declarations import Declaration
from boucle.engines.matching.knowledge import Knowledge, load_knowledge
from boucle.engines.matching.messages import DEFAULT_LANGUAGE, Language, in_sentence, language
from boucle.engines.matching.resolve import resolve
from boucle.engines.matching.sides import EARTH_RADIUS_KM
from boucle.engines.matching.units import per_year

__all__ = ["PoolingGroup", "pooling_groups"]

MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class PoolingGroup:
    purpose: str  # "shared purchasing" (needs) or "shared collection" (offers), a code
    resource: str  # resource family id
    resource_name: str
    members: tuple[str, ...]  # declaration ids, in input order
    organisations: tuple[str, ...]
    centre: tuple[float, float]  # lat, lon in degrees
    radius_km: float  # farthest member from the centre
    total: str | None  # "12,000 t/year" when the members' quantities are comparable
    description: str  # the group in one sentence, for a person


def pooling_groups(
    declarations: Sequence[Declaration],
    *,
    side: str = "need",
    radius_km: float = 20.0,
    min_members: int = 2,
    knowledge: Knowledge | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> list[PoolingGroup]:
    """Groups of nearby declarations of one side sharing their main resource family, said in
    language `lang` (`en` or `fr`)."""
    from sklearn.cluster import DBSCAN  # imported here: scikit-learn takes seconds to load

    if not 0 < radius_km < math.inf:
        raise ValueError(f"radius_km must be a number of kilometres above 0, not {radius_km}")
    words = language(lang)
    knowledge = knowledge or load_knowledge()
    role = "offer" if side.startswith("offer") else "need"
    by_family: dict[str, list[int]] = {}
    for i, declaration in enumerate(declarations):
        if declaration.lat is None or declaration.lon is None:
            continue
        resolution = resolve(declaration, knowledge, role=role)
        if resolution.families and resolution.families[0].confidence >= MIN_CONFIDENCE:
            by_family.setdefault(resolution.families[0].resource, []).append(i)
    groups: list[PoolingGroup] = []
    for family, rows in sorted(by_family.items()):
        if len(rows) < min_members:
            continue
        points = np.radians(
            np.array([[declarations[i].lat, declarations[i].lon] for i in rows], dtype=float)
        )
        labels = DBSCAN(
            eps=radius_km / EARTH_RADIUS_KM,
            min_samples=min_members,
            metric="haversine",
            algorithm="ball_tree",
        ).fit_predict(points)
        for label in sorted(set(labels.tolist()) - {-1}):
            members = [rows[k] for k in np.flatnonzero(labels == label)]
            group = _group(declarations, members, family, knowledge, role, words)
            if len(set(group.organisations)) >= min_members:
                groups.append(group)
    groups.sort(key=lambda g: (-len(g.members), g.resource, g.members))
    return groups


def _group(
    declarations: Sequence[Declaration],
    members: list[int],
    family: str,
    knowledge: Knowledge,
    role: str,
    words: Language,
) -> PoolingGroup:
    chosen = [declarations[i] for i in members]
    lat = float(np.mean([d.lat for d in chosen if d.lat is not None]))
    lon = float(np.mean([d.lon for d in chosen if d.lon is not None]))
    radius = max(
        _km(lat, lon, d.lat, d.lon) for d in chosen if d.lat is not None and d.lon is not None
    )
    rates: dict[str, float] = {}
    complete = True
    for d in chosen:
        if d.quantity is None or d.unit is None:
            complete = False
            continue
        unit_family, rate = per_year(d.quantity, d.unit, d.period)
        rates[unit_family] = rates.get(unit_family, 0.0) + rate
    total = None
    if complete and len(rates) == 1:
        ((unit_family, rate),) = rates.items()
        total = words.rate(rate, unit_family)
    name = knowledge.name_in(family, words.code)
    organisations = tuple(d.organisation or d.id for d in chosen)
    description = words.say(
        f"pooling.{role}" if total is None else f"pooling.{role}_total",
        resource=in_sentence(name),
        count=str(len(set(organisations))),
        radius=words.km(radius),
        total=total or "",
    )
    return PoolingGroup(
        purpose="shared purchasing" if role == "need" else "shared collection",
        resource=family,
        resource_name=name,
        members=tuple(d.id for d in chosen),
        organisations=organisations,
        centre=(round(lat, 5), round(lon, 5)),
        radius_km=round(radius, 2),
        total=total,
        description=description,
    )


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))
