"""Declarations as arrays: what the vectorised blocking and scoring read.

`prepare(offers, needs, knowledge)` resolves every declaration once and lays the results out
column-wise (positions as unit vectors, up to three resource families with confidences,
yearly quantities in base units, hazard flags, distance caps, TF-IDF rows of the descriptions
on one vocabulary for both sides). Everything later works on integer indexes into these arrays.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from boucle.engines.matching import meaning
from boucle.engines.matching.declarations import KINDS, Declaration
from boucle.engines.matching.knowledge import Knowledge
from boucle.engines.matching.meaning import Vectors
from boucle.engines.matching.organisations import Numbered, number_organisations
from boucle.engines.matching.parallel import fork_imap
from boucle.engines.matching.resolve import MAX_FAMILIES, Resolution, resolve
from boucle.engines.matching.text import impurity, out_of_order, takes_out_of_order, waterborne
from boucle.engines.matching.units import BASE_UNITS, per_year

__all__ = ["Prepared", "Side", "prepare", "resolve_all"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
UNIT_FAMILIES = tuple(BASE_UNITS)
EARTH_RADIUS_KM = 6371.0088
# A term shared by at most this many declarations is rare enough to propose a pair on its own.
RARE_TERM_MAX_DF = 30

# Distance over which the distance part falls to 1/e, by resource (first match on the id's
# words, else by kind): heat and water travel little, bulk minerals, metals and sulphur far.
# Steam carries more energy per pipe than hot water and is piped between plants over a few
# km: Kalundborg's Asnæs steam lines about 3-4 km, Ulsan's "steam highway" from SK Chemicals
# to SK Energy 6.2 km (KICOX, 2013; Park & Park, J. Ind. Ecol. 18(5), 2014): 5 km.
_DECAY_BY_WORD: tuple[tuple[str, float], ...] = (
    ("steam", 5.0),
    ("heat", 4.0),
    ("cold", 3.0),
    ("cooling", 3.0),
    ("wastewater", 8.0),
    ("sulphur", 250.0),
    ("sulfur", 250.0),
    ("metal", 200.0),
    ("scrap", 200.0),
    # Composite waste and the fibres recycled from it have few specialist outlets (a handful
    # of composite recyclers and recycled-fibre makers per country; APER's boat-dismantling
    # network for a whole French coastline): lots ship across a country, as scrap does.
    ("composite", 200.0),
    ("reinforcement", 200.0),
    # Plastics travel farther than other materials: a country has a few recyclers of
    # each polymer (PET, PE film, nylon), which buy bales from a region or more (Ecoalf takes
    # marine litter from ports along a whole coast; Aquafil, nylon nets from Norway to Chile).
    # 100 km, not scrap's 200: at 150 the dev cases lost as many first places to far bales as
    # the longer reach brought in.
    ("plastic", 100.0),
    # Textiles of every kind (clothing, offcuts, rags, technical fabrics, footwear, leather,
    # carpet, bast fibre) go to a few sorters and fibre recyclers per country, which draw on
    # all of it: Le Relais does about half of France's collection, and the Puy-de-Dôme's APF
    # sends its damaged clothes to a sorter in the Nord, Gebetex (France 3 Auvergne-Rhône-
    # Alpes, "Que deviennent les vêtements collectés dans les conteneurs ?",
    # https://france3-regions.francetvinfo.fr/auvergne-rhone-alpes/puy-de-dome/que-deviennent-vetements-collectes-conteneurs-1728071.html);
    # fibre-to-fibre lines are a handful (Renewcell's dissolving-pulp line in Sweden, Filatures
    # du Parc's in the Tarn). 150 km, farther than plastics: round 15's dev cases on arrival
    # gained two partners in their first five and lost none; the older dev cases lost as many
    # places as they gained.
    ("textile", 150.0),
    ("solvent", 150.0),
    ("chemical", 150.0),
    ("oil", 150.0),
    ("fat", 150.0),
    ("gypsum", 100.0),
    ("ash", 100.0),
    ("slag", 100.0),
    ("mineral", 80.0),
    ("wood", 70.0),
    ("sludge", 40.0),
    ("food", 40.0),
    ("organic", 40.0),
    ("biomass", 50.0),
)
# Families whose distance is their own, before the words: a brewhouse, a reactor or a bottling
# line is bought once, second-hand, from wherever one is for sale; dealers and brewers'
# classifieds ship them across a country or a continent (ProBrewer, Brewers Association
# listings), farther than the 150 km of equipment ("process" as a word would also name
# process water and process heat, which travel little).
# An aircraft flies to whoever takes it: retired airliners are ferried across a continent to
# schools, museums and dismantlers (FedEx's 727 donations, AFRA members' parking sites).
# Trams, railcars and locomotives go on their wheels or on low-loaders from one network to
# another across a continent (Vienna's E1 to Kraków, Nuremberg's and Düsseldorf's cars too).
# Hospital equipment a hospital renews is donated by the container load to hospitals of poorer
# countries, across an ocean (WHO, Medical device donations: considerations for solicitation and
# provision, 2011; MedShare, Project C.U.R.E.): its reach is intercontinental.
# Goods under a destruction order go to the few plants licensed to destroy them under witness
# (cement kilns that co-process, incinerators): a country has a handful, and lots cross it as
# scrap does (Geocycle's and Insee Ecocycle's destruction services for customs and courts).
_DECAY_BY_FAMILY = {
    "material.goods_for_destruction": 200.0,
    "equipment.medical_equipment": 1500.0,
    "equipment.process_equipment": 400.0,
    "equipment.aircraft": 1000.0,
    "equipment.vehicles.rolling_stock": 1000.0,
}
_DECAY_BY_KIND = {
    "material": 60.0,
    "energy": 15.0,
    "water": 10.0,
    "equipment": 150.0,
    "logistics": 30.0,
    "expertise": 60.0,
    "space": 10.0,
}
DEFAULT_DECAY_KM = 50.0
# The kinds that are flows, piped or wired rather than carried: a family of one travels as
# that flow whatever kind its row says, and a flow row's material travels as a material.
FLOW_KINDS = ("energy", "water")
# Spare parts are what equipment out of order is good for: a need for them wants no working
# machine.
_PARTS = "equipment.vehicle_parts"
# A material that goes by ship or barge travels this many times farther (the cost per tonne-km
# by water against the road's, `text.waterborne`): 60 km by truck, 300 km by sea. Only when
# both say so: an offer loaded at its wharf reaches a kiln that takes ships, not every inland
# kiln, and a need that takes ships is no nearer to an inland producer.
WATERBORNE_REACH = 5.0
REACH_DECAYS = 6.0  # beyond six decay distances (score part < 0.25 %) a pair is not proposed


@lru_cache(maxsize=4096)
def decay_km(resource_id: str | None, kind: str | None) -> float:
    """The decay distance d0 (km) of a resource: its distance part is exp(-d / d0)."""
    if resource_id:
        for family, value in _DECAY_BY_FAMILY.items():
            if resource_id == family or resource_id.startswith(family + "."):
                return value
        words = resource_id.replace("_", ".").split(".")
        for word, value in _DECAY_BY_WORD:
            if any(w.startswith(word) for w in words):
                return value
        # Where a flow is concerned, a family travels as its own kind (its root): wash water
        # declared as a "material" is still water, piped or trucked a few km, not a material
        # shipped 60; refuse-derived fuel declared as "energy" is shipped as the material it is.
        # Between the kinds that are carried, the row's kind stays (reclaimed bricks declared
        # as a material travel as materials, whatever family reads them).
        root = words[0]
        if not kind or root in FLOW_KINDS or kind in FLOW_KINDS:
            kind = root
    return _DECAY_BY_KIND.get(kind or "", DEFAULT_DECAY_KM)


@dataclass(frozen=True)
class RowSummary:
    """What can be told of a sparse matrix's rows without reading them: which columns each
    row may have (one of 64 bits per column, so two rows whose signatures share no bit have a
    dot product of exactly zero), whether its columns are in increasing order, and whether
    each is stored once; and the bit of each stored column (a column whose bit another row's
    signature lacks is not in it)."""

    signature: npt.NDArray[np.uint64]
    sorted: Bools
    bit: npt.NDArray[np.uint8]  # which of the 64 bits each stored column sets, as `indices`
    # No column stored twice in the row (the TF-IDF's rows never have one; a matrix built by
    # hand may): the dot product need not look for a column's other entries (`kernel._dot`).
    distinct: Bools

    @classmethod
    def of(cls, matrix: sparse.csr_matrix) -> RowSummary:
        indptr = np.asarray(matrix.indptr, dtype=np.int64)
        columns = np.asarray(matrix.indices, dtype=np.uint64)
        row = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(indptr))
        # Fibonacci hashing: the top six bits of the column times 2^64 / golden ratio.
        bit = ((columns * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(58)).astype(np.uint8)
        bits = np.left_shift(np.uint64(1), bit.astype(np.uint64))
        signature = np.zeros(matrix.shape[0], dtype=np.uint64)
        filled = np.flatnonzero(indptr[:-1] < indptr[1:])
        if len(filled):
            signature[filled] = np.bitwise_or.reduceat(bits, indptr[filled])
        increasing = np.ones(len(columns), dtype=np.bool_)
        increasing[1:] = columns[1:] > columns[:-1]
        increasing[indptr[filled]] = True  # a row's first column
        unsorted = np.bincount(row[~increasing], minlength=matrix.shape[0])
        is_sorted = unsorted == 0
        # Increasing columns are distinct; among the other rows' entries, sorted by row and
        # column, a column stored twice is next to itself.
        distinct = np.ones(matrix.shape[0], dtype=np.bool_)
        others = ~is_sorted[row]
        if others.any():
            keys = np.sort(row[others] * max(1, matrix.shape[1]) + columns[others].astype(np.int64))
            twice = keys[1:][keys[1:] == keys[:-1]] // max(1, matrix.shape[1])
            distinct[twice] = False
        return cls(signature=signature, sorted=is_sorted, bit=bit, distinct=distinct)


@dataclass
class Side:
    """One side (offers or needs) as arrays, row i being declarations[i]."""

    declarations: Sequence[Declaration]
    xyz: Floats  # [n, 3] unit vectors of the sites; NaN where unknown
    located: Bools
    lat: Floats  # radians
    lon: Floats  # radians
    fam: Ints  # [n, MAX_FAMILIES] resource index, -1 for none
    conf: Floats  # [n, MAX_FAMILIES] confidence of each family
    kind: Ints  # index in KINDS, -1 unknown
    unit_family: Ints  # index in UNIT_FAMILIES, -1 unknown
    rate: Floats  # yearly quantity in the base unit, NaN unknown
    hazardous: Bools
    accepts_hazardous: Bools
    hazard_named: Bools  # hazardous by the words of its text alone (`Resolution.hazard_named`)
    substances: Ints  # hazardous substances an offer holds, a need takes (`Resolution`)
    impure: Bools  # says it is mixed or soiled (`text.impurity`); a need: that it takes such
    out_of_order: Bools  # says it does not work (`text.out_of_order`)
    # A need for equipment that works: not for its parts, repair, metal or electronics.
    wants_working: Bools
    max_km: Floats  # declared cap, inf if none
    decay_km: Floats  # d0 of the declaration's main family, by `decay_km` (offer side)
    waterborne: Bools  # a material said to go (offer) or come (need) by ship or barge
    sector: Ints  # row in Prepared.sector_uses (needs), -1 none
    use: Ints  # the family a need says its resource is for (`Resolution.use`), -1 none
    tfidf: sparse.csr_matrix  # rows L2-normalised
    rare: sparse.csr_matrix  # binary, rare terms only

    def __post_init__(self) -> None:
        # The confidences as scoring compares them (float32 values: `kernel.rows`).
        self.conf32 = self.conf.astype(np.float32)
        # The family slots some row fills (scoring skips the others), found once rather than
        # by a scan of the whole side for every block of pairs.
        self.filled_slots = [slot for slot in range(MAX_FAMILIES) if (self.fam[:, slot] >= 0).any()]
        self.tfidf_rows = RowSummary.of(self.tfidf)
        self.rare_rows = RowSummary.of(self.rare)
        # The farthest decay an offer may have with some need: by water, if it goes by water.
        self.reach_decay_km = np.where(
            self.waterborne, WATERBORNE_REACH * self.decay_km, self.decay_km
        )

    def __len__(self) -> int:
        return len(self.declarations)

    @property
    def ids(self) -> list[str]:
        return [d.id for d in self.declarations]


@dataclass
class Prepared:
    """Both sides and what scoring needs from the knowledge base."""

    offers: Side
    needs: Side
    knowledge: Knowledge
    sector_uses: npt.NDArray[np.float32]  # [distinct need sectors, resources]
    sector_codes: list[str]
    vocabulary: dict[str, int]
    # The declaring organisations and their sites, as numbers (`organisations`).
    organisations: Numbered
    # The descriptions embedded, when the semantic view is asked for (`meaning`).
    meaning: Vectors | None = None

    def __post_init__(self) -> None:
        # Index -1 (no family, no sector) lands on an extra row and column of zeros.
        compat = self.knowledge.compat
        self.padded_compat = np.zeros((compat.shape[0] + 1, compat.shape[1] + 1), np.float32)
        self.padded_compat[:-1, :-1] = compat
        self.padded_refused = np.zeros(self.padded_compat.shape, np.bool_)
        self.padded_refused[:-1, :-1] = self.knowledge.refused
        self.padded_refused_use = np.zeros(self.padded_compat.shape, np.bool_)
        self.padded_refused_use[:-1, :-1] = self.knowledge.refused_use
        uses = self.sector_uses
        self.padded_sector_uses = np.zeros((uses.shape[0] + 1, uses.shape[1] + 1), np.float32)
        self.padded_sector_uses[:-1, :-1] = uses
        # What each sector uses of the families whose hazardous waste it is licensed to
        # receive (`Knowledge.receives_hazardous`): what opens it to a hazardous offer.
        self.padded_hazard_uses = self.padded_sector_uses.copy()
        if self.sector_codes:
            received = np.stack([self.knowledge.receives_hazardous(c) for c in self.sector_codes])
            self.padded_hazard_uses[:-1, :-1] *= received
        # For each family index, and -1 (no family) last, whether it is a root or none.
        roots = [self.knowledge.resources[r].parent is None for r in self.knowledge.ids]
        self.root_or_none = np.array([*roots, True], dtype=np.bool_)


def tfidf(ids: Ints, lengths: Ints, vocabulary_size: int) -> sparse.csr_matrix:
    """Rows of L2-normalised TF-IDF weights (sublinear tf, smoothed idf) of documents given as
    their terms' column indexes (`ids`, document after document, `lengths[d]` of them for
    document d), columns numbered in order of first appearance: each row's columns in order of
    first appearance with their counts, the matrix a Counter per document would give."""
    from boucle.engines.matching import loops  # numba, imported when first needed

    documents = len(lengths)
    doc = np.repeat(np.arange(documents, dtype=np.int64), lengths)
    # Each document's distinct terms in order of first appearance, with their counts.
    first, counts = loops.terms_counted(
        np.asarray(ids, dtype=np.int64), np.asarray(lengths, dtype=np.int64), vocabulary_size
    )
    column = ids[first]
    row = doc[first]
    indptr = np.r_[0, np.cumsum(np.bincount(row, minlength=documents))]
    df = np.bincount(column, minlength=vocabulary_size).astype(np.float64)
    idf = np.log((1 + documents) / (1 + df)) + 1
    weight = (1 + np.log(counts.astype(np.float64))) * idf[column]
    norm = np.sqrt(np.bincount(row, weights=weight**2, minlength=documents))
    if len(weight):
        weight /= norm[row]
    return sparse.csr_matrix(
        (weight.astype(np.float32), column, np.asarray(indptr, dtype=np.int64)),
        shape=(documents, max(1, vocabulary_size)),
    )


def resolve_all(
    declarations: Sequence[Declaration], knowledge: Knowledge, role: str
) -> list[Resolution]:
    """Each declaration's resolution (the unit a cluster can parallelise)."""
    return [resolve(d, knowledge, role=role) for d in declarations]


