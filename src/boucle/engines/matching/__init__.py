"""The synergy matching engine: which company's output can meet which company's need.

Pure Python, numpy, scipy and scikit-learn, no Django. Offers and needs are read from CSV
(`read_declarations`), resolved to resource families from their EWC and NACE codes and their
French or English descriptions (`knowledge`, `text`, `resolve`), paired by blocking on family,
distance and rare shared words (`candidates`), scored in [0, 1] (`score`) and explained in words
(`explain`)::

    from boucle.engines.matching import match, read_declarations

    offers = read_declarations("offers.csv", "offer")
    needs = read_declarations("needs.csv", "need")
    for result in match(offers, needs, top=5):
        best = result.candidates[0] if result.candidates else None
        if best:
            print(result.need_id, best.offer_id, best.score, "; ".join(best.reasons))

`match_reverse` gives the needs each offer could meet, `pooling_groups` the companies near each
other that need or produce the same thing, and `boucle.engines.matching.dask_run` runs the
same matching partitioned on a Dask cluster. docs/matching.md explains the method.
"""

from __future__ import annotations

from boucle.engines.matching.declarations import (
    KINDS,
    Declaration,
    InputProblem,
    MatchingInputError,
    read_declarations,
)
from boucle.engines.matching.knowledge import Knowledge, load_knowledge
from boucle.engines.matching.match import (
    Candidate,
    NeedMatches,
    OfferMatches,
    match,
    match_reverse,
)
from boucle.engines.matching.pooling import PoolingGroup, pooling_groups

__all__ = [
    "KINDS",
    "Candidate",
    "Declaration",
    "InputProblem",
    "Knowledge",
    "MatchingInputError",
    "NeedMatches",
    "OfferMatches",
    "PoolingGroup",
    "load_knowledge",
    "match",
    "match_reverse",
    "pooling_groups",
    "read_declarations",
]
