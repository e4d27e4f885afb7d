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
says it takes hazardous waste nor belongs to a sector that typically uses the offer's main
family and is by its trade a licensed receiver of its hazardous waste (`hazardous_receivers.csv`;
while asking for it, or for nothing clearly); when both come from one organisation at
one site (its own offer is no synergy for its own need; two sites of one group stay,
`organisations`); when it is farther than the cap (the call's `max_km`, either declaration's
`max_km`, and six decay distances of the offered resource); when a cap is set and a site is
unknown; or when the two have nothing in common (resource part under 0.15, and no rare word
shared with a text similarity of at least 0.25). Such a pair between a need and one of its
nearest offers (or an offer and one of its nearest needs), within the caps, hazard and
organisation rules, is a `fallback` when it
shares words (text 0.05 or more) or is near for its resource (distance part 0.5 or more): proposed
too, by its score among the eligible pairs, and flagged. A resource the knowledge base does not
know, or a link it lacks, still finds its partner next door. A fallback's resource part is its
text similarity where that is higher: with no known link, the words say what the offer is.
`parts` are the weighted criteria, summing to the score.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt
from scipy import sparse

from boucle.engines.matching.organisations import one_site
from boucle.engines.matching.resolve import EWC_MANY, EWC_SHARED
from boucle.engines.matching.sides import EARTH_RADIUS_KM, REACH_DECAYS, Prepared, RowSummary, Side

__all__ = ["RESOURCE_MIN", "TEXT_MIN", "WEIGHTS", "Scored", "score_pairs", "top_k"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

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
    # hazard rules, sharing words or near: proposed too, by its score, and flagged.
    fallback: Bools

    def take(self, index: Ints | Bools) -> Scored:
        return Scored(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def parts(self, i: int) -> dict[str, float]:
        factor = float(self.kind_factor[i]) * float(self.scale[i])
        return {
            name: round(weight * float(getattr(self, name)[i]) * factor, 4)
            for name, weight in WEIGHTS.items()
        }


def rowwise_dot(
    left: sparse.csr_matrix,
    rows_left: Ints,
    right: sparse.csr_matrix,
    rows_right: Ints,
    summaries: tuple[RowSummary, RowSummary] | None = None,
    only: Bools | None = None,
) -> Floats:
    """left[rows_left[k]] . right[rows_right[k]] for every k (for every k in `only`, given with
    `summaries`: 0 may be left elsewhere).

    With the matrices' row `summaries`, the pairs whose signatures share no bit (no common
    column: a product of exactly 0) are not computed. The others are computed as before, to the
    last bit: scipy adds a row's products in an order that depends on whether every row it is
    given has sorted columns, so the shortcut is taken only when that stays the same."""
    if len(rows_left) == 0 or left.shape[1] == 0:
        return np.zeros(len(rows_left))
    if summaries is not None:
        left_rows, right_rows = summaries
        overlap = (left_rows.signature[rows_left] & right_rows.signature[rows_right]) != 0
        maybe = np.flatnonzero(overlap if only is None else overlap & only)
        if len(maybe) < len(rows_left):
            sorted_all = left_rows.sorted[rows_left].all() and right_rows.sorted[rows_right].all()
            sorted_maybe = (
                left_rows.sorted[rows_left[maybe]].all()
                and right_rows.sorted[rows_right[maybe]].all()
            )
            if sorted_all == sorted_maybe:
                out = np.zeros(len(rows_left))
                out[maybe] = rowwise_dot(left, rows_left[maybe], right, rows_right[maybe])
                return out
    product = left[rows_left].multiply(right[rows_right])
    return np.asarray(product.sum(axis=1), dtype=np.float64).ravel()


def haversine_km(lat1: Floats, lon1: Floats, lat2: Floats, lon2: Floats) -> Floats:
    """Great-circle distance in km between points in radians (NaN in, NaN out)."""
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))  # type: ignore[no-any-return]


def pair_distance_km(offers: Side, offer: Ints, needs: Side, need: Ints) -> Floats:
    """`haversine_km` between the sites of each pair, with each side's cosines of latitude
    computed once (the same values, bit for bit, as computing them for every pair)."""
    lat1, lat2 = offers.lat[offer], needs.lat[need]
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + offers.cos_lat[offer]
        * needs.cos_lat[need]
        * np.sin((needs.lon[need] - offers.lon[offer]) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))  # type: ignore[no-any-return]


