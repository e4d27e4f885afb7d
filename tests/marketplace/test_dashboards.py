"""The marketplace dashboards: a seller's lots, orders to handle, revenue, units and kilograms
that left instead of being destroyed; a buyer's purchases and saved searches."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from boucle.accounts.models import Organisation, OrganisationKind, Site, User
from boucle.marketplace.dashboards import buyer_dashboard, seller_dashboard
from boucle.marketplace.models import Lot, Order, OrderEvent, OrderStatus, SavedSearch
from boucle.marketplace.services.lots import lot_create, lot_publish
from boucle.marketplace.services.orders import (
    order_accept,
    order_cancel,
    order_confirm_receipt,
    order_decline,
    order_hand_over,
    order_place,
)
from tests.conftest import client_for
from tests.marketplace.conftest import lot_values

pytestmark = pytest.mark.django_db


def publish(owner: User, site: Site, **values: Any) -> Lot:
    return lot_publish(actor=owner, lot=lot_create(actor=owner, site=site, **lot_values(**values)))


class Sales:
    """A seller's orders at every stage, with the figures they must give."""

    def __init__(self, owner: User, buyer: User, buyer_org: Organisation, site: Site) -> None:
        self.chairs = publish(owner, site)  # 10 units of 14.5 kg at 12.50 €
        self.boxes = publish(
            owner, site, title="Ramettes de papier", unit="box", quantity=20,
            unit_price=Decimal("5.00"), weight_kg=None, category="office.paper",
        )  # fmt: skip
        self.offcuts = publish(
            owner, site, title="Chutes de tissu", unit="kg", quantity=100,
            unit_price=Decimal("1.00"), weight_kg=None, category="clothing.fabric",
        )  # fmt: skip

        def place(lot: Lot, quantity: int) -> Order:
            return order_place(actor=buyer, buyer=buyer_org, lot=lot, quantity=quantity)

        def hand_over(order: Order) -> Order:
            return order_hand_over(actor=owner, order=order_accept(actor=owner, order=order))

        def receive(order: Order) -> Order:
            return order_confirm_receipt(actor=buyer, order=hand_over(order))

        self.received = receive(place(self.chairs, 2))  # 25.00 € this year, 29 kg
        self.handed_over = hand_over(place(self.chairs, 3))  # 43.5 kg, no revenue yet
        self.pending = place(self.chairs, 1)
        self.accepted = order_accept(actor=owner, order=place(self.chairs, 1))
        order_cancel(actor=buyer, order=place(self.chairs, 1))
        order_decline(actor=owner, order=place(self.chairs, 1))
        self.boxes_received = receive(place(self.boxes, 4))  # 20.00 €, weight unknown
        self.offcuts_received = receive(place(self.offcuts, 30))  # 30.00 €, 30 kg
        # Received two years ago: in the all-time revenue only, outside the monthly table.
        long_ago = datetime(
            timezone.localdate().year - 2, 6, 15, tzinfo=timezone.get_current_timezone()
        )
        OrderEvent.objects.filter(order=self.offcuts_received).update(created_at=long_ago)


@pytest.fixture
def sales(owner: User, buyer: User, buyer_org: Organisation, seller_site: Site) -> Sales:
    return Sales(owner, buyer, buyer_org, seller_site)


def test_the_seller_figures_count_only_what_was_received_or_handed_over(
    company: Organisation, sales: Sales
) -> None:
    seller = seller_dashboard(company)
    assert seller.revenue_this_year == Decimal("45.00")  # 2 x 12.50 + 4 x 5.00
    assert seller.revenue_all_time == Decimal("75.00")  # and 30 x 1.00 two years ago
    assert seller.left.units == 5  # 2 received, 3 handed over
    assert [(q.unit, q.quantity) for q in seller.left.quantities] == [
        ("unit", 5),
        ("box", 4),
        ("kg", 30),
    ]
    assert seller.left.kg == Decimal("102.5")  # 5 x 14.5 + 30 kg counted in kg
    assert (seller.left.unweighed_lots, seller.left.unweighed_quantity) == (1, 4)
    assert seller.lot_counts["published"] == 3
    assert (seller.pending_count, seller.accepted_count) == (1, 1)
    assert seller.orders_to_handle == [sales.pending, sales.accepted]


def test_the_months_date_goods_by_their_handover_and_revenue_by_its_receipt(
    company: Organisation, sales: Sales
) -> None:
    today = timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=15)
    OrderEvent.objects.filter(order=sales.handed_over, to_status=OrderStatus.HANDED_OVER).update(
        created_at=datetime(
            last_month.year, last_month.month, 15, tzinfo=timezone.get_current_timezone()
        )
    )
    months = seller_dashboard(company).months
    assert len(months) == 12
    assert months[-1].month == today.replace(day=1)
    assert (months[-1].kg, months[-1].revenue) == (Decimal("29.000"), Decimal("45.00"))
    assert (months[-2].kg, months[-2].revenue) == (Decimal("43.500"), Decimal("0.00"))
    assert sum(m.kg for m in months) == Decimal("72.5")  # the offcuts left two years ago


def test_the_buyer_sees_what_to_receive_first_and_its_saved_searches(
    buyer: User, buyer_org: Organisation, sales: Sales
) -> None:
    SavedSearch.objects.create(user=buyer, organisation=buyer_org, name="Chaises", params={})
    dashboard = buyer_dashboard(buyer, buyer_org)
    assert dashboard.open_orders[0] == sales.handed_over
    assert set(dashboard.open_orders) == {sales.handed_over, sales.accepted, sales.pending}
    assert dashboard.to_receive_count == 1
    assert dashboard.purchases_total == 8
    assert dashboard.status_rows[0] == ("handed_over", "Handed over", 1)
    assert dashboard.saved_search_count == 1


