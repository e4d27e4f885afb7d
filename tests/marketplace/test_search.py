"""The marketplace search: words in French and English, facets, filters, distance, sorting.

CI runs this module on SQLite (FTS5) and on PostgreSQL (tsvector + GIN): the same data and
the same expected lots on both is what shows that the two engines answer alike.
"""

from __future__ import annotations

import importlib
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from boucle.accounts.models import Organisation, OrganisationKind, Role, Site, User
from boucle.core.errors import ServiceError
from boucle.marketplace.models import Lot, LotPhoto, LotStatus
from boucle.marketplace.search import (
    FacetCount,
    LotQuery,
    haversine_km,
    lot_matches,
    lot_search,
)
from boucle.marketplace.services.lots import lot_create, lot_publish, lot_update, lot_withdraw
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.marketplace.conftest import lot_values, make_site, verify

pytestmark = pytest.mark.django_db

LYON = (45.7578, 4.8320)
VILLEURBANNE = (45.7719, 4.8902)
MARSEILLE = (43.2965, 5.3698)


def publish(owner: User, site: Site, **overrides: Any) -> Lot:
    return lot_publish(
        actor=owner, lot=lot_create(actor=owner, site=site, **lot_values(**overrides))
    )


def search(**params: Any) -> list[str]:
    """The titles found, in order, for query-string parameters."""
    return [lot.title for lot in lot_search(LotQuery.from_params(params)).lots]


def facet(result_facets: dict[str, list[FacetCount]], key: str) -> dict[str, int]:
    return {f.value: f.count for f in result_facets[key]}


@pytest.fixture
def association(db: None) -> tuple[Organisation, User, Site]:
    """A verified association that sells too, from Marseille."""
    org = verify(
        OrganisationFactory(
            name="Emmaüs Provence", slug="emmaus-provence", kind=OrganisationKind.ASSOCIATION
        )
    )
    user = UserFactory(email="alice@emmaus.example", full_name="Alice Association")
    MembershipFactory(user=user, organisation=org, role=Role.OWNER)
    return org, user, make_site(org, "13201", "Dépôt")


@pytest.fixture
def catalogue(
    owner: User, seller_site: Site, association: tuple[Organisation, User, Site]
) -> dict[str, Lot]:
    """Six lots: five from Lyon (the company), one from Marseille (the association)."""
    _org, alice, marseille = association
    return {
        "chaises": publish(owner, seller_site),  # 12.50 €, furniture.seating, new_packaged
        "ecrans": publish(
            owner,
            seller_site,
            title="Écrans 24 pouces",
            description="Moniteurs reconditionnés, câble fourni.",
            category="it.screens",
            brand="Iiyama",
            condition="refurbished",
            unit_price=Decimal("45.00"),
            quantity=40,
            min_order_quantity=5,
        ),
        "office": publish(
            owner,
            seller_site,
            title="Office chair",
            description="Black mesh, adjustable armrests.",
            category="furniture.office",
            brand="",
            condition="used_good",
            unit_price=Decimal("60.00"),
        ),
        "bureaux": publish(
            owner,
            seller_site,
            title="Bureaux en chêne",
            description="Plateau 160 cm.",
            category="furniture.office",
            brand="",
            condition="used_fair",
            unit_price=Decimal("120.00"),
            quantity=4,
        ),
        "cartons": publish(
            owner,
            seller_site,
            title="Cartons de déménagement",
            description="Double cannelure.",
            category="packaging.cardboard",
            brand="",
            condition="new_unpackaged",
            unit_price=None,
            is_free=True,
            quantity=500,
            min_order_quantity=50,
        ),
        "tabourets": publish(
            alice,
            marseille,
            title="Tabourets de bar",
            description="Assise en bois.",
            category="furniture.home",
            brand="",
            condition="used_good",
            unit_price=Decimal("8.00"),
        ),
    }


# --- Words ------------------------------------------------------------------------------


def test_a_singular_french_word_finds_a_plural_title(catalogue: dict[str, Lot]) -> None:
    assert search(q="chaise") == ["Chaises de bureau ergonomiques"]


fold_again = importlib.import_module(
    "boucle.marketplace.migrations.0005_restem_search_text"
).fold_again


def test_lots_folded_by_an_older_stemmer_are_found_once_folded_again(
    catalogue: dict[str, Lot],
) -> None:
    # Saved before "chaises" had a stem of its own, the lot's text held Snowball's "chais";
    # migration 0005 folds every lot again, and the index follows.
    chaises = catalogue["chaises"]
    old = chaises.search_text.replace("chaise", "chais")
    Lot.objects.filter(pk=chaises.pk).update(search_text=old)
    assert search(q="chaises") == []

    fold_again(django_apps, None)

    assert search(q="chaises") == ["Chaises de bureau ergonomiques"]


