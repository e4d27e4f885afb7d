"""The marketplace's main journey, in a real browser (issue 3).

Olivia, of a verified recyclerie in Lyon 7e, posts a lot of office chairs with a photo and
publishes it. Bruno, buyer for a school in Villeurbanne (about 5 km away), finds it by a word and
a 10 km radius around his site, orders three chairs; Olivia accepts and hands them over; Bruno
confirms receipt; both dashboards then show the order received, and the seller's shows the
units and kilograms that left instead of being destroyed. The pages are read in French, the
default language, as a person reads them: by the texts and labels they show.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from boucle.accounts.models import Organisation, Role, User
from boucle.marketplace.models import Lot, LotStatus, Order, OrderStatus
from tests.browser.test_journey import BrowserProblems, form_field
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.marketplace.conftest import make_site, verify

# As in test_journey.py: committed data for the live server, and the communes kept.
AVAILABLE_APPS = [app for app in django_settings.INSTALLED_APPS if app != "boucle.geo"]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, available_apps=AVAILABLE_APPS),
]

PASSWORD = "correct horse battery"  # tests/factories.py
TITLE = "Chaises de bureau ergonomiques"


@pytest.fixture
def site(live_server: Any, settings: Any) -> str:
    settings.LANGUAGE_CODE = "fr"
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def seller() -> User:
    company = verify(OrganisationFactory(name="Recyclerie du Rhône", slug="recyclerie"))
    make_site(company, "69387", "Entrepôt de Gerland")  # Lyon 7e
    user = UserFactory(email="olivia@recyclerie.example", full_name="Olivia Owner")
    MembershipFactory(user=user, organisation=company, role=Role.OWNER)
    return user


@pytest.fixture
def buyer() -> User:
    school = verify(OrganisationFactory(name="Collège Jean Moulin", slug="college"))
    make_site(school, "69266", "Collège")  # Villeurbanne
    user = UserFactory(email="bruno@college.example", full_name="Bruno Buyer")
    MembershipFactory(user=user, organisation=school, role=Role.OWNER)
    return user


def fr(text: str) -> str:
    """The French of a string of the pages (the catalogue test checks every one has one)."""
    with translation.override("fr"):
        return translation.gettext(text)


def jpeg(tmp_path: Any) -> str:
    path = tmp_path / "chaise.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 90, 60)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def log_in(browser: Browser, site: str, email: str, problems: BrowserProblems) -> Page:
    """A fresh browser profile, logged in as this person through the login form."""
    context = browser.new_context(locale="de-DE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", problems.on_console)
    page.on("pageerror", lambda error: problems.console_errors.append(str(error)))
    page.on("response", problems.on_response)
    page.goto(f"{site}/accounts/login/")
    form_field(page, "Courriel").fill(email)
    form_field(page, "Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    return page


def test_a_lot_is_posted_found_nearby_ordered_accepted_handed_over_and_received(
    browser: Browser,
    site: str,
    seller: User,
    buyer: User,
    tmp_path: Any,
    compiled_catalogues: None,
) -> None:
    problems = BrowserProblems()
    company = Organisation.objects.get(slug="recyclerie")

    # Olivia posts the lot with a photo and publishes it at once.
    olivia = log_in(browser, site, seller.email, problems)
    olivia.goto(f"{site}/o/recyclerie/lots/new/")
    olivia.locator("[name=title]").fill(TITLE)
    olivia.locator("[name=description]").fill("Fin de série, dossier réglable, accoudoirs.")
    olivia.locator("[name=category]").select_option("furniture.seating")
    olivia.locator("[name=condition]").select_option("new_packaged")
    olivia.locator("[name=quantity]").fill("12")
    olivia.locator("[name=unit_price]").fill("24,50")
    olivia.locator("[name=weight_kg]").fill("14,5")
    olivia.locator("[name=photos]").set_input_files(jpeg(tmp_path))
    olivia.get_by_role("button", name=fr("Save and publish")).click()
    expect(olivia.get_by_role("status").first).to_contain_text(TITLE)
    lot = Lot.objects.get(title=TITLE)
    assert lot.status == LotStatus.PUBLISHED
    assert lot.photos.count() == 1

    # Bruno finds it by a word written differently, within 10 km of his school.
    bruno = log_in(browser, site, buyer.email, problems)
    bruno.goto(f"{site}/marketplace/")
    bruno.locator("#search-form [name=q]").fill("chaise")
    bruno.locator("#search-form [name=site]").select_option(label="Collège (Villeurbanne)")
    bruno.locator("#search-form [name=radius_km]").select_option("10")
    bruno.locator("#search-form").get_by_role("button", name=fr("Search"), exact=True).click()
    card = bruno.get_by_test_id("lot-card").filter(has_text=TITLE)
    expect(card).to_have_count(1)
    expect(card.get_by_test_id("distance")).to_have_text(re.compile(r"^\d+ km$"))
    thumbnail = card.locator("img")
    expect(thumbnail).to_be_visible()
    assert bruno.evaluate("img => img.naturalWidth", thumbnail.element_handle()) > 0
    card.get_by_role("link").first.click()

    # He orders three chairs for pickup.
    expect(bruno.get_by_role("heading", level=1)).to_have_text(TITLE)
    order_form = bruno.get_by_test_id("order-form")
    order_form.locator("[name=quantity]").fill("3")
    order_form.get_by_role("button", name=fr("Place the order")).click()
    expect(bruno.get_by_test_id("order-status")).to_have_text(fr("Awaiting the seller"))
    order = Order.objects.get(lot=lot)
    lot.refresh_from_db()
    assert (order.quantity, lot.quantity_available) == (3, 9)

    # Olivia sees it among the orders to handle, accepts it, then hands the chairs over.
    olivia.goto(f"{site}/o/recyclerie/marketplace/")
    to_handle = olivia.get_by_test_id("orders-to-handle")
    expect(to_handle).to_contain_text(order.reference)
    to_handle.get_by_role("link", name=order.reference).click()
    olivia.get_by_test_id("action-accept").get_by_role("button").click()
    expect(olivia.get_by_test_id("order-status")).to_have_text(fr("Accepted"))
    olivia.get_by_test_id("action-handover").get_by_role("button").click()
    expect(olivia.get_by_test_id("order-status")).to_have_text(fr("Handed over"))

    # Bruno confirms he received them.
    bruno.goto(f"{site}/o/college/orders/{order.pk}/")
    bruno.get_by_test_id("action-receive").get_by_role("button").click()
    expect(bruno.get_by_test_id("order-status")).to_have_text(fr("Received"))
    order.refresh_from_db()
    assert order.status == OrderStatus.RECEIVED
    assert [e.to_status for e in order.events.all()] == [
        "pending",
        "accepted",
        "handed_over",
        "received",
    ]

    # Both dashboards show it: the seller's revenue and the 43.5 kg that left; the buyer's
    # received purchase.
    olivia.goto(f"{site}/o/recyclerie/marketplace/")
    expect(olivia.get_by_test_id("revenue")).to_contain_text("73,50")
    expect(olivia.get_by_test_id("goods-left")).to_contain_text("43,5")
    bruno.goto(f"{site}/o/college/marketplace/")
    expect(bruno.get_by_test_id("purchase-counts")).to_contain_text(f"{fr('Received')}: 1")

    assert company.sales.count() == 1
    assert problems.console_errors == []
    assert problems.static_failures == []