def score_pairs(
    prepared: Prepared,
    offer: Ints,
    need: Ints,
    *,
    max_km: float | None = None,
    nearby: Bools | None = None,
    top: int | None = None,
    by: str = "need",
) -> Scored:
    """Score every pair (offer[k], need[k]) and say which are eligible, and which are
    fallbacks: only among the `nearby` pairs (`candidates.Neighbours`), none if not given.

    With `top`, the caller keeps only the `top` best pairs of each need (of each offer with
    `by="offer"`, as `top_k` does; pairs come grouped by it): a pair whose score cannot reach
    them, whatever its text, has its text left at 0 and is marked neither eligible nor a
    fallback. The pairs kept, and their scores, are those of a run without `top`."""
    offers, needs = prepared.offers, prepared.needs
    # Family -1 (none) indexes the extra zero row and column of `padded`: no masking needed.
    padded = prepared.padded_compat
    count = len(offer)
    family = np.zeros(count, dtype=np.float32)
    offer_family = np.full(count, -1, dtype=np.int64)
    offer_family_conf = np.zeros(count, dtype=np.float32)  # the offer's confidence in it
    need_family = np.full(count, -1, dtype=np.int64)
    offer_slots, need_slots = offers.filled_slots, needs.filled_slots
    # Each slot's families and confidences gathered once, not once per slot of the other side.
    # A pair where either slot is empty (-1) has a value of 0 and never improves on the best,
    # so only the pairs where both are filled are computed (most declarations fill one slot).
    need_fam = [needs.fam_slots[b][need] for b in need_slots]
    need_conf = [needs.conf32_slots[b][need] for b in need_slots]
    need_has = [fn >= 0 for fn in need_fam]
    offer_fam = [offers.fam_slots[a][offer] for a in offer_slots]
    offer_conf = [offers.conf32_slots[a][offer] for a in offer_slots]
    per_need_slot = []
    main_meets = np.zeros(count, dtype=np.float32)  # what the offer's main family meets
    first = True
    for fn_all, cn_all, has in zip(need_fam, need_conf, need_has, strict=True):
        slot_best = np.zeros(count, dtype=np.float32)
        for slot, fo_all, co_all in zip(offer_slots, offer_fam, offer_conf, strict=True):
            if first:
                # The first slots (filled for nearly every pair) over all pairs at once, with
                # nothing to improve on yet: an empty slot reads a zero row or column, or a
                # confidence of 0, so its value is 0 as if it were skipped.
                first = False
                value = co_all * cn_all * padded[fo_all, fn_all]
                slot_best = value.copy()
                if slot == 0:
                    main_meets = value.copy()
                better = value > 0
                family = value
                offer_family = np.where(better, fo_all, -1)
                offer_family_conf = np.where(better, co_all, 0.0).astype(np.float32)
                need_family = np.where(better, fn_all, -1)
                continue
            where = np.flatnonzero((fo_all >= 0) & has)
            fo, fn = fo_all[where], fn_all[where]
            value = co_all[where] * cn_all[where] * padded[fo, fn]
            slot_best[where] = np.maximum(slot_best[where], value)
            if slot == 0:
                main_meets[where] = np.maximum(main_meets[where], value)
            better = value > family[where]
            chosen = where[better]
            family[chosen] = value[better]
            offer_family[chosen] = fo[better]
            offer_family_conf[chosen] = co_all[where][better]
            need_family[chosen] = fn[better]
        per_need_slot.append(slot_best)
    if len(per_need_slot) > 1:
        # An offer that meets more than one of what a need asks ("calcin, qualité verre plat")
        # is a better fit than one that meets one of them only.
        others = np.sum(per_need_slot, axis=0) - family
        family = np.minimum(1.0, family + ALSO_MEETS * others).astype(np.float32)
    sector = np.zeros(count, dtype=np.float32)
    sector_family = np.full(count, -1, dtype=np.int64)
    rows = needs.sector[need]
    if prepared.sector_uses.shape[0]:
        has_sector = rows >= 0
        for slot, fo_all, co_all in zip(offer_slots, offer_fam, offer_conf, strict=True):
            if slot == offer_slots[0]:
                # As for the families: the first slot over all pairs, a row or slot of -1
                # reading zeros.
                value = co_all * prepared.padded_sector_uses[rows, fo_all]
                sector = value.copy()
                sector_family = np.where(value > 0, fo_all, -1)
                continue
            where = np.flatnonzero(has_sector & (fo_all >= 0))
            fo = fo_all[where]
            value = co_all[where] * prepared.padded_sector_uses[rows[where], fo]
            better = value > sector[where]
            chosen = where[better]
            sector[chosen] = value[better]
            sector_family[chosen] = fo[better]
    # A sector's typical inputs are a prior: they count less when the need says clearly what
    # it wants (its first family's confidence), so that a power station asking for make-up
    # water in so many words is not served cooling water first because power stations use it.
    # A root ("matières premières", "déchets", "energy") says nothing clearly: the sector
    # keeps its share.
    need_sure: Floats | float = 0.0
    if needs.fam.shape[1]:
        said = ~prepared.root_or_none[needs.fam_slots[0][need]]
        need_sure = np.where(said, np.maximum(needs.conf32_slots[0][need], 0.0), 0.0)
    prior = SECTOR_WEIGHT * (1.0 - SECTOR_YIELDS * need_sure)
    resource = 1.0 - (1.0 - family) * (1.0 - prior * sector)
    # An offer that says it is mixed or soiled fits a need less, unless the need says the same.
    impure = offers.impure[offer] & ~needs.impure[need]
    resource = np.where(impure, IMPURE_FACTOR * resource, resource)
    broken = offers.out_of_order[offer] & needs.wants_working[need]
    resource = np.where(broken, OUT_OF_ORDER_FACTOR * resource, resource)
    offer_family = np.where(offer_family >= 0, offer_family, sector_family)

    distance_km = pair_distance_km(offers, offer, needs, need)
    known = ~np.isnan(distance_km)
    # By water when both say so (`sides.WATERBORNE_REACH`): the offer loads ships, the need
    # takes them.
    by_water = offers.waterborne[offer] & needs.waterborne[need]
    decay = np.where(by_water, offers.reach_decay_km[offer], offers.decay_km[offer])
    distance = np.where(known, np.exp(-np.nan_to_num(distance_km) / decay), DISTANCE_UNKNOWN)

    same_units = (offers.unit_family[offer] >= 0) & (
        offers.unit_family[offer] == needs.unit_family[need]
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = np.where(same_units, offers.rate[offer] / needs.rate[need], np.nan)
    quantity = np.full(count, QUANTITY_UNKNOWN)
    both = (offers.unit_family[offer] >= 0) & (needs.unit_family[need] >= 0)
    quantity[both & ~same_units] = QUANTITY_OTHER_UNITS
    comparable = same_units & ~np.isnan(coverage)
    quantity[comparable] = np.where(
        coverage[comparable] >= 1.0,
        1.0,
        PARTIAL_FLOOR + (1.0 - PARTIAL_FLOOR) * np.sqrt(np.maximum(coverage[comparable], 0)),
    )

    kinds_differ = (offers.kind[offer] >= 0) & (needs.kind[need] >= 0)
    kinds_differ &= offers.kind[offer] != needs.kind[need]
    # Declared kinds disagree ("energy" for a fuel, "water" for warm water): that counts only
    # when the offer's main resource is not known to match the need. The families an EWC code
    # lists, as sure as each other, are all its main resource (03 01 05 lists sawdust and chips
    # and panel offcuts: the first is only the first listed); of families its words name, the
    # first named is (a "mixer, tractor driven" is a mixer).
    main_conf = offers.conf32_slots[0][offer]
    code_tie = (offer_family_conf >= main_conf) & (
        np.isclose(main_conf, EWC_SHARED[2]) | np.isclose(main_conf, EWC_MANY)
    )
    trusted = (family >= KIND_TRUSTED_FAMILY) & (
        (offer_family == offers.fam_slots[0][offer]) | code_tie
    )
    kind_factor = np.where(kinds_differ & ~trusted, KIND_MISMATCH, 1.0)
    share = np.where(comparable, coverage, 1.0)
    scale = np.where(
        share < OTHER_SCALE, 0.5 + 0.5 * np.sqrt(np.maximum(share, 0.0) / OTHER_SCALE), 1.0
    )
    # The score is factor * (resource + distance + text + quantity parts), added in this
    # order with or without text.
    factor = kind_factor * scale
    base = WEIGHTS["resource"] * resource + WEIGHTS["distance"] * distance

    cap = np.minimum(offers.max_km[offer], needs.max_km[need])
    if max_km is not None:
        cap = np.minimum(cap, max_km)
    within_cap = np.where(
        known, distance_km <= np.minimum(cap, REACH_DECAYS * decay), ~np.isfinite(cap)
    )
    # A need takes a hazardous offer when it says so, or when its sector typically uses that
    # very resource and is, by its trade, a licensed receiver of its hazardous waste
    # (`hazardous_receivers.csv`: smelters take spent catalysts, cement kilns spent solvents;
    # a digester that uses sludge takes no hazardous chemical sludge). The resource is the
    # offer's main family, the one that is hazardous, and the need asks for it or says
    # nothing clearly: a paint maker that asks for clean drums takes no spent solvent, in
    # drums or not. Not an offer hazardous by its words alone: an inert-waste crusher takes
    # concrete rubble, not the asbestos sheets said to be in it.
    sector_main = np.zeros(count, dtype=np.float32)
    hazardous = np.flatnonzero(offers.hazardous[offer])
    if hazardous.size:
        main = offers.fam_slots[0][offer[hazardous]]
        sector_main[hazardous] = (
            offers.conf32_slots[0][offer[hazardous]]
            * prepared.padded_hazard_uses[rows[hazardous], main]
        )
    sector_takes = (
        (sector_main >= SECTOR_TAKES_HAZARD)
        & ((need_sure < NEED_SAYS) | (main_meets >= RESOURCE_MIN))
        & ~offers.hazard_named[offer]
    )
    # A need that names a hazardous substance as what it takes (an asbestos landfill, a PCB
    # treater) takes the offers hazardous by that substance, not all hazardous waste.
    takes_substance = (offers.substances[offer] & needs.substances[need]) != 0
    safe = (
        ~offers.hazardous[offer] | needs.accepts_hazardous[need] | sector_takes | takes_substance
    ) & ~one_site(prepared.organisations, offer, need, distance_km)
    related = resource >= RESOURCE_MIN
    wanted = None
    if top is not None:
        # Without its text a pair scores at least `lower` (the text part is never negative,
        # and rounded sums grow with their terms), with it at most a full text part more.
        lower = factor * (base + WEIGHTS["quantity"] * quantity)
        group = need if by == "need" else offer
        possible = within_cap & safe  # a pair out of reach or unsafe is never eligible
        spread = factor * WEIGHTS["text"]
        if nearby is not None:
            # A fallback's resource part may be raised to its text (below), at most to 1.
            spread = spread + np.where(
                related, 0.0, factor * WEIGHTS["resource"] * (1.0 - resource)
            )
        wanted = possible & may_reach(lower, spread, possible & related, group, top)
    text = rowwise_dot(
        offers.tfidf, offer, needs.tfidf, need, (offers.tfidf_rows, needs.tfidf_rows), wanted
    )
    score = factor * (base + WEIGHTS["text"] * text + WEIGHTS["quantity"] * quantity)
    unsure = ~related & within_cap & safe & (text >= TEXT_MIN)
    if wanted is not None:
        unsure &= wanted
    if unsure.any():
        rare_rows = (offers.rare_rows, needs.rare_rows)
        shared = rowwise_dot(offers.rare, offer[unsure], needs.rare, need[unsure], rare_rows) > 0
        related[np.flatnonzero(unsure)[shared]] = True
    eligible = within_cap & safe & related
    fallback = (
        within_cap
        & safe
        & ~related
        & ((text >= FALLBACK_TEXT_MIN) | (distance >= FALLBACK_NEAR))
        & nearby
        if nearby is not None
        else np.zeros(count, dtype=np.bool_)
    )
    if wanted is not None:
        eligible &= wanted
        fallback &= wanted
    # With no known link, what the words share stands for what the offer is for the need: a
    # fallback's resource part is its text similarity when that is higher, so the neighbour
    # that writes "poisson frais" comes before the one that shares no word.
    worded = np.flatnonzero(fallback & (text > resource))
    if len(worded):
        # Only those pairs: the others keep their arrays untouched.
        resource = resource.copy()
        resource[worded] = text[worded]
        score[worded] = factor[worded] * (
            WEIGHTS["resource"] * resource[worded]
            + WEIGHTS["distance"] * distance[worded]
            + WEIGHTS["text"] * text[worded]
            + WEIGHTS["quantity"] * quantity[worded]
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
    )


def top_k(scored: Scored, *, by: str, top: int) -> Scored:
    """The `top` best pairs of each need (`by="need"`) or offer, by score: its eligible pairs
    and its fallbacks (no known resource link, but nearby, flagged so), so a
    facilitator still sees the likeliest partners when the knowledge base says nothing of a
    resource. Pairs that are neither are never shown.

    Pairs come sorted by (need, offer) (by offer, need in reverse); the stable sort keeps that
    order among equal scores, so ties go to the earlier declaration, reproducibly."""
    chosen = np.flatnonzero(scored.eligible | scored.fallback)
    group = (scored.need if by == "need" else scored.offer)[chosen]
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
    consecutive in `group` (pairs split over several runs are only less often ruled out)."""
    count = len(lower)
    if count == 0:
        return np.ones(0, dtype=np.bool_)
    local = np.cumsum(np.r_[True, group[1:] != group[:-1]]) - 1
    groups = int(local[-1]) + 1
    if count < 2 * top * groups:  # groups too small to rule much out
        return np.ones(count, dtype=np.bool_)
    level = np.clip((lower[sure] * BOUND_LEVELS).astype(np.int64), 0, BOUND_LEVELS - 1)
    counts = np.bincount(
        local[sure] * BOUND_LEVELS + level, minlength=groups * BOUND_LEVELS
    ).reshape(groups, BOUND_LEVELS)
    # at_least[g, l]: pairs of group g sure to be eligible with a score of l / levels or more.
    at_least = np.cumsum(counts[:, ::-1], axis=1)[:, ::-1]
    reached = (at_least >= top).sum(axis=1)
    floor = np.where(reached > 0, (reached - 1) / BOUND_LEVELS, -np.inf)
    return lower + spread + BOUND_MARGIN >= floor[local]  # type: ignore[no-any-return]