def test_a_word_without_its_accent_finds_the_accented_plural(catalogue: dict[str, Lot]) -> None:
    assert search(q="ecran") == ["Écrans 24 pouces"]
    assert search(q="ÉCRAN") == ["Écrans 24 pouces"]


def test_an_english_plural_finds_an_english_singular(catalogue: dict[str, Lot]) -> None:
    # The French chairs are found too, by their category's English name "Seating and chairs".
    assert set(search(q="chairs")) == {"Office chair", "Chaises de bureau ergonomiques"}
    assert search(q="armrest") == ["Office chair"]


def test_every_word_of_the_query_must_match(catalogue: dict[str, Lot]) -> None:
    assert search(q="chaises ergonomiques") == ["Chaises de bureau ergonomiques"]
    assert search(q="chaises écrans") == []


def test_small_words_of_the_query_are_not_required(catalogue: dict[str, Lot]) -> None:
    assert search(q="chaises pour le bureau") == ["Chaises de bureau ergonomiques"]


def test_the_last_word_matches_as_it_is_being_typed(catalogue: dict[str, Lot]) -> None:
    assert search(q="bureaux che") == ["Bureaux en chêne"]
    assert search(q="moni") == ["Écrans 24 pouces"]
    # Only the last word: a cut-off word before it is not a prefix.
    assert search(q="moni reconditionnes") == []


def test_brand_description_and_category_names_are_searched(catalogue: dict[str, Lot]) -> None:
    assert search(q="iiyama") == ["Écrans 24 pouces"]
    assert search(q="mesh") == ["Office chair"]
    # The category's names in both languages, and its parent's: "Emballages", "Packaging".
    assert search(q="emballage") == ["Cartons de déménagement"]
    assert search(q="packaging") == ["Cartons de déménagement"]


def test_punctuation_and_operators_in_the_query_are_plain_words(catalogue: dict[str, Lot]) -> None:
    assert search(q='chaises" OR NOT *') == []
    assert search(q="écrans-24") == ["Écrans 24 pouces"]


def test_the_index_follows_edits_and_updates(owner: User, catalogue: dict[str, Lot]) -> None:
    lot_update(actor=owner, lot=catalogue["chaises"], title="Fauteuils de direction")
    assert search(q="fauteuil") == ["Fauteuils de direction"]
    assert search(q="ergonomiques") == []
    # Any code path that rewrites search_text keeps the index in step, and a stock change
    # alone leaves it as it was.
    Lot.objects.filter(pk=catalogue["bureaux"].pk).update(search_text="pupitre")
    Lot.objects.filter(pk=catalogue["ecrans"].pk).update(quantity_available=39)
    assert search(q="pupitre") == ["Bureaux en chêne"]
    assert search(q="chene") == []
    assert search(q="ecrans") == ["Écrans 24 pouces"]


def test_the_names_of_the_category_and_its_parent_are_searched(
    catalogue: dict[str, Lot],
) -> None:
    assert search(q="siege") == ["Chaises de bureau ergonomiques"]  # "Sièges et chaises"
    assert set(search(q="furniture")) == {
        "Chaises de bureau ergonomiques",
        "Office chair",
        "Bureaux en chêne",
        "Tabourets de bar",
    }


# --- What is never found ----------------------------------------------------------------


def test_only_lots_a_buyer_may_order_are_found(
    owner: User, seller_site: Site, draft_lot: Lot
) -> None:
    open_lot = publish(owner, seller_site, title="Chaises ouvertes")
    lot_withdraw(actor=owner, lot=publish(owner, seller_site, title="Chaises retirées"))
    expired = publish(owner, seller_site, title="Chaises expirées")
    Lot.objects.filter(pk=expired.pk).update(status=LotStatus.EXPIRED)
    past = publish(owner, seller_site, title="Chaises périmées")
    # Availability ended yesterday, before the nightly job marked the lot expired.
    Lot.objects.filter(pk=past.pk).update(available_until=timezone.localdate() - timedelta(1))
    sold = publish(owner, seller_site, title="Chaises vendues")
    Lot.objects.filter(pk=sold.pk).update(status=LotStatus.SOLD_OUT, quantity_available=0)
    endless = publish(owner, seller_site, title="Chaises sans fin", available_until=None)

    found = set(search(q="chaises"))
    assert found == {open_lot.title, endless.title}
    assert set(search()) == {open_lot.title, endless.title}
    assert draft_lot.status == LotStatus.DRAFT
    for lot in Lot.objects.exclude(pk__in=[open_lot.pk, endless.pk]):
        assert not lot_matches(LotQuery(q="chaises"), lot)


