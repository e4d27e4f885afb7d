"""What `boucle match` prints: JSON or CSV, from declarations already read.

JSON: `{"matches": [{"need_id": "...", "candidates": [{"offer_id": "...", "score": 0.87,
"distance_km": 1.2, "reasons": ["..."], "parts": {"resource": 0.48, ...}}]}]}`; with
`reverse`, `offer_id` and candidates of needs; with pooling, a `pooling` list beside
`matches`. Keys, codes and numbers are the same whatever `lang`; only the sentences (reasons,
a pooling group's resource name, total and description) are in `lang`: JSON is for programs.

CSV is for a spreadsheet opened with a double click, as the marketplace's exports: one row per
candidate with its rank, the weighted part of each criterion and the reasons joined by "; ";
UTF-8 with a BOM (without it Excel reads Windows-1252 and garbles accents); with `lang="fr"`,
semicolons between cells and decimal commas (a French Excel splits on semicolons, and reads
"0.87" as text). Column names and codes stay English.

With `semantic` (the optional model, `meaning`), the parts have a `meaning` key, and the CSV a
`meaning` column after `quantity`.
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
from boucle.engines.matching.messages import DEFAULT_LANGUAGE, Language, language
from boucle.engines.matching.pooling import pooling_groups
from boucle.engines.matching.score import WEIGHTS

__all__ = ["render"]

BOM = "\ufeff"
Results = list[tuple[str, tuple[Candidate, ...]]]  # (need or offer id, its candidates)


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
    semantic: bool = False,
) -> str:
    words = language(lang)
    knowledge = knowledge or load_knowledge()
    results: Results
    if reverse:
        found = match_reverse(
            offers, needs, top=top, max_km=max_km, knowledge=knowledge, lang=lang, semantic=semantic
        )
        results = [(r.offer_id, r.candidates) for r in found]
    else:
        found_needs = match(
            offers, needs, top=top, max_km=max_km, knowledge=knowledge, lang=lang, semantic=semantic
        )
        results = [(r.need_id, r.candidates) for r in found_needs]
    pools = None
    if pooling_km is not None:
        pools = _pools(offers, needs, radius_km=pooling_km, knowledge=knowledge, lang=lang)
    if output_format == "json":
        return _json(results, pools, reverse=reverse)
    criteria = [*WEIGHTS, "meaning"] if semantic else list(WEIGHTS)
    return _csv(results, pools, reverse=reverse, words=words, criteria=criteria)


def _pools(
    offers: Sequence[Declaration],
    needs: Sequence[Declaration],
    *,
    radius_km: float,
    knowledge: Knowledge,
    lang: str,
) -> list[dict[str, Any]]:
    pools: list[dict[str, Any]] = []
    for side, declarations in (("need", needs), ("offer", offers)):
        for group in pooling_groups(
            declarations, side=side, radius_km=radius_km, knowledge=knowledge, lang=lang
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
    return pools


def _ids(reverse: bool) -> tuple[str, str]:
    """(the key of an entry, the key of its candidates)."""
    return ("offer_id", "need_id") if reverse else ("need_id", "offer_id")


def _json(results: Results, pools: list[dict[str, Any]] | None, *, reverse: bool) -> str:
    key, other = _ids(reverse)
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
                        "fallback": c.fallback,
                    }
                    for c in candidates
                ],
            }
            for identifier, candidates in results
        ]
    }
    if pools is not None:
        document["pooling"] = pools
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _csv(
    results: Results,
    pools: list[dict[str, Any]] | None,
    *,
    reverse: bool,
    words: Language,
    criteria: list[str],
) -> str:
    key, other = _ids(reverse)
    french = words.decimal == ","
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=";" if french else ",", lineterminator="\n")

    def number(value: float | None) -> str:
        if value is None:
            return ""
        # Plain digits, never an exponent (1e-05 is no number to a spreadsheet).
        text = format(round(value, 6), "f").rstrip("0").rstrip(".") or "0"
        return text.replace(".", words.decimal)

    writer.writerow(
        [
            key,
            "rank",
            other,
            "score",
            "distance_km",
            "partial_supply",
            "fallback",
            *criteria,
            "reasons",
        ]
    )
    for identifier, candidates in results:
        for rank, c in enumerate(candidates, start=1):
            writer.writerow(
                [
                    identifier,
                    rank,
                    getattr(c, other),
                    number(c.score),
                    number(c.distance_km),
                    "yes" if c.partial_supply else "no",
                    "yes" if c.fallback else "no",
                    *(number(c.parts[name]) for name in criteria),
                    words.say("reasons.separator").join(c.reasons),
                ]
            )
    if pools:
        buffer.write("\n")
        writer.writerow(
            ["purpose", "resource", "members", "organisations", "radius_km", "total", "description"]
        )
        for pool in pools:
            writer.writerow(
                [
                    pool["purpose"],
                    pool["resource"],
                    "|".join(pool["members"]),
                    "|".join(pool["organisations"]),
                    number(pool["radius_km"]),
                    pool["total"] or "",
                    pool["description"],
                ]
            )
    return buffer.getvalue()
