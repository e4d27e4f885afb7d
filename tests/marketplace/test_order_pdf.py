"""The order form PDF: who sells, who buys, what, for how much, how it is fulfilled.

The text is looked for in the page contents, written uncompressed for the test, in the
PDF's WinAnsi (Windows-1252) encoding.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from boucle.accounts.models import Organisation, Site, User
from boucle.marketplace.models import Lot, Order
from boucle.marketplace.pdf import order_pdf
from boucle.marketplace.services.lots import lot_create, lot_publish
from boucle.marketplace.services.orders import order_accept, order_place
from tests.marketplace.conftest import lot_values

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    """The strings the page draws, in order, joined by new lines."""
    strings = re.findall(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj", pdf)
    return "\n".join(re.sub(rb"\\(.)", rb"\1", s).decode("cp1252") for s in strings)


def after_last(text: str, label: str) -> str:
    """What is written right after the last `label` (the totals come after the line table)."""
    lines = text.splitlines()
    return lines[len(lines) - lines[::-1].index(label)]


@pytest.fixture
def order(buyer: User, buyer_org: Organisation, lot: Lot) -> Order:
    return order_place(actor=buyer, buyer=buyer_org, lot=lot, quantity=4, note="Merci (vraiment)")


def test_it_is_a_one_page_pdf(order: Order) -> None:
    pdf = order_pdf(order)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert (
        pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page>") >= 1
    )
    assert b"/MediaBox [0 0 595.28 841.89]" in pdf  # A4


def test_it_names_the_order_both_parties_the_line_and_the_totals(
    order: Order, company: Organisation, buyer_org: Organisation
) -> None:
    text = text_of(order_pdf(order, compress=False))
    assert "Order form" in text
    assert f"Reference: {order.reference}" in text
    assert "Placed on" in text
    assert "Status: Awaiting the seller" in text
    assert "Recyclerie du Rhône" in text
    assert f"SIREN: {company.siren}" in text
    assert "Entrepôt de Gerland" in text
    assert "69007 Lyon 7e Arrondissement" in text
    assert "Collège Jean Moulin" in text
    assert f"SIREN: {buyer_org.siren}" in text
    assert "Ordered by Bruno Buyer" in text
    assert "Chaises de bureau ergonomiques" in text
    assert "12.50 €" in text  # unit price excl. VAT
    assert "20 %" in text
    assert "Unit price excl. VAT" in text
    assert after_last(text, "Total excl. VAT") == "50.00 €"
    assert after_last(text, "VAT") == "10.00 €"
    assert after_last(text, "Total incl. VAT") == "60.00 €"
    assert "Buyer's note: Merci (vraiment)" in text


def test_it_shows_the_pickup_slot_once_accepted(owner: User, order: Order) -> None:
    slot = timezone.make_aware(timezone.datetime(2031, 3, 14, 10, 30))
    order = order_accept(actor=owner, order=order, pickup_at=slot)
    text = text_of(order_pdf(order, compress=False))
    assert "Status: Accepted" in text
    assert "Pickup on March 14, 2031, 10:30 a.m. at Entrepôt de Gerland" in text


def test_it_shows_the_delivery_address(
    owner: User, seller_site: Site, buyer: User, buyer_org: Organisation
) -> None:
    lot = lot_publish(
        actor=owner,
        lot=lot_create(
            actor=owner,
            site=seller_site,
            **lot_values(delivery=True, unit_price=Decimal("1250.00"), vat_rate="5.5"),
        ),
    )
    order = order_place(
        actor=buyer,
        buyer=buyer_org,
        lot=lot,
        quantity=2,
        fulfilment="delivery",
        delivery_address="12 avenue Œillet, 69100 Villeurbanne",
    )
    text = text_of(order_pdf(order, compress=False))
    assert "Delivery to: 12 avenue Œillet, 69100 Villeurbanne" in text
    assert "5.5 %" in text
    assert "2,500.00 €" in text
    assert "137.50 €" in text  # VAT at 5.5 %
    assert "2,637.50 €" in text


def test_it_is_written_in_the_active_language(order: Order) -> None:
    with translation.override("fr"):
        text = text_of(order_pdf(order, compress=False))
    assert "Bon de commande" in text
    assert "12,50 €" in text  # French decimal comma
    assert "60,00 €" in text
    assert "20 %" in text


def test_a_name_outside_the_pdf_encoding_still_prints(order: Order) -> None:
    Organisation.objects.filter(pk=order.buyer_id).update(name="Łódź Ōsaka Trading")
    order.refresh_from_db()
    text = text_of(order_pdf(order, compress=False))
    assert "?ódz Osaka Trading" in text
    assert text_of(order_pdf(order, compress=False)) == text  # the same bytes each time


def test_it_gives_the_date_the_order_was_placed(order: Order) -> None:
    placed = timezone.make_aware(timezone.datetime(2026, 3, 14, 23, 30))
    Order.objects.filter(pk=order.pk).update(created_at=placed)
    order.refresh_from_db()
    assert "Placed on March 14, 2026" in text_of(order_pdf(order, compress=False))
