"""What a person notices when moving between the marketplace pages in a browser."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from boucle.marketplace.models import Lot

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
