"""What a person notices when moving between the marketplace pages in a browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client

from boucle.accounts.models import Organisation, User
from boucle.marketplace.models import Lot
from boucle.marketplace.services.orders import order_place
from boucle.marketplace.services.saved_searches import saved_search_create
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_new_page_of_results_opens_at_its_top_rather_than_at_the_old_pages_bottom(
    lot: Lot,
) -> None:
    # The page links sit below the results and swap them in place: without "show", the
    # browser stays scrolled down and the person lands at the end of the next page.
    html = Client().get("/marketplace/").content.decode()
    results = re.search(r'<div id="search-results"[^>]*>', html)
    assert results is not None
    assert 'hx-swap="outerHTML show:#search-results:top"' in results.group(0)


def test_the_saved_searches_column_names_what_it_lists_not_the_verb_to_search(
    buyer: User, buyer_org: Organisation
) -> None:
    # "Search" is the search button's verb (« Rechercher »): over the names it misread.
    saved_search_create(actor=buyer, organisation=buyer_org, params={"q": "chaise"}, name="Sièges")
    html = client_for(buyer).get(f"/o/{buyer_org.slug}/saved-searches/").content.decode()
    assert '<th scope="col">Name of the saved search</th>' in html
    assert '<th scope="col">Search</th>' not in html
    assert ">Sièges</a>" in html


def static_text(path: str) -> str:
    found = finders.find(path)
    assert isinstance(found, str)
    return Path(found).read_text()


def test_the_lot_list_marks_its_current_tab_and_fits_a_phone(
    owner_client: Client, company: Organisation, lot: Lot
) -> None:
    html = owner_client.get(f"/o/{company.slug}/lots/?status=published").content.decode()
    # The stylesheet that underlines the current tab and wraps the tabs is loaded here.
    assert static("marketplace/orders.css") in html
    assert 'aria-current="page" data-status="published"' in html
    css = static_text("marketplace/orders.css")
    assert '.status-tabs a[aria-current="page"]' in css
    assert re.search(r"main nav ul, \.status-tabs \{ flex-wrap: wrap; \}", css)
    # The wide table scrolls inside its own box, hidden headers included.
    assert re.search(r'<div class="overflow-auto">\s*<table>', html)
    assert ".overflow-auto { position: relative; }" in css
    # The header's menu wraps instead of widening every page on a phone.
    assert "header nav, header nav ul { flex-wrap: wrap; }" in static_text("boucle/boucle.css")


def test_an_order_total_keeps_its_euro_sign_on_its_line(
    owner_client: Client, company: Organisation, lot: Lot, buyer: User, buyer_org: Organisation
) -> None:
    order_place(actor=buyer, buyer=buyer_org, lot=lot, quantity=2)
    html = owner_client.get(f"/o/{company.slug}/orders/?side=sales").content.decode()
    assert '<td class="nowrap">30.00 €</td>' in html
