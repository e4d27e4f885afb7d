"""The score of an (offer, need) pair in [0, 1], computed for arrays of pairs at once.

    score = kind_factor * scale * (0.50 resource + 0.25 distance + 0.15 text + 0.10 quantity)

- resource: how well what is offered serves what is needed. For each family of the offer
  (confidence co) and of the need (cn), co * cn * compat, compat being 1 for the same family,
  0.9 for an offer more specific than the need, a substitution rule's strength, 0.3 for
  siblings...; the best pair of families counts, plus a quarter of what the offer meets of
  the need's other families (cullet of flat-glass quality). The need's sector adds what it
  typically uses: resource = 1 - (1 - family) * (1 - prior * co * sector_use), the prior 0.7
  falling to 0.35 as the need's first family grows sure (a sector's habits yield to what a
  need says; a root such as "materials" says nothing).
- distance: exp(-d / d0), d0 by resource (heat 4 km, water 10 km, bulk minerals 80-100 km,
  metals and sulphur 200-250 km), five times that by water (the offer loads ships, the need
  takes them); 0.3 when a site is unknown.
- text: cosine of the TF-IDF vectors of the stemmed descriptions (and EWC labels).
- quantity: 1 when the offer covers the need's yearly quantity, 0.2 + 0.8 * sqrt(coverage)
  when it covers part of it (partial supply: 53 % gives 0.78, 0.3 % gives 0.24), 0.3 for
  quantities in different unit families, 0.6 when either is unknown.
  An offer that says it is mixed or soiled ("mélangé à", "not disinfected", "souillé") has its
  resource part times 0.85 for a need that does not say the same; equipment that says it does
  not work ("HS", "en panne", "for parts") times 0.7 for a need of working equipment.
- scale: an offer that meets under 1 % of the need's yearly quantity is of another scale: the
  score is multiplied by 0.5 + 0.5 * sqrt(coverage / 1 %) (25 t offered for 60,000 t needed:
  0.6).
- kind_factor: 0.5 when both kinds are known and differ (equipment offered for a material
  need), unless the offer's main family matches the need with a family part of 0.3 or more
  (a fuel declared as "energy", warm water as "water").

A pair is not proposed (`eligible` False) when the offer is hazardous and the need neither
says it takes hazardous waste (or declares a hazardous code), nor asks by its words for a
hazardous family the offer's main family meets, nor belongs to a sector that typically uses
the offer's main family and is by its trade a licensed receiver of its hazardous waste
(`hazardous_receivers.csv`; while asking for it, or for nothing clearly); when a written rule
refuses the link from the offer's main or best-linked family to the need's family it meets
(`Knowledge.refused`: "category 1 material may never enter feed"); when both come
from one organisation at one site (its own offer is no synergy for its own need; two sites
of one group stay, `organisations`); when it is farther than the cap (the call's `max_km`,
either declaration's `max_km`, and six decay distances of the offered resource); when a cap
is set and a site is unknown; or when the two have nothing in common (resource part under
0.15, and no rare word shared with a text similarity of at least 0.25). Such a pair between
a need and one of its nearest offers (or an offer and one of its nearest needs), within the
caps, hazard and organisation rules, is a `fallback` when it shares words (text 0.05 or
more) or is near for its resource (distance part 0.5 or more), or, with the semantic view,
when it is one of the query's closest in meaning among its nearest (`candidates.Neighbours`):
proposed too, by its score among the eligible pairs, and flagged. A resource the knowledge
base does not know, or a link it lacks, still finds its partner next door. A fallback's
resource part is its text similarity where that is higher: with no known link, the words say
what the offer is.
With the semantic view (`meaning`, an optional model), each query's best `meaning.POOL` pairs
by that score are re-scored with the resource's half shared between the knowledge base and the
model: kind_factor * scale * (0.25 resource + 0.25 meaning + 0.25 distance + 0.15 text + 0.10
quantity), meaning being how near in meaning the two descriptions are (in [0, 1]), and ranked
again (`add_meaning`).

`parts` are the weighted criteria, summing to the score."""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields, replace
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt
from scipy import sparse

from boucle.engines.matching import meaning
from boucle.engines.matching.meaning import MEANING_WEIGHT, Vectors
from boucle.engines.matching.organisations import one_site
from boucle.engines.matching.resolve import EWC_MANY, EWC_SHARED
from boucle.engines.matching.sides import EARTH_RADIUS_KM, REACH_DECAYS, Prepared

if TYPE_CHECKING:
    from boucle.engines.matching.kernel import Constants