@dataclass
class _Rows:
    """Consecutive rows of one side, laid out by the process that resolved them: `Side`'s
    columns in compact types, and each row's terms as indexes into the range's own list of
    distinct terms. From a worker, only these few buffers and one string per distinct term
    travel back: unpickling resolutions and laying them out one by one in the main process
    cost about 37 µs per declaration, serial, while the workers waited on it."""

    lat: Floats  # radians, NaN unknown
    lon: Floats
    fam: npt.NDArray[np.int32]  # [n, MAX_FAMILIES]
    conf: Floats  # [n, MAX_FAMILIES]
    kind: npt.NDArray[np.int8]
    unit_family: npt.NDArray[np.int8]
    rate: Floats
    hazardous: Bools
    accepts_hazardous: Bools
    hazard_named: Bools
    substances: npt.NDArray[np.int8]
    impure: Bools
    out_of_order: Bools
    wants_working: Bools
    max_km: Floats
    decay_km: Floats
    waterborne: Bools
    sector: npt.NDArray[np.int32]
    use: npt.NDArray[np.int32]
    terms: list[str]  # distinct, in order of first appearance
    term_ids: npt.NDArray[np.int32]  # the rows' terms one row after another, into `terms`
    term_counts: npt.NDArray[np.int32]  # how many of `term_ids` each row has


