"""What `boucle match` prints: JSON or CSV, from declarations already read.

JSON: `{"matches": [{"need_id": "...", "candidates": [{"offer_id": "...", "score": 0.87,
"distance_km": 1.2, "reasons": ["..."], "parts": {"resource": 0.48, ...}}]}]}`; with
`reverse`, `offer_id` and candidates of needs; with pooling, a `pooling` list beside
`matches`. CSV: one row per candidate with its rank, the weighted part of each criterion and
the reasons joined by "; ". Keys, column names and codes are English whatever `lang`; only the
sentences (reasons, a pooling group's resource name, total and description) are in `lang`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from boucle.engines.matching.declarations import Declaration
from boucle.engines.matching.knowledge import Knowledge, load_knowledge
from boucle.engines.matching.match import Candidate, match, match_reverse
from boucle.engines.matching.messages import DEFAULT_LANGUAGE, language
from boucle.engines.matching.pooling import pooling_groups
from boucle.engines.matching.score import WEIGHTS

__all__ = ["render"]


def render(
    offers: Sequence[Declaration],
    needs: Sequence[Declaration],
    *,
    top: int,
    max_km: float | None,
    reverse: bool,
    pooling_km: float | None,
    output_format: str,
    knowledge: Knowledge | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> str:
    words = language(lang)
    knowledge = knowledge or load_knowledge()
    key, other = ("offer_id", "need_id") if reverse else ("need_id", "offer_id")
    results: list[tuple[str, tuple[Candidate, ...]]]
    if reverse:
        found = match_reverse(offers, needs, top=top, max_km=max_km, knowledge=knowledge, lang=lang)
        results = [(r.offer_id, r.candidates) for r in found]
    else:
        found_needs = match(offers, needs, top=top, max_km=max_km, knowledge=knowledge, lang=lang)
        results = [(r.need_id, r.candidates) for r in found_needs]
    pools: list[dict[str, Any]] = []
    if pooling_km is not None:
        for side, declarations in (("need", needs), ("offer", offers)):
            for group in pooling_groups(
                declarations, side=side, radius_km=pooling_km, knowledge=knowledge, lang=lang
            ):
                pools.append(
                    {
                        "purpose": group.purpose,
                        "resource": group.resource,
                        "resource_name": group.resource_name,
                        "members": list(group.members),
                        "organisations": list(group.organisations),
                        "centre": list(group.centre),
                        "radius_km": group.radius_km,
                        "total": group.total,
                        "description": group.description,
                    }
                )
    if output_format == "json":
        document: dict[str, Any] = {
            "matches": [
                {
                    key: identifier,
                    "candidates": [
                        {
                            other: getattr(c, other),
                            "score": c.score,
                            "distance_km": c.distance_km,
                            "reasons": list(c.reasons),
                            "parts": c.parts,
                        }
                        for c in candidates
                    ],
                }
                for identifier, candidates in results
            ]
        }
        if pooling_km is not None:
            document["pooling"] = pools
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [key, "rank", other, "score", "distance_km", "partial_supply", *WEIGHTS, "reasons"]
    )
    for identifier, candidates in results:
        for rank, c in enumerate(candidates, start=1):
            writer.writerow(
                [
                    identifier,
                    rank,
                    getattr(c, other),
                    c.score,
                    "" if c.distance_km is None else c.distance_km,
                    "yes" if c.partial_supply else "no",
                    *(c.parts[name] for name in WEIGHTS),
                    words.say("reasons.separator").join(c.reasons),
                ]
            )
    if pooling_km is not None and pools:
        buffer.write("\n")
        writer.writerow(
            [
                "purpose",
                "resource",
                "members",
                "organisations",
                "radius_km",
                "total",
                "description",
            ]
        )
        for pool in pools:
            writer.writerow(
                [
                    pool["purpose"],
                    pool["resource"],
                    "|".join(pool["members"]),
                    "|".join(pool["organisations"]),
                    pool["radius_km"],
                    pool["total"] or "",
                    pool["description"],
                ]
            )
    return buffer.getvalue()
