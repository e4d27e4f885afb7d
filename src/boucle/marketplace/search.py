"""Full-text search of lots, with facets, a distance filter and sorting: one function for both
databases.

`search_text` folds a lot's words the same way the query is folded: lower case, accents
stripped, each word stemmed by the French and the English Snowball stemmers, so "chaises",
"chaise" and "Chaise" meet, and "chairs" meets "chair". Both full-text engines (SQLite FTS5,
PostgreSQL tsvector with the `simple` configuration) index this folded text, which is what
makes them return the same lots.

Usage::

    query = LotQuery.from_params(request.GET)      # ServiceError(field=...) on a bad value
    result = lot_search(query)
    result.lots, result.total, result.pages, result.facets["category"]

How a search runs (three queries whatever the page size):

1. One compact scan of the candidates: open lots that match the words (FTS5 `MATCH` ranked by
   bm25 on SQLite, intersected in the index with the grid cells covering the radius; on
   PostgreSQL `@@` on a stored, GIN-indexed tsvector, ranked by ts_rank), the offer type, the
   quantity wanted and the bounding box of the radius (on the indexed latitude/longitude). It
   reads a dozen columns per lot, not whole rows.
2. In Python, on those rows: the exact haversine distance, the facet filters, the facet counts
   (each facet counted with every filter but its own, as shops do, so a buyer sees how many
   lots another choice would give), the sort and the page.
3. The page's lots with their seller, site and commune, and their photos (prefetched); their
   categories come from a copy kept per process.

The facet filters run in Python rather than in SQL so that the counts of five facets cost one
scan instead of five GROUP BY queries, and so that both databases give the same answer by
construction.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boucle.engines.matching.text import stem, strip_accents

if TYPE_CHECKING:
    from boucle.marketplace.models import Lot

__all__ = [
    "FacetCount",
    "LotQuery",
    "SearchResult",
    "fold_words",
    "lot_matches",
    "lot_search",
    "search_text",
]

_WORD = re.compile(r"[a-z0-9]+")

# The SQLite FTS5 table of search_text and grid cells (migrations 0003 and 0004).
FTS_TABLE = "marketplace_lot_fts"


@lru_cache(maxsize=100_000)
def fold_word(word: str) -> tuple[str, ...]:
    """The index terms of one lower-case, accent-free word: its French and English stems."""
    forms = {stem(word, "fr"), stem(word, "en")}
    return tuple(sorted(f for f in forms if f))


def fold_words(text: str) -> list[tuple[str, ...]]:
    """Each word of a text as its tuple of index terms, in order."""
    return [fold_word(w) for w in _WORD.findall(strip_accents(text.lower()))]


def search_text(lot: Lot) -> str:
    """The folded text both engines index for a lot."""
    category = lot.category
    parts = [lot.title, lot.brand, lot.description, category.name_fr, category.name_en]
    if category.parent_id:
        parent = category.parent
        assert parent is not None
        parts += [parent.name_fr, parent.name_en]
    terms: list[str] = []
    seen: set[str] = set()
    for forms in fold_words(" ".join(p for p in parts if p)):
        for term in forms:
            if term not in seen:
                seen.add(term)
                terms.append(term)
    return " ".join(terms)


# Words a query may hold that say nothing of the goods ("chaises pour bureau"): dropped from
# the query (unless nothing else is left), since a lot's text need not contain them.
_QUERY_STOP_WORDS = frozenset(
    {
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "de",
        "des",
        "du",
        "en",
        "et",
        "la",
        "le",
        "les",
        "un",
        "une",
        "ou",
        "par",
        "pour",
        "sur",
        "dans",
        "l",
        "d",
        "an",
        "and",
        "for",
        "of",
        "the",
        "with",
        "in",
        "on",
        "or",
        "to",
        "by",
        "from",
    }
)
MAX_QUERY_WORDS = 12
# A final word shorter than this is matched whole: "a*" would match half the index.
MIN_PREFIX_LENGTH = 2


class QueryWord(NamedTuple):
    word: str  # folded (lower case, no accents)
    stems: tuple[str, ...]
    prefix: bool  # the last word, matched as a prefix too while the person types


def query_words(q: str) -> list[QueryWord]:
    """The words of a query as the engines match them: each by any of its stems, every word
    required, the last also as a prefix of an indexed term."""
    words = _WORD.findall(strip_accents(q.lower()))
    meaningful = [w for w in words if w not in _QUERY_STOP_WORDS]
    words = (meaningful or words)[:MAX_QUERY_WORDS]
    last = len(words) - 1
    return [
        QueryWord(w, fold_word(w), i == last and len(w) >= MIN_PREFIX_LENGTH)
        for i, w in enumerate(words)
    ]


def fts5_expression(words: Sequence[QueryWord], cells: Sequence[str] = ()) -> str:
    """`search_text : (("chais") AND ("bureau" OR "bureau"*)) AND cells : (b339x462 OR ...)`:
    every term quoted, so no word is an operator; query words reach the text column only."""
    groups = []
    for w in words:
        alternatives = [f'"{s}"' for s in w.stems]
        if w.prefix:
            alternatives.append(f'"{w.word}"*')
        groups.append("(" + " OR ".join(alternatives) + ")")
    expression = "search_text : (" + " AND ".join(groups) + ")"
    if cells:
        expression += " AND cells : (" + " OR ".join(cells) + ")"
    return expression


def tsquery_expression(words: Sequence[QueryWord]) -> str:
    """`(chais) & (bureau | bureau:*)` for to_tsquery('simple', ...): terms are [a-z0-9]+."""
    groups = []
    for w in words:
        alternatives = list(w.stems)
        if w.prefix:
            alternatives.append(f"{w.word}:*")
        groups.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(groups)


def _text_matches(terms: set[str], words: Sequence[QueryWord]) -> bool:
    """What both engines answer, for one lot's indexed terms (saved-search alerts)."""
    for w in words:
        if any(s in terms for s in w.stems):
            continue
        if w.prefix and any(t.startswith(w.word) for t in terms):
            continue
        return False
    return True