# --- Filters and facets -----------------------------------------------------------------


def test_a_top_level_category_includes_its_subcategories(catalogue: dict[str, Lot]) -> None:
    assert set(search(category="furniture")) == {
        "Chaises de bureau ergonomiques",
        "Office chair",
        "Bureaux en chêne",
        "Tabourets de bar",
    }
    assert set(search(category="furniture.office")) == {"Office chair", "Bureaux en chêne"}


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        (
            {"condition": ["used_good", "used_fair"]},
            {"Office chair", "Bureaux en chêne", "Tabourets de bar"},
        ),
        (
            {"price_min": "10", "price_max": "60"},
            {"Chaises de bureau ergonomiques", "Écrans 24 pouces", "Office chair"},
        ),
        (
            {"price_max": "12.50"},
            {"Chaises de bureau ergonomiques", "Cartons de déménagement", "Tabourets de bar"},
        ),
        ({"free": "1"}, {"Cartons de déménagement"}),
        ({"quantity": "20"}, {"Écrans 24 pouces"}),
        (
            {"quantity": "3"},
            {
                "Chaises de bureau ergonomiques",
                "Office chair",
                "Bureaux en chêne",
                "Tabourets de bar",
            },
        ),
        ({"seller_kind": "association"}, {"Tabourets de bar"}),
        ({"min_order": "2-10"}, {"Écrans 24 pouces"}),
        ({"offer_type": "hire"}, set()),
        ({"q": "chaise", "condition": "new_packaged"}, {"Chaises de bureau ergonomiques"}),
    ],
)
def test_filters(catalogue: dict[str, Lot], params: dict[str, Any], titles: set[str]) -> None:
    assert set(search(**params)) == titles
    # The saved-search alerts' check agrees lot by lot.
    query = LotQuery.from_params(params)
    assert {lot.title for lot in catalogue.values() if lot_matches(query, lot)} == titles


def test_facets_count_the_lots_each_choice_would_give(catalogue: dict[str, Lot]) -> None:
    result = lot_search(LotQuery())
    assert result.total == 6
    assert facet(result.facets, "category") == {"furniture": 4, "it": 1, "packaging": 1}
    assert facet(result.facets, "condition") == {
        "new_packaged": 1,
        "new_unpackaged": 1,
        "refurbished": 1,
        "used_good": 2,
        "used_fair": 1,
    }
    assert facet(result.facets, "price") == {
        "free": 1,
        "0.01-9.99": 1,
        "10-49.99": 2,
        "50-199.99": 2,
    }
    assert facet(result.facets, "quantity") == {"1": 4, "2-10": 1, "11-100": 1}
    assert facet(result.facets, "seller_kind") == {"company": 5, "association": 1}


def test_each_facet_ignores_its_own_filter_but_not_the_others(catalogue: dict[str, Lot]) -> None:
    result = lot_search(LotQuery.from_params({"category": "furniture", "condition": "used_good"}))
    assert {lot.title for lot in result.lots} == {"Office chair", "Tabourets de bar"}
    # Categories: every category, for used_good lots; conditions: every condition, in furniture.
    assert facet(result.facets, "category")["furniture"] == 2
    assert facet(result.facets, "condition") == {"new_packaged": 1, "used_good": 2, "used_fair": 1}
    assert facet(result.facets, "seller_kind") == {"company": 1, "association": 1}
    selected = {f.value for f in result.facets["condition"] if f.selected}
    assert selected == {"used_good"}
    # The selected top-level category opens its subcategories beneath it.
    categories = [(f.value, f.count, f.level, f.selected) for f in result.facets["category"]]
    assert categories == [
        ("furniture", 2, 0, True),
        ("furniture.office", 1, 1, False),
        ("furniture.home", 1, 1, False),
    ]


def test_facet_labels_are_translated(catalogue: dict[str, Lot]) -> None:
    from django.utils import translation

    with translation.override("en"):
        labels = {f.value: f.label for f in lot_search(LotQuery()).facets["category"]}
        assert labels["furniture"] == "Furniture"
    with translation.override("fr"):
        labels = {f.value: f.label for f in lot_search(LotQuery()).facets["category"]}
        assert labels["furniture"] == "Mobilier"