def test_the_dashboard_page_shows_both_sides(
    owner_client: Client, company: Organisation, sales: Sales
) -> None:
    response = owner_client.get(reverse("marketplace:dashboard", args=[company.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "45.00 €" in page
    assert "75.00 € since the start" in page
    assert "102.5 kg" in page
    assert "5 \u00d7 unit, 4 \u00d7 box, 30 \u00d7 kg" in page
    assert "1 lot without a weight per unit (4 handed over) is not counted" in page
    assert page.index(sales.pending.reference) < page.index(sales.accepted.reference)
    assert sales.received.reference not in page  # nothing left to do on it
    assert reverse("marketplace:lot_create", args=[company.slug]) in page
    assert reverse("marketplace:order_export", args=[company.slug, "csv"]) in page
    # The organisation's menu marks the marketplace, not the organisation's dashboard.
    assert 'aria-current="page">Marketplace<' in page
    assert 'aria-current="page">Dashboard<' not in page


def test_the_dashboard_links_each_figure_to_the_page_it_sums_up(
    owner: User, owner_client: Client, company: Organisation, seller_site: Site, sales: Sales,
    buyer: User, buyer_org: Organisation,
) -> None:  # fmt: skip
    lot_create(actor=owner, site=seller_site, **lot_values(title="Tabourets en attente"))
    page = owner_client.get(reverse("marketplace:dashboard", args=[company.slug])).content.decode()
    sold = reverse("marketplace:order_list", args=[company.slug])
    assert f'href="{sold}?side=sales&amp;status=pending"' in page
    assert f'href="{sold}?side=sales&amp;status=accepted"' in page
    lots = reverse("marketplace:seller_lots", args=[company.slug])
    assert f'href="{lots}?status=draft">Draft: 1</a>' in page
    assert f'href="{lots}?status=published"' in page
    assert reverse("marketplace:lot_edit", args=[company.slug, sales.chairs.pk]) in page
    bookings = reverse("marketplace:booking_list", args=[company.slug])
    assert f'href="{bookings}?side=owner">Bookings of our equipment</a>' in page

    buyer_client = client_for(buyer)
    mine = buyer_client.get(reverse("marketplace:dashboard", args=[buyer_org.slug])).content
    bought = reverse("marketplace:order_list", args=[buyer_org.slug])
    link = f"{bought}?side=purchases&status=handed_over"
    assert f'href="{link.replace("&", "&amp;")}">Handed over: 1</a>' in mine.decode()
    assert reverse("marketplace:lot_detail", args=[sales.chairs.pk]) in mine.decode()
    # A buyer's bookings are its hires, not the (default) tab of its own equipment.
    hires = reverse("marketplace:booking_list", args=[buyer_org.slug])
    assert f'href="{hires}?side=renter">Equipment hire bookings</a>' in mine.decode()
    # The link lands on exactly the purchases it counted.
    listed = buyer_client.get(link).content.decode()
    assert sales.handed_over.reference in listed
    assert sales.received.reference not in listed


def test_the_buyer_page_lists_purchases_in_progress(
    buyer: User, buyer_org: Organisation, sales: Sales
) -> None:
    page = client_for(buyer).get(reverse("marketplace:dashboard", args=[buyer_org.slug]))
    text = page.content.decode()
    assert "1 order was handed over: confirm you received it." in text
    assert text.index(sales.handed_over.reference) < text.index(sales.pending.reference)
    assert reverse("marketplace:saved_searches", args=[buyer_org.slug]) in text
    assert reverse("marketplace:booking_list", args=[buyer_org.slug]) in text


def test_an_organisation_that_cannot_sell_sees_only_its_purchases(
    buyer: User, buyer_org: Organisation
) -> None:
    buyer_org.kind = OrganisationKind.FUNDER
    buyer_org.save(update_fields=["kind"])
    page = client_for(buyer).get(reverse("marketplace:dashboard", args=[buyer_org.slug]))
    text = page.content.decode()
    assert 'data-testid="buyer-dashboard"' in text
    assert 'data-testid="seller-dashboard"' not in text


def test_the_dashboard_queries_do_not_grow_with_the_orders(
    owner: User,
    owner_client: Client,
    company: Organisation,
    buyer: User,
    buyer_org: Organisation,
    seller_site: Site,
    django_assert_max_num_queries: Any,
) -> None:
    url = reverse("marketplace:dashboard", args=[company.slug])
    lot = publish(owner, seller_site, quantity=100)
    order_place(actor=buyer, buyer=buyer_org, lot=lot, quantity=1)
    with CaptureQueriesContext(connection) as few:
        owner_client.get(url)
    for i in range(12):
        order = order_place(actor=buyer, buyer=buyer_org, lot=lot, quantity=1)
        if i % 2:
            order_hand_over(actor=owner, order=order_accept(actor=owner, order=order))
    with django_assert_max_num_queries(len(few.captured_queries)):
        owner_client.get(url)


def test_an_outsider_gets_404_and_a_visitor_is_asked_to_log_in(
    outsider_client: Client, company: Organisation
) -> None:
    url = reverse("marketplace:dashboard", args=[company.slug])
    assert outsider_client.get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_every_page_links_to_the_marketplace_and_members_to_their_dashboard(
    owner_client: Client, company: Organisation
) -> None:
    home = Client().get(reverse("core:home")).content.decode()
    assert f'href="{reverse("marketplace:search")}"' in home
    dashboard_url = reverse("marketplace:dashboard", args=[company.slug])
    assert dashboard_url not in home
    page = owner_client.get(reverse("accounts:dashboard", args=[company.slug])).content.decode()
    # In the main menu, the organisation's menu and the marketplace panel.
    assert page.count(f'href="{dashboard_url}"') == 3