def search_index_repair(using: str = "default", **kwargs: Any) -> bool:
    """Re-creates the SQLite index's triggers if a migration dropped them, and re-fills the
    index; answers whether it had to. Run after every `migrate` (see apps.py).

    Django's SQLite schema editor rebuilds a table to alter it (a new table, a copy, a rename),
    and the triggers of the old table go with it: without this, lots saved after such a
    migration would silently be missing from searches.
    """
    from importlib import import_module

    from django.db import connections

    db = connections[using]
    if db.vendor != "sqlite":
        return False
    with db.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE name LIKE %s", [f"{FTS_TABLE}%"])
        found = {name for kind, name in cursor.fetchall() if kind in ("table", "trigger")}
    triggers = {f"{FTS_TABLE}_insert", f"{FTS_TABLE}_delete", f"{FTS_TABLE}_update"}
    if FTS_TABLE not in found or triggers <= found:
        return False  # not migrated that far yet, or intact
    migration = import_module("boucle.marketplace.migrations.0004_search_geo_cells")
    with db.cursor() as cursor:
        for sql in migration.SQLITE_CREATE + migration.SQLITE_FILL:
            cursor.execute(sql)
    return True


# --- The query --------------------------------------------------------------------------

SORTS = ("relevance", "newest", "price", "price_desc", "distance")
SORT_LABELS = {
    "relevance": gettext_lazy("Relevance"),
    "newest": gettext_lazy("Newest"),
    "price": gettext_lazy("Price, lowest first"),
    "price_desc": gettext_lazy("Price, highest first"),
    "distance": gettext_lazy("Distance"),
}
MAX_PER_PAGE = 100
MAX_RADIUS_KM = 1500.0
_TRUE = frozenset({"1", "true", "on", "yes"})
_FALSE = frozenset({"", "0", "false", "off", "no"})


class Band(NamedTuple):
    value: str
    low: int  # inclusive
    high: int | None  # inclusive; None: no upper bound
    label: Any  # a lazy translation


# Price bands in cents, per unit excluding VAT (the hire price per day for hire lots). A band's
# value is the `price_min-price_max` its link sets, both inclusive, so a lot at exactly 50 €
# falls in one band only.
PRICE_BANDS = (
    Band("0.01-9.99", 1, 999, gettext_lazy("Under 10 €")),
    Band("10-49.99", 1000, 4999, gettext_lazy("10 to 50 €")),
    Band("50-199.99", 5000, 19999, gettext_lazy("50 to 200 €")),
    Band("200-999.99", 20000, 99999, gettext_lazy("200 to 1,000 €")),
    Band("1000-", 100000, None, gettext_lazy("1,000 € and more")),
)
FREE_VALUE = "free"
# Bands of a lot's minimum order quantity (the `min_order` parameter takes a band's value).
MIN_ORDER_BANDS = (
    Band("1", 1, 1, gettext_lazy("No minimum order")),
    Band("2-10", 2, 10, gettext_lazy("Minimum order of 2 to 10")),
    Band("11-100", 11, 100, gettext_lazy("Minimum order of 11 to 100")),
    Band("101-", 101, None, gettext_lazy("Minimum order above 100")),
)