def test_a_search_without_facets_skips_them(catalogue: dict[str, Lot]) -> None:
    result = lot_search(LotQuery(q="chaise"), with_facets=False)
    assert result.total == 1
    assert result.facets == {}


# --- Distance ---------------------------------------------------------------------------


def test_a_buyer_nearby_finds_the_lot_within_the_radius(
    lot: Lot, buyer_site: Site, far_buyer_org: Organisation
) -> None:
    near_villeurbanne = f"{buyer_site.latitude},{buyer_site.longitude}"
    result = lot_search(LotQuery.from_params({"near": near_villeurbanne, "radius_km": "10"}))
    assert [found.pk for found in result.lots] == [lot.pk]
    assert 2 < result.lots[0].distance_km < 10  # type: ignore[attr-defined]

    marseille = far_buyer_org.sites.get()
    near_marseille = f"{marseille.latitude},{marseille.longitude}"
    assert search(near=near_marseille, radius_km="50") == []
    far = lot_search(LotQuery.from_params({"near": near_marseille}))
    assert 250 < far.lots[0].distance_km < 300  # type: ignore[attr-defined]


def test_the_radius_is_a_circle_not_its_bounding_box(owner: User, seller_site: Site) -> None:
    # A lot 10 km east and 10 km north of the centre is in a 10 km box, 14 km away.
    lot = publish(owner, seller_site)
    corner = (lot.latitude - 10 / 111.2, lot.longitude - 10 / (111.2 * 0.7))
    assert 13 < haversine_km(*corner, lot.latitude, lot.longitude) < 15
    near = f"{corner[0]},{corner[1]}"
    assert search(near=near, radius_km="10") == []
    assert search(near=near, radius_km="15") == [lot.title]


# --- Sorting and pages ------------------------------------------------------------------


def test_sorting(catalogue: dict[str, Lot]) -> None:
    assert search(sort="price") == [
        "Cartons de déménagement",
        "Tabourets de bar",
        "Chaises de bureau ergonomiques",
        "Écrans 24 pouces",
        "Office chair",
        "Bureaux en chêne",
    ]
    assert search(sort="price_desc")[:2] == ["Bureaux en chêne", "Office chair"]
    assert search(sort="newest")[0] == "Tabourets de bar"
    near_marseille = f"{MARSEILLE[0]},{MARSEILLE[1]}"
    assert search(sort="distance", near=near_marseille)[0] == "Tabourets de bar"
    near_lyon = f"{LYON[0]},{LYON[1]}"
    assert search(sort="distance", near=near_lyon)[-1] == "Tabourets de bar"


def test_relevance_puts_the_lot_with_the_word_in_its_title_first(
    owner: User, seller_site: Site
) -> None:
    publish(
        owner,
        seller_site,
        title="Lot de mobilier",
        description="Tables, chaises, armoires, bancs et étagères, en bon état, à enlever.",
    )
    publish(owner, seller_site, title="Chaises empilables", description="Chaises")
    assert search(q="chaises") == ["Chaises empilables", "Lot de mobilier"]


def test_pages_are_stable_and_complete(owner: User, seller_site: Site) -> None:
    lots = [publish(owner, seller_site, title=f"Chaise {i}") for i in range(7)]
    seen = []
    for page in (1, 2, 3):
        result = lot_search(
            LotQuery.from_params({"q": "chaise", "per_page": "3", "page": str(page)})
        )
        assert (result.total, result.pages, result.page) == (7, 3, page)
        seen += [lot.pk for lot in result.lots]
    assert sorted(seen) == sorted(lot.pk for lot in lots)
    assert len(seen) == 7
    assert lot_search(LotQuery(q="chaise", per_page=3, page=4)).lots == []