__all__ = [
    "RESOURCE_MIN",
    "TEXT_MIN",
    "WEIGHTS",
    "Columns",
    "Scored",
    "add_meaning",
    "meaning_shares",
    "score_pairs",
    "top_k",
    "with_meaning",
]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Flags = npt.NDArray[np.int8]
# What a pair is to its query, where a fallback may come from (`candidates.Neighbours`), as
# bits of `score_pairs`'s `nearby`: one of its nearest of the other side (a fallback if it
# shares words or is near, FALLBACK_TEXT_MIN and FALLBACK_NEAR), one of its closest in meaning
# among its nearest (a fallback so).
NEIGHBOUR = 1
CLOSE_IN_MEANING = 2

WEIGHTS = {"resource": 0.50, "distance": 0.25, "text": 0.15, "quantity": 0.10}
SECTOR_WEIGHT = 0.7
ALSO_MEETS = 0.25  # share counted of what an offer meets of a need's other families
SECTOR_TAKES_HAZARD = 0.45  # conf_offer x sector use from which a sector takes a hazardous offer
SECTOR_YIELDS = 0.5  # the sector prior's share given up to a need sure of its family
NEED_SAYS = 0.5  # a need's first family this sure says what it wants (a phrase, not a use)
KIND_MISMATCH = 0.5
# The resource part of an offer that says it is mixed or soiled ("lactosérum mélangé aux eaux de
# lavage", "not disinfected"), for a need that does not: a clean lot of the same resource first.
IMPURE_FACTOR = 0.85
# The resource part of an offer that says it does not work ("chariot HS", "broken forklift, for
# parts") for a need of equipment that works: a working one first. Repairing costs labour and
# parts that may cost what the machine is worth, and the fault is unknown until looked at
# (French reuse practice: "vendu en l'état, pour pièces" is sold without any guarantee of use,
# Code civil art. 1641-1643 on hidden defects does not apply to a declared fault). Not for a
# need that repairs, dismantles or recycles, wants parts, WEEE or scrap (`Side.wants_working`).
OUT_OF_ORDER_FACTOR = 0.7
KIND_TRUSTED_FAMILY = 0.3
DISTANCE_UNKNOWN = 0.3
QUANTITY_UNKNOWN = 0.6
QUANTITY_OTHER_UNITS = 0.3
PARTIAL_FLOOR = 0.2
# An offer that meets under 1 % of a need's yearly quantity is of another scale (25 t for a
# biorefinery taking 60,000 t): the whole score falls, to half at nothing, as sqrt(coverage /
# 1 %). Pooling many such lots is a pooling group's business, not a candidate's.
OTHER_SCALE = 0.01
RESOURCE_MIN = 0.15
TEXT_MIN = 0.25  # a pair with no resource link needs a rare shared word and this much text
# A fallback shares more than a stray word ("used", "vide", "bar" the unit and the fish): this
# much text similarity (a fifth of what an eligible pair by words alone needs).
FALLBACK_TEXT_MIN = 0.05
# ...or, sharing no word, is this near for the offered resource (within ln 2 of its decay
# distance: 2.8 km for heat, 55-70 km for bulk minerals). The knowledge base lacks links that
# partners next door make anyway: a distillery's draff for the boiler 1 km away that asks for
# "fuel, blended with wood chips", tunnel spoil for "fill to raise farmland".
FALLBACK_NEAR = 0.5