def _choices() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    from boucle.marketplace.models import Condition, OfferType
    from boucle.marketplace.services.lots import SELLER_KINDS

    return (
        dict(Condition.choices),
        {k.value: k.label for k in SELLER_KINDS},
        dict(OfferType.choices),
    )


@dataclass(frozen=True)
class LotQuery:
    """What a buyer searches for; `from_params` reads it from a query string."""

    q: str = ""
    category: str = ""  # a code; a top-level code includes its subcategories
    conditions: tuple[str, ...] = ()
    price_min: Decimal | None = None  # per unit excl. VAT, inclusive
    price_max: Decimal | None = None
    free_only: bool = False
    quantity: int | None = None  # lots the buyer can order this many of
    seller_kind: str = ""
    offer_type: str = ""
    near: tuple[float, float] | None = None  # latitude, longitude in degrees
    radius_km: float | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    min_order: str = ""  # a band of MIN_ORDER_BANDS (the "quantity" facet)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> LotQuery:
        """Reads a QueryDict or a dict (a saved search); ServiceError naming the bad key."""
        from boucle.core.errors import ServiceError

        conditions_, kinds, offer_types = _choices()
        values: dict[str, Any] = {}
        q = _one(params, "q").strip()
        if len(q) > 200:
            raise ServiceError(_("q must be at most 200 characters long."), field="q")
        values["q"] = q
        category = _one(params, "category").strip()
        if category and _categories().by_code.get(category) is None:
            raise ServiceError(_("category is not a known category code."), field="category")
        values["category"] = category
        conditions = tuple(dict.fromkeys(_many(params, "condition")))
        for c in conditions:
            if c not in conditions_:
                raise ServiceError(
                    _("condition must be one of: %(choices)s.")
                    % {"choices": ", ".join(conditions_)},
                    field="condition",
                )
        values["conditions"] = conditions
        for key in ("price_min", "price_max"):
            values[key] = _amount(_one(params, key).strip(), key)
        if (
            values["price_min"] is not None
            and values["price_max"] is not None
            and values["price_max"] < values["price_min"]
        ):
            raise ServiceError(_("price_max must not be below price_min."), field="price_max")
        free = _one(params, "free").strip().lower()
        if free not in _TRUE | _FALSE:
            raise ServiceError(_("free must be 1 or 0."), field="free")
        values["free_only"] = free in _TRUE
        values["quantity"] = _positive_int(_one(params, "quantity"), "quantity")
        values["seller_kind"] = _choice(_one(params, "seller_kind"), "seller_kind", kinds)
        values["offer_type"] = _choice(_one(params, "offer_type"), "offer_type", offer_types)
        values["min_order"] = _choice(
            _one(params, "min_order"), "min_order", {b.value: b for b in MIN_ORDER_BANDS}
        )
        values["near"] = _near(_one(params, "near").strip())
        radius = _one(params, "radius_km").strip()
        if radius:
            try:
                radius_km = float(radius)
            except ValueError:
                radius_km = -1.0
            if not (0 < radius_km <= MAX_RADIUS_KM) or math.isnan(radius_km):
                raise ServiceError(
                    _("radius_km must be a positive number of at most %(max)s.")
                    % {"max": int(MAX_RADIUS_KM)},
                    field="radius_km",
                )
            if values["near"] is None:
                raise ServiceError(
                    _("radius_km needs near: the place to measure from."), field="near"
                )
            values["radius_km"] = radius_km
        sort = _one(params, "sort").strip() or "relevance"
        if sort not in SORTS:
            raise ServiceError(
                _("sort must be one of: %(choices)s.") % {"choices": ", ".join(SORTS)},
                field="sort",
            )
        if sort == "distance" and values["near"] is None:
            raise ServiceError(_("Sorting by distance needs near."), field="sort")
        values["sort"] = sort
        values["page"] = _positive_int(_one(params, "page"), "page") or 1
        per_page = _positive_int(_one(params, "per_page"), "per_page")
        if per_page is not None:
            if per_page > MAX_PER_PAGE:
                raise ServiceError(
                    _("per_page must be at most %(max)s.") % {"max": MAX_PER_PAGE},
                    field="per_page",
                )
            values["per_page"] = per_page
        return cls(**values)

    def to_params(self) -> dict[str, Any]:
        """The query string's keys for this query (defaults left out); `condition` is a list."""
        params: dict[str, Any] = {}
        if self.q:
            params["q"] = self.q
        if self.category:
            params["category"] = self.category
        if self.conditions:
            params["condition"] = list(self.conditions)
        if self.price_min is not None:
            params["price_min"] = str(self.price_min)
        if self.price_max is not None:
            params["price_max"] = str(self.price_max)
        if self.free_only:
            params["free"] = "1"
        if self.quantity is not None:
            params["quantity"] = str(self.quantity)
        if self.seller_kind:
            params["seller_kind"] = self.seller_kind
        if self.offer_type:
            params["offer_type"] = self.offer_type
        if self.min_order:
            params["min_order"] = self.min_order
        if self.near is not None:
            params["near"] = f"{self.near[0]:.6g},{self.near[1]:.6g}"
        if self.radius_km is not None:
            params["radius_km"] = f"{self.radius_km:g}"
        if self.sort != "relevance":
            params["sort"] = self.sort
        if self.page != 1:
            params["page"] = str(self.page)
        if self.per_page != 20:
            params["per_page"] = str(self.per_page)
        return params