_KIND_INDEX = {kind: i for i, kind in enumerate(KINDS)}
_UNIT_INDEX = {unit: i for i, unit in enumerate(UNIT_FAMILIES)}


def _lay_out(
    declarations: Sequence[Declaration],
    resolutions: Sequence[Resolution],
    index: dict[str, int],
    sector_index: dict[str, int],
) -> _Rows:
    """These declarations' rows, from their resolutions (`index`: the knowledge's index of
    resource ids; `sector_index`: the rows of the needs' sectors)."""
    n = len(declarations)
    # Each column filled as a list and made an array once: setting numpy items one by one
    # costs more than the Python that reads them.
    nan = math.nan
    lat, lon, rate, max_km, decay = [nan] * n, [nan] * n, [nan] * n, [math.inf] * n, [0.0] * n
    fam = [-1] * (n * MAX_FAMILIES)  # row after row
    conf = [0.0] * (n * MAX_FAMILIES)
    kind, unit_family, sector, substances, use = [-1] * n, [-1] * n, [-1] * n, [0] * n, [-1] * n
    hazardous, accepts, named, impure, broken, working, by_water = ([False] * n for _ in range(7))
    flat: list[str] = []
    counts = [0] * n
    for i, (declaration, resolution) in enumerate(zip(declarations, resolutions, strict=True)):
        description = declaration.description
        if declaration.lat is not None and declaration.lon is not None:
            # The CSV reader refuses such a site; a declaration built in code is checked here,
            # before a NaN or an infinity reaches the KD-trees (scipy: "data must be finite").
            if not (-90 <= declaration.lat <= 90 and -180 <= declaration.lon <= 180):
                raise ValueError(
                    f"declaration {declaration.id!r}: its site must be a latitude within -90..90 "
                    f"and a longitude within -180..180, not {declaration.lat}, {declaration.lon}"
                )
            lat[i] = declaration.lat
            lon[i] = declaration.lon
        families = resolution.families
        for slot, family in enumerate(families, start=i * MAX_FAMILIES):
            fam[slot] = index[family.resource]
            conf[slot] = family.confidence
        kind[i] = _KIND_INDEX.get(resolution.kind or "", -1)
        if declaration.quantity is not None and declaration.unit is not None:
            family_name, rate[i] = per_year(
                declaration.quantity, declaration.unit, declaration.period
            )
            unit_family[i] = _UNIT_INDEX[family_name]
        hazardous[i] = resolution.hazardous
        accepts[i] = resolution.accepts_hazardous
        named[i] = resolution.hazard_named
        substances[i] = resolution.substances
        impure[i] = impurity(description) is not None
        broken[i] = out_of_order(description) is not None
        main = families[0].resource if families else None
        working[i] = (
            main is not None
            and main.startswith("equipment")
            and not main.startswith(_PARTS)
            and not takes_out_of_order(description)
        )
        if declaration.max_km is not None:
            max_km[i] = declaration.max_km
        decay[i] = decay_km(main, resolution.kind)
        by_water[i] = main is not None and main.startswith("material") and waterborne(description)
        sector[i] = sector_index.get(declaration.nace or "", -1)
        if resolution.use is not None:
            use[i] = index[resolution.use]
        flat += resolution.terms
        counts[i] = len(resolution.terms)
    terms = list(dict.fromkeys(flat))
    position = {term: i for i, term in enumerate(terms)}
    return _Rows(
        lat=np.radians(np.array(lat, dtype=np.float64)),
        lon=np.radians(np.array(lon, dtype=np.float64)),
        fam=np.array(fam, dtype=np.int32).reshape(n, MAX_FAMILIES),
        conf=np.array(conf, dtype=np.float64).reshape(n, MAX_FAMILIES),
        kind=np.array(kind, dtype=np.int8),
        unit_family=np.array(unit_family, dtype=np.int8),
        rate=np.array(rate, dtype=np.float64),
        hazardous=np.array(hazardous, dtype=np.bool_),
        accepts_hazardous=np.array(accepts, dtype=np.bool_),
        hazard_named=np.array(named, dtype=np.bool_),
        substances=np.array(substances, dtype=np.int8),
        impure=np.array(impure, dtype=np.bool_),
        out_of_order=np.array(broken, dtype=np.bool_),
        wants_working=np.array(working, dtype=np.bool_),
        max_km=np.array(max_km, dtype=np.float64),
        decay_km=np.array(decay, dtype=np.float64),
        waterborne=np.array(by_water, dtype=np.bool_),
        sector=np.array(sector, dtype=np.int32),
        use=np.array(use, dtype=np.int32),
        terms=terms,
        term_ids=np.fromiter(map(position.__getitem__, flat), dtype=np.int32, count=len(flat)),
        term_counts=np.array(counts, dtype=np.int32),
    )


