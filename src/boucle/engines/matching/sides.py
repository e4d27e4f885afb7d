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

import numpy as np
import numpy.typing as npt
from scipy import sparse

from boucle.engines.matching.declarations import KINDS, Declaration
from boucle.engines.matching.knowledge import Knowledge
from boucle.engines.matching.organisations import organisation_key
from boucle.engines.matching.parallel import fork_imap
from boucle.engines.matching.resolve import MAX_FAMILIES, Family, Resolution, resolve
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
_DECAY_BY_FAMILY = {
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
        kind = kind or words[0]
    return _DECAY_BY_KIND.get(kind or "", DEFAULT_DECAY_KM)


@dataclass(frozen=True)
class RowSummary:
    """What can be told of a sparse matrix's rows without reading them: which columns each
    row may have (one of 64 bits per column, so two rows whose signatures share no bit have a
    dot product of exactly zero), and whether its columns are in increasing order."""

    signature: npt.NDArray[np.uint64]
    sorted: Bools

    @classmethod
    def of(cls, matrix: sparse.csr_matrix) -> RowSummary:
        indptr = np.asarray(matrix.indptr, dtype=np.int64)
        columns = np.asarray(matrix.indices, dtype=np.uint64)
        row = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(indptr))
        # Fibonacci hashing: the top six bits of the column times 2^64 / golden ratio.
        bits = np.left_shift(
            np.uint64(1), (columns * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(58)
        )
        signature = np.zeros(matrix.shape[0], dtype=np.uint64)
        filled = np.flatnonzero(indptr[:-1] < indptr[1:])
        if len(filled):
            signature[filled] = np.bitwise_or.reduceat(bits, indptr[filled])
        increasing = np.ones(len(columns), dtype=np.bool_)
        increasing[1:] = columns[1:] > columns[:-1]
        increasing[indptr[filled]] = True  # a row's first column
        unsorted = np.bincount(row[~increasing], minlength=matrix.shape[0])
        return cls(signature=signature, sorted=unsorted == 0)


@dataclass
class Side:
    """One side (offers or needs) as arrays, row i being declarations[i]."""

    declarations: Sequence[Declaration]
    resolutions: list[Resolution]
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
    impure: Bools  # says it is mixed or soiled (`text.impurity`); a need: that it takes such
    out_of_order: Bools  # says it does not work (`text.out_of_order`)
    # A need for equipment that works: not for its parts, repair, metal or electronics.
    wants_working: Bools
    max_km: Floats  # declared cap, inf if none
    decay_km: Floats  # d0 of the declaration's main family (used on the offer side)
    waterborne: Bools  # a material said to go (offer) or come (need) by ship or barge
    sector: Ints  # row in Prepared.sector_uses (needs), -1 none
    # The declaring organisation's name, one number for the same name on either side (-1
    # none), and the words of its site (`organisations.organisation_key`).
    organisation: Ints
    site: list[frozenset[str]]
    tfidf: sparse.csr_matrix  # rows L2-normalised
    rare: sparse.csr_matrix  # binary, rare terms only

    def __post_init__(self) -> None:
        # What scoring gathers for millions of pairs, laid out so each gather reads one
        # contiguous array: each family slot's column, the cosine of each latitude.
        self.conf32 = self.conf.astype(np.float32)
        self.fam_slots = [np.ascontiguousarray(self.fam[:, slot]) for slot in range(MAX_FAMILIES)]
        self.conf32_slots = [
            np.ascontiguousarray(self.conf32[:, slot]) for slot in range(MAX_FAMILIES)
        ]
        self.cos_lat = np.cos(self.lat)
        # Whether any row names its organisation (scoring skips the comparison otherwise).
        self.organised = bool((self.organisation >= 0).any())
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

    def __post_init__(self) -> None:
        # Index -1 (no family, no sector) lands on an extra row and column of zeros.
        compat = self.knowledge.compat
        self.padded_compat = np.zeros((compat.shape[0] + 1, compat.shape[1] + 1), np.float32)
        self.padded_compat[:-1, :-1] = compat
        uses = self.sector_uses
        self.padded_sector_uses = np.zeros((uses.shape[0] + 1, uses.shape[1] + 1), np.float32)
        self.padded_sector_uses[:-1, :-1] = uses
        # For each family index, and -1 (no family) last, whether it is a root or none.
        roots = [self.knowledge.resources[r].parent is None for r in self.knowledge.ids]
        self.root_or_none = np.array([*roots, True], dtype=np.bool_)


def tfidf(documents: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, dict[str, int]]:
    """Rows of L2-normalised TF-IDF weights (sublinear tf, smoothed idf) and the vocabulary."""
    # Columns in order of first appearance, each document's terms in order of first
    # appearance with their counts: the matrix a Counter per document would give, in arrays.
    flat = [term for terms in documents for term in terms]
    vocabulary = {term: i for i, term in enumerate(dict.fromkeys(flat))}
    ids = np.fromiter(map(vocabulary.__getitem__, flat), dtype=np.int64, count=len(flat))
    lengths = np.fromiter(map(len, documents), dtype=np.int64, count=len(documents))
    doc = np.repeat(np.arange(len(documents), dtype=np.int64), lengths)
    _, first, counted = np.unique(
        doc * max(1, len(vocabulary)) + ids, return_index=True, return_counts=True
    )
    order = np.argsort(first, kind="stable")
    first, counts = first[order], counted[order]
    column = ids[first]
    row = doc[first]
    indptr = np.r_[0, np.cumsum(np.bincount(row, minlength=len(documents)))]
    df = np.bincount(column, minlength=len(vocabulary)).astype(np.float64)
    idf = np.log((1 + len(documents)) / (1 + df)) + 1
    weight = (1 + np.log(counts.astype(np.float64))) * idf[column]
    norm = np.sqrt(np.bincount(row, weights=weight**2, minlength=len(documents)))
    if len(weight):
        weight /= norm[row]
    matrix = sparse.csr_matrix(
        (weight.astype(np.float32), column, np.asarray(indptr, dtype=np.int64)),
        shape=(len(documents), max(1, len(vocabulary))),
    )
    return matrix, vocabulary


def resolve_all(
    declarations: Sequence[Declaration], knowledge: Knowledge, role: str, *, workers: int = 1
) -> list[Resolution]:
    """Each declaration's resolution (the unit a cluster can parallelise)."""
    if workers <= 1:
        return [resolve(d, knowledge, role=role) for d in declarations]
    return _resolve_sides({role: declarations}, knowledge, workers)[role]


def _resolve_sides(
    sides: dict[str, Sequence[Declaration]],
    knowledge: Knowledge,
    workers: int,
    columns: dict[str, _Columns] | None = None,
) -> dict[str, list[Resolution]]:
    """The resolutions of each role's declarations, all chunks on one pool of forked workers
    (one fork, and each worker's caches of stems and texts serve both sides). Each chunk, as it
    comes back, is also laid out in its role's `columns` if given: that work of this process
    is done while the workers resolve the next chunks, not after them all."""
    size = 10_000
    ranges = [
        (role, start, start + size)
        for role, declarations in sides.items()
        for start in range(0, len(declarations), size)
    ]
    done = fork_imap(_resolve_range, ranges, workers=workers, state=(sides, knowledge))
    out: dict[str, list[Resolution]] = {role: [] for role in sides}
    for (role, start, end), chunk in zip(ranges, done, strict=True):
        resolutions = [_from_plain(plain) for plain in chunk]
        out[role] += resolutions
        if columns is not None:
            columns[role].fill(start, sides[role][start:end], resolutions)
    return out


_Plain = tuple[tuple[tuple[str, float, str], ...], str | None, bool, bool, tuple[str, ...], bool]


def _resolve_range(
    state: tuple[dict[str, Sequence[Declaration]], Knowledge], bounds: tuple[str, int, int]
) -> list[_Plain]:
    # Plain tuples travel back between processes several times faster than dataclasses.
    sides, knowledge = state
    role, start, end = bounds
    out: list[_Plain] = []
    for declaration in sides[role][start:end]:
        r = resolve(declaration, knowledge, role=role)
        families = tuple((f.resource, f.confidence, f.evidence) for f in r.families)
        out.append((families, r.kind, r.hazardous, r.accepts_hazardous, r.terms, r.hazard_named))
    return out


def _from_plain(plain: _Plain) -> Resolution:
    families, kind, hazardous, accepts, terms, named = plain
    return Resolution(tuple(Family(*f) for f in families), kind, hazardous, accepts, terms, named)


def prepare(
    offers: Sequence[Declaration],
    needs: Sequence[Declaration],
    knowledge: Knowledge,
    *,
    offer_resolutions: list[Resolution] | None = None,
    need_resolutions: list[Resolution] | None = None,
    workers: int = 1,
) -> Prepared:
    """Resolve both sides (unless given; on `workers` forked processes) and lay them out as
    arrays."""
    with paused_gc():
        return _prepare(offers, needs, knowledge, offer_resolutions, need_resolutions, workers)


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
    columns = {
        "offer": _Columns(len(offers), knowledge, {}),
        "need": _Columns(len(needs), knowledge, sector_index),
    }
    if workers > 1 and offer_resolutions is None and need_resolutions is None:
        sides = {"offer": offers, "need": needs}
        both = _resolve_sides(sides, knowledge, workers, columns)
        offer_res, need_res = both["offer"], both["need"]
    else:
        offer_res = offer_resolutions or resolve_all(offers, knowledge, "offer", workers=workers)
        need_res = need_resolutions or resolve_all(needs, knowledge, "need", workers=workers)
        columns["offer"].fill(0, offers, offer_res)
        columns["need"].fill(0, needs, need_res)
    documents = [r.terms for r in offer_res] + [r.terms for r in need_res]
    matrix, vocabulary = tfidf(documents)
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
    names: dict[str, int] = {}
    offer_org = _organisations(offers, names)
    need_org = _organisations(needs, names)
    return Prepared(
        offers=columns["offer"].side(offers, offer_res, matrix[:count], rare[:count], offer_org),
        needs=columns["need"].side(needs, need_res, matrix[count:], rare[count:], need_org),
        knowledge=knowledge,
        sector_uses=sector_uses,
        sector_codes=sector_codes,
        vocabulary=vocabulary,
    )


def _organisations(
    declarations: Sequence[Declaration], names: dict[str, int]
) -> tuple[Ints, list[frozenset[str]]]:
    """Each declaration's organisation number (`names` numbers them across both sides, -1
    for none) and site words."""
    numbers = np.full(len(declarations), -1, dtype=np.int64)
    sites: list[frozenset[str]] = []
    for i, declaration in enumerate(declarations):
        key = organisation_key(declaration.organisation)
        if key is None:
            sites.append(frozenset())
            continue
        numbers[i] = names.setdefault(key[0], len(names))
        sites.append(key[1])
    return numbers, sites


class _Columns:
    """A side's arrays, filled a range of rows at a time (as resolutions come back)."""

    def __init__(self, n: int, knowledge: Knowledge, sector_index: dict[str, int]) -> None:
        self.knowledge = knowledge
        self.sector_index = sector_index
        self.lat = np.full(n, np.nan)
        self.lon = np.full(n, np.nan)
        self.fam = np.full((n, MAX_FAMILIES), -1, dtype=np.int64)
        self.conf = np.zeros((n, MAX_FAMILIES))
        self.kind = np.full(n, -1, dtype=np.int64)
        self.unit_family = np.full(n, -1, dtype=np.int64)
        self.rate = np.full(n, np.nan)
        self.hazardous = np.zeros(n, dtype=np.bool_)
        self.accepts = np.zeros(n, dtype=np.bool_)
        self.hazard_named = np.zeros(n, dtype=np.bool_)
        self.impure = np.zeros(n, dtype=np.bool_)
        self.out_of_order = np.zeros(n, dtype=np.bool_)
        self.wants_working = np.zeros(n, dtype=np.bool_)
        self.max_km = np.full(n, np.inf)
        self.decay = np.full(n, DEFAULT_DECAY_KM)
        self.waterborne = np.zeros(n, dtype=np.bool_)
        self.sector = np.full(n, -1, dtype=np.int64)

    def fill(
        self, start: int, declarations: Sequence[Declaration], resolutions: list[Resolution]
    ) -> None:
        """Rows start, start + 1, ... from these declarations and their resolutions."""
        lat, lon, fam, conf, rate = self.lat, self.lon, self.fam, self.conf, self.rate
        index, sector_index = self.knowledge.index, self.sector_index
        kinds = {k: i for i, k in enumerate(KINDS)}
        units = {u: i for i, u in enumerate(UNIT_FAMILIES)}
        pairs = zip(declarations, resolutions, strict=True)
        for i, (declaration, resolution) in enumerate(pairs, start):
            if declaration.lat is not None and declaration.lon is not None:
                lat[i] = math.radians(declaration.lat)
                lon[i] = math.radians(declaration.lon)
            for slot, family in enumerate(resolution.families):
                fam[i, slot] = index[family.resource]
                conf[i, slot] = family.confidence
            if resolution.kind in kinds:
                self.kind[i] = kinds[resolution.kind]
            if declaration.quantity is not None and declaration.unit is not None:
                family_name, rate[i] = per_year(
                    declaration.quantity, declaration.unit, declaration.period
                )
                self.unit_family[i] = units[family_name]
            self.hazardous[i] = resolution.hazardous
            self.accepts[i] = resolution.accepts_hazardous
            self.hazard_named[i] = resolution.hazard_named
            self.impure[i] = impurity(declaration.description) is not None
            self.out_of_order[i] = out_of_order(declaration.description) is not None
            main = resolution.families[0].resource if resolution.families else None
            self.wants_working[i] = (
                main is not None
                and main.startswith("equipment")
                and not main.startswith(_PARTS)
                and not takes_out_of_order(declaration.description)
            )
            if declaration.max_km is not None:
                self.max_km[i] = declaration.max_km
            self.decay[i] = decay_km(main, resolution.kind)
            self.waterborne[i] = (
                main is not None
                and main.startswith("material")
                and waterborne(declaration.description)
            )
            if declaration.nace in sector_index:
                self.sector[i] = sector_index[declaration.nace]

    def side(
        self,
        declarations: Sequence[Declaration],
        resolutions: list[Resolution],
        tfidf: sparse.csr_matrix,
        rare: sparse.csr_matrix,
        organisations: tuple[Ints, list[frozenset[str]]],
    ) -> Side:
        lat, lon = self.lat, self.lon
        located = ~np.isnan(lat)
        xyz = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1)
        return Side(
            declarations=declarations,
            resolutions=resolutions,
            xyz=xyz,
            located=located,
            lat=lat,
            lon=lon,
            fam=self.fam,
            conf=self.conf,
            kind=self.kind,
            unit_family=self.unit_family,
            rate=self.rate,
            hazardous=self.hazardous,
            accepts_hazardous=self.accepts,
            hazard_named=self.hazard_named,
            impure=self.impure,
            out_of_order=self.out_of_order,
            wants_working=self.wants_working,
            max_km=self.max_km,
            decay_km=self.decay,
            waterborne=self.waterborne,
            sector=self.sector,
            organisation=organisations[0],
            site=organisations[1],
            tfidf=tfidf,
            rare=rare,
        )


def chord(km: float | Floats) -> float | Floats:
    """The straight-line distance between unit vectors `km` apart on the Earth's surface."""
    angle = np.minimum(np.asarray(km, dtype=np.float64) / EARTH_RADIUS_KM, math.pi)
    return 2.0 * np.sin(angle / 2.0)