def _one(params: Mapping[str, Any], key: str) -> str:
    value = params.get(key)
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value)


def _many(params: Mapping[str, Any], key: str) -> list[str]:
    getlist = getattr(params, "getlist", None)
    raw: Iterable[Any] = getlist(key) if getlist else params.get(key) or []
    if isinstance(raw, str):
        raw = [raw]
    # "a,b" as well as a repeated key, for hand-written query strings.
    return [v for item in raw for v in str(item).split(",") if v.strip()]


def _amount(raw: str, key: str) -> Decimal | None:
    from boucle.core.errors import ServiceError

    if not raw:
        return None
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0 or value > Decimal("1e10"):
        raise ServiceError(
            _("%(param)s must be an amount in euros, 0 or more.") % {"param": key}, field=key
        )
    return value


def _positive_int(raw: str, key: str) -> int | None:
    from boucle.core.errors import ServiceError

    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
        raise ServiceError(
            _("%(param)s must be a whole number, 1 or more.") % {"param": key}, field=key
        )
    return int(raw)


def _choice(raw: str, key: str, choices: Mapping[str, Any]) -> str:
    from boucle.core.errors import ServiceError

    raw = raw.strip()
    if raw and raw not in choices:
        raise ServiceError(
            _("%(param)s must be one of: %(choices)s.")
            % {"param": key, "choices": ", ".join(choices)},
            field=key,
        )
    return raw


def _near(raw: str) -> tuple[float, float] | None:
    from boucle.core.errors import ServiceError

    if not raw:
        return None
    parts = raw.split(",")
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        lat = lon = math.nan
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # false for NaN too
        raise ServiceError(
            _("near must be LAT,LON in decimal degrees (45.76,4.84 for Lyon)."), field="near"
        )
    return (lat, lon)


# --- Categories (small reference data, kept per process) ---------------------------------


@dataclass(frozen=True)
class _Category:
    id: int
    code: str
    parent_id: int | None
    name_fr: str
    name_en: str
    position: int

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_fr


@dataclass(frozen=True)
class _Tree:
    by_id: dict[int, _Category]
    by_code: dict[str, _Category]
    top_of: dict[int, int]  # category id -> its top-level category's id
    children: dict[int, tuple[int, ...]]


_tree: _Tree | None = None


def _categories(*, reload: bool = False) -> _Tree:
    """The taxonomy, read once per process: it changes only when a release is migrated (a
    category unknown to the copy, as after a test database is flushed, reloads it)."""
    global _tree
    if _tree is None or reload:
        from boucle.marketplace.models import Category

        rows = [
            _Category(*row)
            for row in Category.objects.order_by("position", "id").values_list(
                "id", "code", "parent_id", "name_fr", "name_en", "position"
            )
        ]
        by_id = {c.id: c for c in rows}
        children: dict[int, list[int]] = {}
        for c in rows:
            if c.parent_id is not None:
                children.setdefault(c.parent_id, []).append(c.id)
        _tree = _Tree(
            by_id=by_id,
            by_code={c.code: c for c in rows},
            top_of={c.id: c.parent_id or c.id for c in rows},
            children={k: tuple(v) for k, v in children.items()},
        )
    return _tree


def _category_ids(code: str) -> frozenset[int]:
    tree = _categories()
    category = tree.by_code.get(code) or _categories(reload=True).by_code.get(code)
    if category is None:
        return frozenset()
    tree = _categories()
    return frozenset((category.id, *tree.children.get(category.id, ())))