def test_the_number_of_queries_does_not_grow_with_the_page(owner: User, seller_site: Site) -> None:
    for i in range(12):
        lot = publish(owner, seller_site, title=f"Chaise {i}")
        for position in range(2):
            LotPhoto.objects.create(
                lot=lot,
                image=f"p{i}-{position}.jpg",
                thumbnail=f"t{i}-{position}.jpg",
                width=10,
                height=10,
                position=position,
            )
    lot_search(LotQuery())  # loads the category tree, once per process

    def queries(per_page: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            result = lot_search(LotQuery(q="chaise", per_page=per_page, near=LYON, radius_km=20))
            for found in result.lots:
                assert found.seller.name
                assert found.site.name
                assert found.category.name
                assert len(found.photos.all()) == 2
        return len(captured)

    assert queries(1) == queries(12) <= 3


# --- Parameters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"radius_km": "-5", "near": "45.7,4.8"},
            "radius_km",
            "radius_km must be a positive number",
        ),
        (
            {"radius_km": "abc", "near": "45.7,4.8"},
            "radius_km",
            "radius_km must be a positive number",
        ),
        ({"radius_km": "10"}, "near", "radius_km needs near"),
        ({"near": "Lyon"}, "near", "near must be LAT,LON"),
        ({"near": "95,4"}, "near", "near must be LAT,LON"),
        ({"near": "45.7,4.8,3"}, "near", "near must be LAT,LON"),
        ({"price_min": "cheap"}, "price_min", "price_min must be an amount"),
        ({"price_min": "-1"}, "price_min", "price_min must be an amount"),
        ({"price_min": "20", "price_max": "10"}, "price_max", "price_max must not be below"),
        ({"quantity": "0"}, "quantity", "quantity must be a whole number"),
        ({"page": "two"}, "page", "page must be a whole number"),
        ({"per_page": "1000"}, "per_page", "per_page must be at most"),
        ({"condition": "mint"}, "condition", "condition must be one of"),
        ({"category": "spaceships"}, "category", "category is not a known"),
        ({"seller_kind": "funder"}, "seller_kind", "seller_kind must be one of"),
        ({"sort": "cheapest"}, "sort", "sort must be one of"),
        ({"sort": "distance"}, "sort", "Sorting by distance needs near"),
        ({"free": "maybe"}, "free", "free must be"),
        ({"q": "x" * 201}, "q", "q must be at most"),
    ],
)
def test_bad_parameters_are_refused_by_name(
    db: None, params: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ServiceError) as caught:
        LotQuery.from_params(params)
    assert caught.value.field == field
    assert message in caught.value.message


def test_parameters_round_trip_through_a_query_string(db: None) -> None:
    from django.http import QueryDict

    query_string = (
        "q=chaises+bureau&category=furniture&condition=used_good&condition=refurbished"
        "&price_min=5&price_max=49.99&quantity=3&seller_kind=company&offer_type=sale"
        "&near=45.7719,4.8902&radius_km=25&sort=distance&page=2&min_order=1"
    )
    query = LotQuery.from_params(QueryDict(query_string))
    assert query.conditions == ("used_good", "refurbished")
    assert query.near == VILLEURBANNE
    assert query.price_max == Decimal("49.99")
    assert LotQuery.from_params(query.to_params()) == query
    assert LotQuery.from_params({}) == LotQuery()
    assert LotQuery().to_params() == {}


def test_a_migration_that_drops_the_sqlite_triggers_gets_them_back(
    owner: User, seller_site: Site
) -> None:
    from boucle.marketplace.search import search_index_repair

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's stored tsvector has no triggers to lose")
    # What Django's SQLite schema editor does when it rebuilds the lot table to alter it.
    with connection.cursor() as cursor:
        for name in ("insert", "update", "delete"):
            cursor.execute(f"DROP TRIGGER marketplace_lot_fts_{name}")
    unseen = publish(owner, seller_site, title="Chaises invisibles")
    assert search(q="invisibles") == []

    assert search_index_repair()  # after every migrate
    assert search(q="invisibles") == [unseen.title]
    assert not search_index_repair()
    assert search(q="nouvelles") == []
    publish(owner, seller_site, title="Chaises nouvelles")
    assert search(q="nouvelles") == ["Chaises nouvelles"]


def test_the_sqlite_index_files_each_lot_under_the_cells_python_computes(
    owner: User, seller_site: Site
) -> None:
    from boucle.marketplace.search import geo_cells

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL filters positions with its own index")
    lot = publish(owner, seller_site)
    moved = (43.2965, 5.3698)
    for latitude, longitude in ((lot.latitude, lot.longitude), moved):
        with connection.cursor() as cursor:
            for cell in geo_cells(latitude, longitude).split():
                cursor.execute(
                    "SELECT rowid FROM marketplace_lot_fts WHERE marketplace_lot_fts MATCH %s",
                    [f"cells : {cell}"],
                )
                assert cursor.fetchall() == [(lot.pk,)]
        # A lot moved by any code path is filed under its new cells.
        Lot.objects.filter(pk=lot.pk).update(latitude=moved[0], longitude=moved[1])
    assert search(q="chaises", near="43.30,5.37", radius_km="5") == [lot.title]
    assert (
        search(q="chaises", near=f"{seller_site.latitude},{seller_site.longitude}", radius_km="50")
        == []
    )
