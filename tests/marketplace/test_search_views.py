"""The search page: words, distance, facets with counts, pages, htmx, bad parameters."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from boucle.accounts.models import Organisation, Site, User
from boucle.marketplace.models import Lot, LotPhoto
from boucle.marketplace.services.lots import lot_create, lot_publish
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory
from tests.marketplace.conftest import lot_values, make_site

pytestmark = pytest.mark.django_db

PAGE = "/marketplace/"


def publish(owner: User, site: Site, **overrides: Any) -> Lot:
    return lot_publish(
        actor=owner, lot=lot_create(actor=owner, site=site, **lot_values(**overrides))
    )


def titles(html: str) -> list[str]:
    """The titles of the result cards, in order."""
    return re.findall(r'<h3><a href="/marketplace/lots/\d+/">([^<]+)</a></h3>', html)


def facet_block(html: str, key: str) -> str:
    match = re.search(rf'<details[^>]*data-facet="{key}">(.*?)</details>', html, re.S)
    assert match, f"no {key} facet"
    return match.group(1)


@pytest.fixture
def marseille_lot(far_buyer_org: Organisation, far_buyer: User) -> Lot:
    """Stools sold from Marseille, about 280 km from Lyon."""
    return publish(
        far_buyer,
        far_buyer_org.sites.get(),
        title="Tabourets de bar",
        description="Assise en bois.",
        brand="",
        unit_price=Decimal("8.00"),
        condition="used_good",
    )


@pytest.fixture
def catalogue(owner: User, seller_site: Site, lot: Lot, marseille_lot: Lot) -> dict[str, Lot]:
    screens = publish(
        owner,
        seller_site,
        title="Écrans 24 pouces",
        description="Moniteurs reconditionnés.",
        category="it.screens",
        brand="Iiyama",
        condition="refurbished",
        unit_price=Decimal("45.00"),
    )
    return {"chaises": lot, "tabourets": marseille_lot, "ecrans": screens}


@pytest.fixture
def buyer_client(buyer: User) -> Client:
    return client_for(buyer)


def test_anyone_finds_a_lot_by_a_word(catalogue: dict[str, Lot]) -> None:
    response = Client().get(PAGE, {"q": "ergonomique"})
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(html) == ["Chaises de bureau ergonomiques"]
    assert "1 lot found" in html
    assert "12.50 € excl. VAT per unit" in html
    assert "Recyclerie du Rhône" in html
    assert 'data-testid="save-search"' not in html  # saving needs a login


def test_a_buyer_finds_the_lots_within_a_radius_of_its_site(
    catalogue: dict[str, Lot], buyer_client: Client, buyer_site: Site
) -> None:
    html = buyer_client.get(PAGE, {"site": buyer_site.pk, "radius_km": "25"}).content.decode()
    assert set(titles(html)) == {"Chaises de bureau ergonomiques", "Écrans 24 pouces"}
    assert "distances from Collège" in html
    distances = re.findall(r'data-testid="distance">(\d+) km<', html)
    assert distances
    assert all(int(d) < 10 for d in distances)
    wide = buyer_client.get(PAGE, {"site": buyer_site.pk, "radius_km": "200"}).content.decode()
    assert "Tabourets de bar" not in titles(wide)
    anywhere = buyer_client.get(PAGE, {"site": buyer_site.pk, "sort": "distance"})
    assert titles(anywhere.content.decode())[-1] == "Tabourets de bar"


def test_a_postcode_places_the_search_for_anyone(catalogue: dict[str, Lot]) -> None:
    html = Client().get(PAGE, {"postcode": "13001", "radius_km": "25"}).content.decode()
    assert titles(html) == ["Tabourets de bar"]
    assert "distances from 13001 Marseille" in html


def test_someone_elses_site_cannot_place_the_search(
    catalogue: dict[str, Lot], buyer_client: Client, seller_site: Site
) -> None:
    html = buyer_client.get(PAGE, {"site": seller_site.pk}).content.decode()
    assert "Choose one of your organisation&#x27;s sites." in html
    assert titles(html) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"price_min": "cheap"}, "Give the lowest price as an amount in euros, 0 or more."),
        ({"price_min": "9", "price_max": "2"}, "not below the lowest price."),
        ({"postcode": "99999"}, "No French commune has the postcode 99999."),
        ({"radius_km": "25"}, "Give a postcode to search within a distance."),
        ({"radius_km": "-3", "postcode": "69007"}, "Choose a distance from the list."),
        ({"page": "two"}, "This page of results does not exist."),
        ({"sort": "distance"}, "give a postcode to sort or search by distance."),
        ({"quantity": "0"}, "Give the quantity you need as a whole number, 1 or more."),
        ({"q": "x" * 201}, "Search with fewer words: at most 200 characters."),
    ],
)
def test_bad_parameters_show_a_message_not_an_error_page(
    catalogue: dict[str, Lot], params: dict[str, str], message: str
) -> None:
    response = Client().get(PAGE, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="search-error"' in html
    assert message in html
    # In the person's words: not the API's parameter names.
    shown = html.split('data-testid="search-error">')[1].split("</p>")[0]
    assert not re.search(r"_(min|max|km)\b|needs near|\b(q|page|near|sort|quantity) must", shown)
    assert titles(html) == []


def test_facets_show_what_each_choice_would_give(catalogue: dict[str, Lot]) -> None:
    html = Client().get(PAGE).content.decode()
    assert "3 lots found" in html
    categories = facet_block(html, "category")
    assert re.search(r"Furniture <small>\(2\)</small></a>", categories)
    assert re.search(r"IT and electronics <small>\(1\)</small></a>", categories)
    conditions = facet_block(html, "condition")
    assert re.search(r"Used, good condition <small>\(1\)</small></a>", conditions)
    assert re.search(r"Company <small>\(3\)</small></a>", facet_block(html, "seller_kind"))
    assert "Sale" in facet_block(html, "offer_type")


def test_a_facet_link_narrows_the_search_and_keeps_the_other_choices(
    catalogue: dict[str, Lot],
) -> None:
    html = Client().get(PAGE, {"q": "bureau", "category": "furniture"}).content.decode()
    categories = facet_block(html, "category")
    # Furniture is chosen: its subcategories open beneath it; its link drops the choice.
    assert "Seating and chairs" in categories
    assert 'href="/marketplace/?q=bureau&amp;category=furniture.seating"' in categories
    assert 'href="/marketplace/?q=bureau" hx-get="/marketplace/?q=bureau" aria-current="true"' in (
        categories
    )
    # The form carries the chosen category, so a new word keeps it.
    assert '<input type="hidden" name="category" value="furniture" form="search-form">' in html
    conditions = facet_block(html, "condition")
    assert "condition=new_packaged" in conditions
    assert "category=furniture" in conditions


def test_an_htmx_request_gets_the_results_only(catalogue: dict[str, Lot]) -> None:
    response = Client().get(PAGE, {"q": "écrans"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="search-form"' not in html
    assert html.lstrip().startswith('<div id="search-results"')
    assert titles(html) == ["Écrans 24 pouces"]
    assert 'hx-push-url="true"' in html
    # The same address answers the whole page to a browser: caches must tell them apart.
    assert "HX-Request" in response["Vary"]
    restoring = Client().get(
        PAGE, {"q": "écrans"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert 'id="search-form"' in restoring.content.decode()


def test_the_page_works_without_javascript(catalogue: dict[str, Lot]) -> None:
    html = Client().get(PAGE).content.decode()
    form = re.search(r'<form method="get" action="/marketplace/" id="search-form"[^>]*>', html)
    assert form
    assert '<button type="submit">Search</button>' in html


def test_pages_keep_every_parameter(owner: User, seller_site: Site) -> None:
    for i in range(23):
        publish(owner, seller_site, title=f"Chaise {i}")
    html = Client().get(PAGE, {"q": "chaise", "condition": "new_packaged"}).content.decode()
    assert len(titles(html)) == 20
    assert 'href="/marketplace/?q=chaise&amp;condition=new_packaged&amp;page=2"' in html
    second = Client().get(PAGE, {"q": "chaise", "condition": "new_packaged", "page": "2"})
    assert len(titles(second.content.decode())) == 3


def test_the_number_of_queries_does_not_grow_with_the_lots_shown(
    owner: User, seller_site: Site, buyer_client: Client, buyer_site: Site
) -> None:
    def add_lots(count: int) -> None:
        for i in range(count):
            lot = publish(owner, seller_site, title=f"Chaise {i}")
            LotPhoto.objects.create(
                lot=lot, image=f"p{lot.pk}.jpg", thumbnail=f"t{lot.pk}.jpg", width=4, height=4
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = buyer_client.get(PAGE, {"q": "chaise", "site": buyer_site.pk})
        assert response.status_code == 200
        return len(captured)

    add_lots(2)
    buyer_client.get(PAGE)  # the category tree is read once per process
    few = queries()
    add_lots(15)
    assert queries() == few


def test_a_buyer_may_save_the_search_it_sees(
    catalogue: dict[str, Lot], buyer_client: Client, buyer_site: Site
) -> None:
    html = buyer_client.get(
        PAGE, {"q": "chaise", "site": buyer_site.pk, "radius_km": "25"}
    ).content.decode()
    form = re.search(r'<form[^>]*data-testid="save-search">.*?</form>', html, re.S)
    assert form
    assert f'name="query" value="q=chaise&amp;site={buyer_site.pk}&amp;radius_km=25"' in (
        form.group(0)
    )
    assert "“chaise”, within 25 km" in form.group(0)  # the default name, as a hint


def test_a_person_without_an_organisation_sees_no_save_button(catalogue: dict[str, Lot]) -> None:
    loner = UserFactory(email="lou@example.org")
    html = client_for(loner).get(PAGE).content.decode()
    assert 'data-testid="save-search"' not in html
    assert titles(html)


def test_a_member_of_several_organisations_places_the_search_from_the_acting_ones_sites(
    catalogue: dict[str, Lot], buyer: User, buyer_client: Client, company: Organisation
) -> None:
    MembershipFactory(user=buyer, organisation=company)
    lyon = make_site(company, "69387", "Autre entrepôt")
    html = buyer_client.get(PAGE).content.decode()
    assert "Collège" in html
    assert f'value="{lyon.pk}"' not in html