# Declarations resolved per task: few enough that the main process takes in each range while
# the workers resolve the next ones. (Ranges of 5,000 cost the workers 2 to 3 s more CPU at
# 100,000 x 100,000, alternately measured, for no shorter wall time.)
RANGE_SIZE = 10_000


def _resolve_sides(
    sides: dict[str, Sequence[Declaration]],
    knowledge: Knowledge,
    sector_index: dict[str, int],
    workers: int,
) -> dict[str, list[_Rows]]:
    """Each role's declarations resolved and laid out in ranges of rows, all ranges on one pool
    of forked workers (one fork, and each worker's caches of stems and texts serve both
    sides), or in this process with one worker."""
    ranges = [
        (role, start, start + RANGE_SIZE)
        for role, declarations in sides.items()
        for start in range(0, len(declarations), RANGE_SIZE)
    ]
    state = (sides, knowledge, sector_index)
    out: dict[str, list[_Rows]] = {role: [] for role in sides}
    resolved = fork_imap(
        _resolve_range, ranges, workers=workers, state=state, meanwhile=_load_loops
    )
    for (role, _, _), rows in zip(ranges, resolved, strict=True):
        out[role].append(rows)
    return out


def _load_loops() -> None:
    """The compiled loops loaded in this process while the workers resolve: importing numba
    and reading its cache took 0.7 s at the start of the TF-IDF, after the workers were done,
    with the other core idle (100,000 x 100,000)."""
    from boucle.engines.matching import loops

    loops.load()


