"""Posting, editing, publishing and withdrawing lots."""

from __future__ import annotations

from decimal import Decimal

import pytest

from boucle.accounts.models import Organisation, Site, User, VerificationStatus
from boucle.core.errors import ServiceError
from boucle.marketplace.models import Lot, LotStatus, quantity_label
from boucle.marketplace.services.lots import (
    lot_create,
    lot_publish,
    lot_update,
    lot_withdraw,
)
from tests.marketplace.conftest import lot_values

pytestmark = pytest.mark.django_db


def test_a_lot_starts_as_a_draft_with_all_its_stock(owner: User, seller_site: Site) -> None:
    lot = lot_create(actor=owner, site=seller_site, **lot_values())
    assert lot.status == LotStatus.DRAFT
    assert lot.quantity_available == 10
    assert (lot.latitude, lot.longitude) == (seller_site.latitude, seller_site.longitude)
    # The title's words are indexed as the search stems them: "Chaises" as "chaise".
    assert "chaise" in lot.search_text.split()


def test_publishing_shows_the_lot(lot: Lot) -> None:
    assert lot.status == LotStatus.PUBLISHED
    assert lot.published_at is not None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"quantity": 0}, "quantity"),
        ({"quantity": -3}, "quantity"),
        ({"unit_price": Decimal("12.505")}, "unit_price"),
        ({"unit_price": Decimal("0")}, "unit_price"),
        ({"min_order_quantity": 11}, "min_order_quantity"),
        ({"is_free": True}, "unit_price"),
        ({"category": "no-such-category"}, "category"),
        ({"pickup": False, "delivery": False}, "pickup"),
        # Unbounded in the database (a TextField): two megabytes would be indexed for search.
        ({"description": "x" * 5001}, "description"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(
    owner: User, seller_site: Site, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(ServiceError) as caught:
        lot_create(actor=owner, site=seller_site, **lot_values(**overrides))
    assert caught.value.field == field
    assert not Lot.objects.exists()


def test_an_unverified_seller_cannot_publish(
    owner: User, company: Organisation, seller_site: Site
) -> None:
    lot = lot_create(actor=owner, site=seller_site, **lot_values())
    company.verification_status = VerificationStatus.PENDING
    company.save()
    with pytest.raises(ServiceError):
        lot_publish(actor=owner, lot=lot)
    lot.refresh_from_db()
    assert lot.status == LotStatus.DRAFT


def test_a_price_or_free_is_needed_to_publish(owner: User, seller_site: Site) -> None:
    lot = lot_create(actor=owner, site=seller_site, **lot_values(unit_price=None))
    with pytest.raises(ServiceError) as caught:
        lot_publish(actor=owner, lot=lot)
    assert caught.value.field == "unit_price"


def test_an_outsider_cannot_post_at_another_company_site(outsider: User, seller_site: Site) -> None:
    with pytest.raises(ServiceError):
        lot_create(actor=outsider, site=seller_site, **lot_values())


def test_a_new_quantity_moves_the_stock_by_the_difference(owner: User, lot: Lot) -> None:
    Lot.objects.filter(pk=lot.pk).update(quantity_available=7)  # 3 units held by orders
    lot = lot_update(actor=owner, lot=lot, quantity=15)
    assert (lot.quantity, lot.quantity_available) == (15, 12)
    with pytest.raises(ServiceError) as caught:
        lot_update(actor=owner, lot=lot, quantity=2)
    assert "3" in caught.value.message


def test_withdrawing_hides_the_lot(owner: User, lot: Lot) -> None:
    lot = lot_withdraw(actor=owner, lot=lot)
    assert lot.status == LotStatus.WITHDRAWN


@pytest.mark.parametrize(
    ("count", "unit", "label"),
    [
        (1, "box", "1 box"),
        (18, "box", "18 boxes"),
        (2, "pallet", "2 pallets"),
        (12, "kg", "12 kg"),
        (1, "unit", "1 unit"),
        (3, "unit", "3 units"),
    ],
)
def test_quantities_read_with_their_unit_in_the_plural_when_needed(
    count: int, unit: str, label: str
) -> None:
    assert quantity_label(count, unit) == label


def test_quantities_take_the_french_plural() -> None:
    from django.utils import translation

    with translation.override("fr"):
        assert quantity_label(18, "box") == "18 cartons"
        assert quantity_label(1, "pallet") == "1 palette"
