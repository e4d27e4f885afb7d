"""What a person notices when moving between the marketplace pages in a browser."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from boucle.accounts.models import Organisation, User
from boucle.marketplace.models import Lot
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