def _resolve_range(
    state: tuple[dict[str, Sequence[Declaration]], Knowledge, dict[str, int]],
    bounds: tuple[str, int, int],
) -> _Rows:
    sides, knowledge, sector_index = state
    role, start, end = bounds
    declarations = sides[role][start:end]
    resolutions = [resolve(d, knowledge, role=role) for d in declarations]
    # Only needs have a sector row (the uses of the sector a need names).
    return _lay_out(
        declarations, resolutions, knowledge.index, sector_index if role == "need" else {}
    )


def prepare(
    offers: Sequence[Declaration],
    needs: Sequence[Declaration],
    knowledge: Knowledge,
    *,
    offer_resolutions: list[Resolution] | None = None,
    need_resolutions: list[Resolution] | None = None,
    workers: int = 1,
    semantic: bool = False,
) -> Prepared:
    """Resolve both sides (unless given; on `workers` forked processes) and lay them out as
    arrays; with `semantic`, embed the descriptions too (`meaning`: raises
    `MeaningUnavailable` without the model package, before any other work)."""
    if semantic:
        meaning.check()
    with paused_gc():
        prepared = _prepare(offers, needs, knowledge, offer_resolutions, need_resolutions, workers)
    if semantic:
        # After the forked workers are done: the model's OpenMP threads must not be forked.
        prepared.meaning = meaning.embed(offers, needs)
    return prepared


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off meanwhile (workers forked meanwhile inherit that).

    Preparation builds millions of small objects that form no cycles (tuples, strings,
    resolutions) and lives on; each full collection would walk every one of them again (at
    100,000 x 100,000, preparation took 20 s with the collector, 12 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _prepare(
    offers: Sequence[Declaration],
    needs: Sequence[Declaration],
    knowledge: Knowledge,
    offer_resolutions: list[Resolution] | None,
    need_resolutions: list[Resolution] | None,
    workers: int,
) -> Prepared:
    sector_codes = sorted({d.nace for d in needs if d.nace})
    sector_index = {code: i for i, code in enumerate(sector_codes)}
    declared = {"offer": offers, "need": needs}
    given = {"offer": offer_resolutions, "need": need_resolutions}
    unresolved = {role: declared[role] for role in declared if given[role] is None}
    rows = _resolve_sides(unresolved, knowledge, sector_index, workers)
    for role, resolutions in given.items():
        if resolutions is not None:
            index = sector_index if role == "need" else {}
            rows[role] = [_lay_out(declared[role], resolutions, knowledge.index, index)]
    # One vocabulary for both sides, its columns in order of first appearance (offers first):
    # each range's distinct terms, in their order, numbered when first met.
    vocabulary: dict[str, int] = {}
    ids, lengths = [], []
    for part in rows["offer"] + rows["need"]:
        local = [vocabulary.setdefault(term, len(vocabulary)) for term in part.terms]
        ids.append(np.array(local, dtype=np.int64)[part.term_ids])
        lengths.append(part.term_counts)
    matrix = tfidf(
        np.concatenate([np.zeros(0, np.int64), *ids]),
        np.concatenate([np.zeros(0, np.int64), *lengths]).astype(np.int64),
        len(vocabulary),
    )
    binary = matrix.copy()
    binary.data[:] = 1
    df = np.asarray(binary.sum(axis=0)).ravel()
    rare_columns = (df >= 2) & (df <= RARE_TERM_MAX_DF)
    rare = sparse.csr_matrix(binary.multiply(rare_columns[np.newaxis, :]))
    rare.eliminate_zeros()
    count = len(offers)
    if sector_codes:
        sector_uses = np.stack([knowledge.sector_row(code, "uses") for code in sector_codes])
    else:
        sector_uses = np.zeros((0, len(knowledge.ids)), dtype=np.float32)
    return Prepared(
        offers=_side(offers, rows["offer"], matrix[:count], rare[:count]),
        needs=_side(needs, rows["need"], matrix[count:], rare[count:]),
        knowledge=knowledge,
        sector_uses=sector_uses,
        sector_codes=sector_codes,
        vocabulary=vocabulary,
        organisations=number_organisations(
            [d.organisation for d in offers], [d.organisation for d in needs]
        ),
    )


def _side(
    declarations: Sequence[Declaration],
    parts: list[_Rows],
    tfidf: sparse.csr_matrix,
    rare: sparse.csr_matrix,
) -> Side:
    """A side from its ranges of rows, in order."""
    if not parts:  # no declarations
        parts = [_lay_out([], [], {}, {})]

    def column(name: str, dtype: type | None = None) -> npt.NDArray[Any]:
        joined = np.concatenate([getattr(part, name) for part in parts])
        return joined if dtype is None else joined.astype(dtype)

    lat, lon = column("lat"), column("lon")
    located = ~np.isnan(lat)
    xyz = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1)
    return Side(
        declarations=declarations,
        xyz=xyz,
        located=located,
        lat=lat,
        lon=lon,
        fam=column("fam", np.int64),
        conf=column("conf"),
        kind=column("kind", np.int64),
        unit_family=column("unit_family", np.int64),
        rate=column("rate"),
        hazardous=column("hazardous"),
        accepts_hazardous=column("accepts_hazardous"),
        hazard_named=column("hazard_named"),
        substances=column("substances", np.int64),
        impure=column("impure"),
        out_of_order=column("out_of_order"),
        wants_working=column("wants_working"),
        max_km=column("max_km"),
        decay_km=column("decay_km"),
        waterborne=column("waterborne"),
        sector=column("sector", np.int64),
        use=column("use", np.int64),
        tfidf=tfidf,
        rare=rare,
    )


def chord(km: float | Floats) -> float | Floats:
    """The straight-line distance between unit vectors `km` apart on the Earth's surface."""
    angle = np.minimum(np.asarray(km, dtype=np.float64) / EARTH_RADIUS_KM, math.pi)
    return 2.0 * np.sin(angle / 2.0)