# --- Distance ----------------------------------------------------------------------------

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min lat, max lat, min lon, max lon) of every point within `radius_km` of (lat, lon)."""
    angular = radius_km / EARTH_RADIUS_KM
    dlat = math.degrees(angular)
    cos_lat = math.cos(math.radians(lat))
    if lat + dlat >= 90 or lat - dlat <= -90 or math.sin(angular) >= cos_lat:
        return (max(-90.0, lat - dlat), min(90.0, lat + dlat), -180.0, 180.0)
    # The widest longitude span of a spherical cap is asin(sin r / cos lat), not r / cos lat.
    dlon = math.degrees(math.asin(math.sin(angular) / cos_lat))
    return (lat - dlat, lat + dlat, lon - dlon, lon + dlon)


# SQLite's index holds each lot's cell in three grids (migration 0004): 0.1, 0.4 and 1.6
# degrees, as multipliers exact in binary so SQL and Python compute the same cell.
GEO_GRIDS = (("a", 10.0), ("b", 2.5), ("c", 0.625))
MAX_COVER_CELLS = 12  # above this even on the coarsest grid, the position index alone filters


def geo_cells(lat: float, lon: float) -> str:
    """A position's cells, as migration 0004's triggers index them: "a1357x1848 b339x462 ..."."""
    return " ".join(
        f"{prefix}{int((lat + 90) * scale)}x{int((lon + 180) * scale)}"
        for prefix, scale in GEO_GRIDS
    )


def cover_cells(box: tuple[float, float, float, float]) -> list[str]:
    """The cells of the finest grid that cover a bounding box in at most MAX_COVER_CELLS
    cells (every lot inside the box is in one of them); none for a box too large."""
    min_lat, max_lat, min_lon, max_lon = box
    for prefix, scale in GEO_GRIDS:
        lats = range(int((max(min_lat, -90) + 90) * scale), int((max_lat + 90) * scale) + 1)
        lons = range(int((max(min_lon, -180) + 180) * scale), int((max_lon + 180) * scale) + 1)
        if len(lats) * len(lons) <= MAX_COVER_CELLS:
            return [f"{prefix}{a}x{o}" for a in lats for o in lons]
    return []


# --- Candidates --------------------------------------------------------------------------


class _Row(NamedTuple):
    id: int
    category_id: int
    condition: str
    price_cents: int | None  # 0 when free; the hire price per day for hire lots
    is_free: bool
    min_order: int
    seller_kind: str
    latitude: float
    longitude: float
    published: Any  # a datetime (PostgreSQL) or its ISO text (SQLite): sorts the same
    rank: float  # smaller is better on both databases


# Integer cents computed by the database, so that bands compare exactly on both (SQLite keeps
# a DecimalField as a float).
_PRICE_CENTS = (
    "CASE WHEN l.offer_type = 'hire' THEN CAST(ROUND(l.hire_price_per_day * 100) AS INTEGER)"
    " WHEN l.is_free THEN 0 ELSE CAST(ROUND(l.unit_price * 100) AS INTEGER) END"
)


def _candidates(query: LotQuery, words: Sequence[QueryWord], today: date) -> list[_Row]:
    """The open lots matching the words and the filters no facet counts ignore."""
    from boucle.accounts.models import Organisation
    from boucle.marketplace.models import Lot, LotStatus

    lot_table = Lot._meta.db_table
    org_table = Organisation._meta.db_table
    vendor = connection.vendor
    rank = "0"
    tables = f"{lot_table} l"
    where = ["l.status = %s", "(l.available_until IS NULL OR l.available_until >= %s)"]
    params: list[Any] = [LotStatus.PUBLISHED, connection.ops.adapt_datefield_value(today)]
    box = None
    if query.near is not None and query.radius_km is not None:
        box = bounding_box(*query.near, query.radius_km)
    if words and vendor == "sqlite":
        # The words and the cells around the place in one FTS5 intersection: a common word
        # no longer makes SQLite read every lot that has it to test its position.
        tables = f"{FTS_TABLE} JOIN {lot_table} l ON l.id = {FTS_TABLE}.rowid"
        where.append(f"{FTS_TABLE} MATCH %s")
        params.append(fts5_expression(words, cover_cells(box) if box else ()))
        rank = f"bm25({FTS_TABLE}, 1.0, 0.0)"  # the cells column weighs nothing
    elif words:
        # search_vector: to_tsvector('simple', search_text), stored and GIN-indexed (0004).
        where.append("l.search_vector @@ to_tsquery('simple', %s)")
        params.append(tsquery_expression(words))
        if query.sort == "relevance":
            rank = "-ts_rank(l.search_vector, to_tsquery('simple', %s), 1)"
    if query.offer_type:
        where.append("l.offer_type = %s")
        params.append(query.offer_type)
    if query.quantity is not None:
        where.append("l.min_order_quantity <= %s AND l.quantity_available >= %s")
        params += [query.quantity, query.quantity]
    if box is not None:
        where.append("l.latitude BETWEEN %s AND %s AND l.longitude BETWEEN %s AND %s")
        params += list(box)
    rank_params = [tsquery_expression(words)] if rank.startswith("-ts_rank") else []
    # Only constants and table names are interpolated; every value is a parameter.
    sql = (
        f"SELECT l.id, l.category_id, l.condition, {_PRICE_CENTS}, l.is_free,"  # noqa: S608
        f" l.min_order_quantity, o.kind, l.latitude, l.longitude,"
        f" COALESCE(l.published_at, l.created_at), {rank}"
        f" FROM {tables} JOIN {org_table} o ON o.id = l.seller_id"
        f" WHERE {' AND '.join(where)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, rank_params + params)
        return [_Row._make(r) for r in cursor.fetchall()]


# --- Filters and facets ------------------------------------------------------------------

_CATEGORY, _CONDITION, _PRICE, _MIN_ORDER, _KIND = 1, 2, 4, 8, 16
_FACET_BITS = {
    _CATEGORY: "category",
    _CONDITION: "condition",
    _PRICE: "price",
    _MIN_ORDER: "quantity",
    _KIND: "seller_kind",
}


@dataclass(frozen=True)
class _Filters:
    """The facet filters of a query, ready to test rows quickly."""

    category_ids: frozenset[int] | None
    conditions: frozenset[str]
    free_only: bool
    price_min: int | None  # cents
    price_max: int | None
    min_order: Band | None
    seller_kind: str

    @classmethod
    def of(cls, query: LotQuery) -> _Filters:
        def cents(amount: Decimal | None, rounding: str) -> int | None:
            if amount is None:
                return None
            value = (amount * 100).to_integral_value(rounding=rounding)
            return int(value)

        return cls(
            category_ids=_category_ids(query.category) if query.category else None,
            conditions=frozenset(query.conditions),
            free_only=query.free_only,
            # A bound between two cents keeps what lies within: ceil the minimum, floor the max.
            price_min=cents(query.price_min, "ROUND_CEILING"),
            price_max=cents(query.price_max, "ROUND_FLOOR"),
            min_order=next((b for b in MIN_ORDER_BANDS if b.value == query.min_order), None),
            seller_kind=query.seller_kind,
        )

    def failures(self, row: _Row) -> int:
        """The facet filters a row fails, as bits."""
        failed = 0
        if self.category_ids is not None and row.category_id not in self.category_ids:
            failed |= _CATEGORY
        if self.conditions and row.condition not in self.conditions:
            failed |= _CONDITION
        price = row.price_cents
        if (
            (self.free_only and not row.is_free)
            or (self.price_min is not None and (price is None or price < self.price_min))
            or (self.price_max is not None and (price is None or price > self.price_max))
        ):
            failed |= _PRICE
        band = self.min_order
        if band is not None and not (
            band.low <= row.min_order and (band.high is None or row.min_order <= band.high)
        ):
            failed |= _MIN_ORDER
        if self.seller_kind and row.seller_kind != self.seller_kind:
            failed |= _KIND
        return failed


def _band(bands: Sequence[Band], value: int | None) -> str | None:
    if value is None:
        return None
    for band in bands:
        if band.low <= value and (band.high is None or value <= band.high):
            return band.value
    return None


@dataclass(frozen=True)
class FacetCount:
    """One choice of a facet: the parameter value, its label, how many lots it would give."""

    value: str
    label: str
    count: int
    selected: bool = False
    level: int = 0  # 1 for a subcategory listed under its top-level category


class _Counter:
    def __init__(self) -> None:
        self.category: dict[int, int] = {}
        self.condition: dict[str, int] = {}
        self.price: dict[str, int] = {}
        self.min_order: dict[str, int] = {}
        self.kind: dict[str, int] = {}

    def add(self, row: _Row, facets: int) -> None:
        if facets & _CATEGORY:
            self.category[row.category_id] = self.category.get(row.category_id, 0) + 1
        if facets & _CONDITION:
            self.condition[row.condition] = self.condition.get(row.condition, 0) + 1
        if facets & _PRICE:
            band = FREE_VALUE if row.is_free else _band(PRICE_BANDS, row.price_cents)
            if band is not None:
                self.price[band] = self.price.get(band, 0) + 1
        if facets & _MIN_ORDER:
            band = _band(MIN_ORDER_BANDS, row.min_order)
            if band is not None:
                self.min_order[band] = self.min_order.get(band, 0) + 1
        if facets & _KIND:
            self.kind[row.seller_kind] = self.kind.get(row.seller_kind, 0) + 1

    def facets(self, query: LotQuery) -> dict[str, list[FacetCount]]:
        conditions, kinds, _offer_types = _choices()
        price_selected = {
            FREE_VALUE if query.free_only else None,
            f"{_plain(query.price_min)}-{_plain(query.price_max)}",
        }
        return {
            "category": self._category_facet(query.category),
            "condition": [
                FacetCount(
                    value, str(label), self.condition.get(value, 0), value in query.conditions
                )
                for value, label in conditions.items()
                if self.condition.get(value) or value in query.conditions
            ],
            "price": [
                FacetCount(value, str(label), self.price.get(value, 0), value in price_selected)
                for value, label in [
                    (FREE_VALUE, gettext_lazy("Free of charge")),
                    *((b.value, b.label) for b in PRICE_BANDS),
                ]
                if self.price.get(value) or value in price_selected
            ],
            "quantity": [
                FacetCount(
                    b.value,
                    str(b.label),
                    self.min_order.get(b.value, 0),
                    b.value == query.min_order,
                )
                for b in MIN_ORDER_BANDS
                if self.min_order.get(b.value) or b.value == query.min_order
            ],
            "seller_kind": [
                FacetCount(value, str(label), self.kind.get(value, 0), value == query.seller_kind)
                for value, label in kinds.items()
                if self.kind.get(value) or value == query.seller_kind
            ],
        }

    def _category_facet(self, selected: str) -> list[FacetCount]:
        """Top-level categories with their subcategories' lots rolled up; the subcategories of
        the selected (or selected subcategory's) top-level category listed under it."""
        tree = _categories()
        rolled: dict[int, int] = {}
        for category_id, count in self.category.items():
            top = tree.top_of.get(category_id, category_id)
            rolled[top] = rolled.get(top, 0) + count
        chosen = tree.by_code.get(selected) if selected else None
        open_top = tree.top_of.get(chosen.id) if chosen else None
        facet = []
        for category in tree.by_id.values():
            if category.parent_id is not None:
                continue
            count = rolled.get(category.id, 0)
            if count or category.id == open_top:
                facet.append(
                    FacetCount(category.code, category.name, count, category.code == selected)
                )
            if category.id == open_top:
                for child_id in tree.children.get(category.id, ()):
                    child = tree.by_id[child_id]
                    child_count = self.category.get(child_id, 0)
                    if child_count or child.code == selected:
                        facet.append(
                            FacetCount(
                                child.code, child.name, child_count, child.code == selected, 1
                            )
                        )
        return facet


def _plain(amount: Decimal | None) -> str:
    """An amount as a band value writes it: 10, 49.99 (no trailing zeros), '' for none."""
    if amount is None:
        return ""
    text = format(amount.normalize(), "f")
    return text


# --- The search --------------------------------------------------------------------------


@dataclass
class SearchResult:
    """A page of lots, the total found, and the facet counts."""

    lots: list[Lot]
    total: int
    page: int
    pages: int
    per_page: int
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    query: LotQuery = field(default_factory=LotQuery)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _sort_key(query: LotQuery, words: Sequence[QueryWord]) -> Any:
    sort = query.sort
    if sort == "relevance" and not words:
        sort = "newest"
    if sort == "price":
        return lambda pair: (pair[0].price_cents is None, pair[0].price_cents or 0, pair[0].id)
    if sort == "price_desc":
        return lambda pair: (pair[0].price_cents is None, -(pair[0].price_cents or 0), pair[0].id)
    if sort == "distance":
        return lambda pair: (pair[1], pair[0].id)
    if sort == "relevance":
        return lambda pair: (pair[0].rank, pair[0].id)
    return None  # newest: see lot_search


def lot_search(query: LotQuery, *, with_facets: bool = True) -> SearchResult:
    """The lots a buyer may order that match `query`: one page of them, the total, and the
    facet counts (skipped with `with_facets=False`, as alerts and the API's bare list do)."""

    words = query_words(query.q)
    rows = _candidates(query, words, timezone.localdate())
    filters = _Filters.of(query)
    counter = _Counter()
    matched: list[tuple[_Row, float]] = []
    near, radius = query.near, query.radius_km
    for row in rows:
        distance = 0.0
        if near is not None:
            distance = haversine_km(near[0], near[1], row.latitude, row.longitude)
            if radius is not None and distance > radius:
                continue
        failed = filters.failures(row)
        if failed == 0:
            matched.append((row, distance))
            if with_facets:
                counter.add(row, 31)
        elif with_facets and failed & (failed - 1) == 0:
            # Fails one facet's filter only: that facet counts it, as a choice it could make.
            counter.add(row, failed)

    key = _sort_key(query, words)
    if key is None:
        matched.sort(key=lambda pair: (pair[0].published, pair[0].id), reverse=True)
    else:
        matched.sort(key=key)
    total = len(matched)
    pages = max(1, -(-total // query.per_page))
    start = (query.page - 1) * query.per_page
    page_rows = matched[start : start + query.per_page]

    lots: list[Lot] = []
    if page_rows:
        by_id = _page_lots([row.id for row, _d in page_rows])
        for row, distance in page_rows:
            lot = by_id.get(row.id)
            if lot is None:  # deleted between the two queries
                continue
            if near is not None:
                lot.distance_km = round(distance, 1)  # type: ignore[attr-defined]
            lots.append(lot)
    return SearchResult(
        lots=lots,
        total=total,
        page=query.page,
        pages=pages,
        per_page=query.per_page,
        facets=counter.facets(query) if with_facets else {},
        query=query,
    )


def _page_lots(ids: list[int]) -> dict[int, Lot]:
    """The page's lots by id, with their seller, site and commune (one query) and their photos
    (a second one); their category, with its parent, comes from the per-process copy."""
    from boucle.marketplace.models import Lot, LotPhoto

    by_id: dict[int, Lot] = (
        Lot.objects.filter(pk__in=ids)
        .order_by()  # the page's order is the rows'; sorting here would only cost
        .select_related("seller", "site__commune")
        .in_bulk()
    )
    # What prefetch_related("photos") does, without its generic machinery: `lot.photos.all()`
    # answers from this list (in the photos' order), `photo.lot` is the lot.
    photos: dict[int, list[LotPhoto]] = {lot_id: [] for lot_id in by_id}
    lot_field = LotPhoto._meta.get_field("lot")
    for photo in LotPhoto.objects.filter(lot_id__in=list(by_id)):
        lot_field.set_cached_value(photo, by_id[photo.lot_id])
        photos[photo.lot_id].append(photo)
    for lot_id, lot in by_id.items():
        cached = lot.photos.all()
        cached._result_cache = photos[lot_id]
        cached._prefetch_done = True  # type: ignore[attr-defined]
        lot._prefetched_objects_cache = {"photos": cached}  # type: ignore[attr-defined]
    categories = _category_models()
    if any(lot.category_id not in categories for lot in by_id.values()):
        categories = _category_models(reload=True)
    category_field = Lot._meta.get_field("category")
    for lot in by_id.values():
        category = categories.get(lot.category_id)
        if category is not None:  # else the lot loads its own, as before
            category_field.set_cached_value(lot, category)
    return by_id


_category_instances: dict[int, Any] | None = None


def _category_models(*, reload: bool = False) -> dict[int, Any]:
    """Every Category, with its parent in place, read once per process like `_categories`:
    the lots of a page share them instead of each joining two rows of its own."""
    global _category_instances
    if _category_instances is None or reload:
        from boucle.marketplace.models import Category

        found = Category.objects.in_bulk()
        parent_field = Category._meta.get_field("parent")
        for category in found.values():
            parent_field.set_cached_value(
                category, found.get(category.parent_id) if category.parent_id else None
            )
        _category_instances = found
    return _category_instances


def lot_matches(query: LotQuery, lot: Lot) -> bool:
    """Whether `lot_search(query)` would find `lot` (for saved-search alerts on a new lot)."""
    from boucle.marketplace.models import LotStatus

    if lot.status != LotStatus.PUBLISHED:
        return False
    if lot.available_until is not None and lot.available_until < timezone.localdate():
        return False
    if query.offer_type and lot.offer_type != query.offer_type:
        return False
    if query.quantity is not None and not (
        lot.min_order_quantity <= query.quantity <= lot.quantity_available
    ):
        return False
    words = query_words(query.q)
    if words and not _text_matches(set((lot.search_text or search_text(lot)).split()), words):
        return False
    if query.near is not None and query.radius_km is not None:
        distance = haversine_km(*query.near, lot.latitude, lot.longitude)
        if distance > query.radius_km:
            return False
    if lot.offer_type == "hire":
        price = None if lot.hire_price_per_day is None else _cents(lot.hire_price_per_day)
    else:
        price = 0 if lot.is_free else None if lot.unit_price is None else _cents(lot.unit_price)
    row = _Row(
        id=lot.pk,
        category_id=lot.category_id,
        condition=lot.condition,
        price_cents=price,
        is_free=lot.is_free,
        min_order=lot.min_order_quantity,
        seller_kind=lot.seller.kind,
        latitude=lot.latitude,
        longitude=lot.longitude,
        published=lot.published_at,
        rank=0.0,
    )
    return _Filters.of(query).failures(row) == 0


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def with_page(query: LotQuery, page: int) -> LotQuery:
    """The same query on another page (for pagination links)."""
    return replace(query, page=page)