@dataclass
class Scored:
    """Scored pairs, one entry per pair in every array."""

    offer: Ints
    need: Ints
    score: Floats
    distance_km: Floats  # NaN when a site is unknown
    resource: Floats  # each criterion in [0, 1], before its weight
    distance: Floats
    text: Floats
    quantity: Floats
    kind_factor: Floats
    scale: Floats  # 1, or less for an offer of another scale than the need (`OTHER_SCALE`)
    offer_family: Ints  # the resource indexes that gave the resource part (-1 none)
    need_family: Ints
    sector: Floats  # the sector-use strength that counted
    coverage: Floats  # offered / needed yearly quantity, NaN if not comparable
    eligible: Bools
    # Not eligible (no resource link), but one of the query's nearest, within the caps and
    # hazard rules, sharing words or near, or close in meaning (`NEIGHBOUR`, `CLOSE_IN_MEANING`):
    # proposed too, by its score, and flagged.
    fallback: Bools
    # What the pair is to its query, where a fallback may come from (`NEIGHBOUR`,
    # `CLOSE_IN_MEANING`), to say why a fallback is proposed.
    nearby: Flags
    meaning: Floats  # closeness in meaning (`add_meaning`), NaN when not compared

    def take(self, index: Ints | Bools) -> Scored:
        return Scored(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def parts(self, i: int) -> dict[str, float]:
        factor = float(self.kind_factor[i]) * float(self.scale[i])
        parts = {name: weight * float(getattr(self, name)[i]) for name, weight in WEIGHTS.items()}
        closeness = float(self.meaning[i])
        if not np.isnan(closeness):
            parts["resource"], parts["meaning"] = meaning_shares(float(self.resource[i]), closeness)
        return {name: round(part * factor, 4) for name, part in parts.items()}


@functools.cache
def _kernel() -> tuple[ModuleType, Constants]:
    """The compiled kernels (`kernel`, numba) and the constants they compute with, imported on
    first use: a process that imports the engine without scoring (the web app reads its text
    functions) does not import numba (about 0.4 s of CPU, and its cache directory)."""
    from boucle.engines.matching import kernel

    constants = kernel.Constants(
        also_meets=np.float32(ALSO_MEETS),
        sector_weight=np.float32(SECTOR_WEIGHT),
        sector_yields=np.float32(SECTOR_YIELDS),
        impure_factor=np.float32(IMPURE_FACTOR),
        out_of_order_factor=np.float32(OUT_OF_ORDER_FACTOR),
        resource_min=np.float32(RESOURCE_MIN),
        sector_takes_hazard=np.float32(SECTOR_TAKES_HAZARD),
        need_says=np.float32(NEED_SAYS),
        kind_trusted_family=np.float32(KIND_TRUSTED_FAMILY),
        # The confidences of the families an EWC code lists, as sure as each other (np.isclose).
        code_tie_a=np.float32(EWC_SHARED[2]),
        code_tie_b=np.float32(EWC_MANY),
        code_tie_tol_a=np.float32(1e-8 + 1e-5 * EWC_SHARED[2]),
        code_tie_tol_b=np.float32(1e-8 + 1e-5 * EWC_MANY),
        earth_diameter_km=2 * EARTH_RADIUS_KM,
        reach_decays=REACH_DECAYS,
        distance_unknown=DISTANCE_UNKNOWN,
        quantity_unknown=QUANTITY_UNKNOWN,
        quantity_other_units=QUANTITY_OTHER_UNITS,
        partial_floor=PARTIAL_FLOOR,
        other_scale=OTHER_SCALE,
        kind_mismatch=KIND_MISMATCH,
        weight_resource=np.float32(WEIGHTS["resource"]),
        weight_resource_64=WEIGHTS["resource"],
        weight_distance=WEIGHTS["distance"],
        weight_text=WEIGHTS["text"],
        weight_quantity=WEIGHTS["quantity"],
        text_min=TEXT_MIN,
        fallback_text_min=FALLBACK_TEXT_MIN,
        fallback_near=FALLBACK_NEAR,
    )
    return kernel, constants


@dataclass(frozen=True)
class Columns:
    """Both sides' rows as the kernel reads them (`kernel.rows`): packed once for a run's
    many calls of `score_pairs`."""

    offers: tuple[Floats, Ints]
    needs: tuple[Floats, Ints]

    @classmethod
    def of(cls, prepared: Prepared) -> Columns:
        kernel, _ = _kernel()
        return cls(kernel.rows(prepared.offers), kernel.rows(prepared.needs))


class _Criteria(NamedTuple):
    """What `kernel.criteria` returns, each an array of one entry a pair."""

    resource: Any
    sector: Any
    distance_km: Any
    distance: Any
    quantity: Any
    coverage: Any
    kind_factor: Any
    scale: Any
    factor: Any
    base: Any
    lower: Any
    spread: Any
    offer_family: Any
    need_family: Any
    within_cap: Any
    safe: Any
    related: Any


def _criteria(
    prepared: Prepared,
    offer: Ints,
    need: Ints,
    max_km: float | None,
    columns: Columns | None,
    *,
    with_nearby: bool,
) -> _Criteria:
    """The kernel's pass over every criterion but the text (`kernel.criteria`), with the
    organisation rule applied to `safe`: one organisation at one site, its own offer is no
    synergy for its own need."""
    offers, needs = prepared.offers, prepared.needs
    kernel, constants = _kernel()
    columns = columns or Columns.of(prepared)
    criteria = _Criteria(
        *kernel.criteria(
            constants,
            offer,
            need,
            *columns.offers,
            *columns.needs,
            np.asarray(offers.filled_slots, dtype=np.int64),
            np.asarray(needs.filled_slots, dtype=np.int64),
            prepared.padded_compat,
            prepared.padded_refused,
            prepared.padded_refused_use,
            prepared.padded_sector_uses,
            prepared.padded_hazard_uses,
            prepared.root_or_none,
            np.inf if max_km is None else float(max_km),
            with_nearby,
        )
    )
    criteria.safe[...] &= ~one_site(prepared.organisations, offer, need, criteria.distance_km)
    return criteria


def let_through(
    prepared: Prepared,
    offer: Ints,
    need: Ints,
    *,
    max_km: float | None = None,
    columns: Columns | None = None,
) -> Bools:
    """Whether the rules let each pair through, whatever its resource link: within the caps,
    hazard rules, refused links and organisation rule (what an eligible pair or a fallback
    must be). The criteria pass only: no text, no score."""
    offer = np.ascontiguousarray(offer, dtype=np.int64)
    need = np.ascontiguousarray(need, dtype=np.int64)
    criteria = _criteria(prepared, offer, need, max_km, columns, with_nearby=False)
    return criteria.within_cap & criteria.safe  # type: ignore[no-any-return]


def score_pairs(
    prepared: Prepared,
    offer: Ints,
    need: Ints,
    *,
    max_km: float | None = None,
    nearby: Flags | None = None,
    top: int | None = None,
    by: str = "need",
    columns: Columns | None = None,
) -> Scored:
    """Score every pair (offer[k], need[k]) and say which are eligible, and which are
    fallbacks: only among the pairs whose `nearby` flags say what they are to their query
    (`NEIGHBOUR`, `CLOSE_IN_MEANING`: `candidates.Neighbours.among`), none if not given.

    With `top`, the caller keeps only the `top` best pairs of each need (of each offer with
    `by="offer"`, as `top_k` does; pairs come grouped by it): a pair whose score cannot reach
    them, whatever its text, has its text left at 0 and is marked neither eligible nor a
    fallback. The pairs kept, and their scores, are those of a run without `top`.

    The arithmetic is in `kernel` (compiled loops, one pass over the pairs for all but the
    text, one for the text and the score); `columns`, if given, are `Columns.of(prepared)`."""
    offers, needs = prepared.offers, prepared.needs
    kernel, constants = _kernel()
    offer = np.ascontiguousarray(offer, dtype=np.int64)
    need = np.ascontiguousarray(need, dtype=np.int64)
    with_nearby = nearby is not None
    nearby = np.zeros(len(offer), dtype=np.int8) if nearby is None else nearby
    (
        resource,
        sector,
        distance_km,
        distance,
        quantity,
        coverage,
        kind_factor,
        scale,
        factor,
        base,
        lower,
        spread,
        offer_family,
        need_family,
        within_cap,
        safe,
        related,
    ) = _criteria(prepared, offer, need, max_km, columns, with_nearby=with_nearby)
    wanted = np.ones(len(offer), dtype=np.bool_)
    if top is not None:
        # Without its text a pair scores at least `lower` (the text part is never negative,
        # and rounded sums grow with their terms), with it at most `spread` more: a full text
        # part, and for a possible fallback its resource part raised to 1.
        group = need if by == "need" else offer
        possible = within_cap & safe  # a pair out of reach or unsafe is never eligible
        wanted = possible & may_reach(lower, spread, possible & related, group, top)
    text, score, eligible, fallback = kernel.finish(
        constants,
        offer,
        need,
        wanted,
        nearby,
        _csr(offers.tfidf),
        _csr(needs.tfidf),
        offers.tfidf_rows.signature,
        needs.tfidf_rows.signature,
        offers.tfidf_rows.bit,
        offers.tfidf_rows.sorted,
        needs.tfidf_rows.sorted,
        offers.tfidf_rows.distinct,
        needs.tfidf_rows.distinct,
        (offers.rare.indptr, offers.rare.indices),
        (needs.rare.indptr, needs.rare.indices),
        resource,
        distance,
        quantity,
        factor,
        base,
        within_cap,
        safe,
        related,
    )
    return Scored(
        offer=offer,
        need=need,
        score=score,
        distance_km=distance_km,
        resource=resource,
        distance=distance,
        text=text,
        quantity=quantity,
        kind_factor=kind_factor,
        scale=scale,
        offer_family=offer_family,
        need_family=need_family,
        sector=sector.astype(np.float64),
        coverage=coverage,
        eligible=eligible,
        fallback=fallback,
        nearby=nearby,
        meaning=np.full(len(offer), np.nan),
    )


def add_meaning(scored: Scored, vectors: Vectors) -> Scored:
    """The pairs re-scored with the closeness in meaning of their descriptions (`meaning`): the
    resource part shared between the knowledge base's reading and the closeness
    (`meaning_shares`), times the kind factor and the scale as every criterion, so that the
    parts still sum to the score. The caller ranks them again (`top_k`)."""
    closeness = meaning.closeness(vectors, scored.offer, scored.need)
    factor = scored.kind_factor * scored.scale
    return replace(
        scored,
        score=with_meaning(scored.score, scored.resource, closeness, factor),
        meaning=closeness,
    )


def meaning_shares(resource: Any, closeness: Any) -> tuple[Any, Any]:
    """The resource part's two shares once the descriptions are compared by meaning (before
    the kind factor and the scale): MEANING_WEIGHT of the part's weight goes from the
    knowledge base's reading r to the closeness m (`meaning`, where it was chosen). Floats or
    arrays."""
    return (WEIGHTS["resource"] - MEANING_WEIGHT) * resource, MEANING_WEIGHT * closeness


def with_meaning(score: Any, resource: Any, closeness: Any, factor: Any) -> Any:
    """A pair's score (scored without meaning) once the closeness in meaning shares its
    resource part (`meaning_shares`); `factor` its kind factor times its scale."""
    kept, meant = meaning_shares(resource, closeness)
    return score + factor * (kept + meant - WEIGHTS["resource"] * resource)


def _csr(matrix: sparse.csr_matrix) -> tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any]]:
    """A CSR matrix's row pointers, columns and values, for the kernels."""
    return (matrix.indptr, matrix.indices, matrix.data)


def top_k(scored: Scored, *, by: str, top: int) -> Scored:
    """The `top` best pairs of each need (`by="need"`) or offer, by score: its eligible pairs
    and its fallbacks (no known resource link, but nearby or close in meaning, flagged so),
    so a facilitator still sees the likeliest partners when the knowledge base says nothing of
    a resource. Pairs that are neither are never shown.

    Pairs come sorted by (need, offer) (by offer, need in reverse); the stable sort keeps that
    order among equal scores, so ties go to the earlier declaration, reproducibly.

    Each group's pairs consecutive (as they come), the compiled `kernel.top_rows` picks them
    without sorting the whole block (a block of 130,000 pairs: 4.6 ms -> 2.5 ms); otherwise
    numpy sorts them."""
    kernel, _ = _kernel()
    groups = scored.need if by == "need" else scored.offer
    rows, ranked = kernel.top_rows(
        scored.eligible, scored.fallback, np.asarray(groups, dtype=np.int64), scored.score, top
    )
    if ranked:
        return scored.take(rows)
    return _top_k_sorted(scored, groups, top)


def _top_k_sorted(scored: Scored, groups: Ints, top: int) -> Scored:
    """`top_k` by one stable sort of the chosen pairs, whatever their order."""
    chosen = np.flatnonzero(scored.eligible | scored.fallback)
    group = groups[chosen]
    # One integer key: the group, then the score descending (scores are in [0, 1], to 1e-9).
    key = group << 32
    key |= np.rint((1.0 - scored.score[chosen]) * 1e9).astype(np.int64)
    order = np.argsort(key, kind="stable")
    group_sorted = group[order]
    starts = np.r_[0, np.flatnonzero(np.diff(group_sorted)) + 1]
    lengths = np.diff(np.r_[starts, len(order)])
    rank = np.arange(len(order)) - np.repeat(starts, lengths)
    return scored.take(chosen[order[rank < top]])


# Score levels at which the pairs of a group are counted to bound its `top`-th best score from
# below (1/256: a bound at most that far below the true one, so that few pairs are kept in vain).
BOUND_LEVELS = 256
# Beyond float rounding (and the 1e-9 of top_k's ranking), a margin the bound keeps.
BOUND_MARGIN = 1e-6


def may_reach(lower: Floats, spread: Floats, sure: Bools, group: Ints, top: int) -> Bools:
    """Whether each pair, scoring between `lower` and `lower + spread`, may be among the `top`
    best eligible pairs of its group: no when `top` pairs of its group sure to be eligible
    (`sure`) score at least more than it can. A group's pairs are taken where they are
    consecutive in `group` (pairs split over several runs are only less often ruled out).
    Each group's `top`-th best is bounded from below on `BOUND_LEVELS` levels (compiled:
    `kernel.may_reach`)."""
    kernel, _ = _kernel()
    return kernel.may_reach(  # type: ignore[no-any-return]
        lower, spread, sure, group, top, BOUND_LEVELS, BOUND_MARGIN
    )
