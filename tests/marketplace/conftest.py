"""Marketplace personas, on top of those of tests/conftest.py.

- `company` (Recyclerie du Rhône, verified) sells from `seller_site` in Lyon 7e; its owner
  Olivia (`owner`) posts lots; Marc (`member`) may handle them too.
- `buyer_org` (Collège Jean Moulin's purchasing service, a verified company in Villeurbanne,
  about 5 km away) buys through Bruno (`buyer`).
- `far_buyer_org` in Marseille (about 280 km away) buys through Fanny (`far_buyer`).
- `lot` is a published sale lot of 10 office chairs at 12.50 € excl. VAT each.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from boucle.accounts.models import Organisation, Role, Site, SiteKind, User, VerificationStatus
from boucle.geo.models import Commune
from boucle.marketplace.categories import load_categories
from boucle.marketplace.models import Category, Lot
from boucle.marketplace.services.lots import lot_create, lot_publish
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def make_site(organisation: Organisation, insee: str, name: str = "Entrepôt") -> Site:
    commune = Commune.objects.get(insee_code=insee)
    return Site.objects.create(
        organisation=organisation,
        name=name,
        kind=SiteKind.WAREHOUSE,
        address="1 rue de l'Exemple",
        postcode=commune.postcodes.values_list("code", flat=True).first() or "",
        commune=commune,
        latitude=commune.latitude,
        longitude=commune.longitude,
    )


def verify(organisation: Organisation) -> Organisation:
    organisation.verification_status = VerificationStatus.VERIFIED
    organisation.verified_at = timezone.now()
    organisation.save(update_fields=["verification_status", "verified_at"])
    return organisation


@pytest.fixture
def seller_site(company: Organisation) -> Site:
    # A transactional test that ran before with `available_apps` (the browser tests) empties the
    # tables without re-emitting post_migrate: reload the shipped categories if they are gone.
    if not Category.objects.exists():
        load_categories()
    verify(company)
    return make_site(company, "69387", "Entrepôt de Gerland")  # Lyon 7e


@pytest.fixture
def buyer_org(db: None) -> Organisation:
    return verify(OrganisationFactory(name="Collège Jean Moulin", slug="college-jean-moulin"))


@pytest.fixture
def buyer_site(buyer_org: Organisation) -> Site:
    return make_site(buyer_org, "69266", "Collège")  # Villeurbanne


@pytest.fixture
def buyer(buyer_org: Organisation, buyer_site: Site) -> User:
    user = UserFactory(email="bruno@college.example", full_name="Bruno Buyer")
    MembershipFactory(user=user, organisation=buyer_org, role=Role.OWNER)
    user.acting_organisation = buyer_org
    user.save(update_fields=["acting_organisation"])
    return user


@pytest.fixture
def far_buyer_org(db: None) -> Organisation:
    org = verify(OrganisationFactory(name="Ressourcerie du Vieux-Port", slug="vieux-port"))
    make_site(org, "13201", "Boutique")  # Marseille 1er
    return org


@pytest.fixture
def far_buyer(far_buyer_org: Organisation) -> User:
    user = UserFactory(email="fanny@vieux-port.example", full_name="Fanny Far")
    MembershipFactory(user=user, organisation=far_buyer_org, role=Role.OWNER)
    return user


def lot_values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Chaises de bureau ergonomiques",
        "description": "Fin de série, dossier réglable, accoudoirs.",
        "category": "furniture.seating",
        "brand": "Sedia",
        "condition": "new_packaged",
        "quantity": 10,
        "unit": "unit",
        "min_order_quantity": 1,
        "unit_price": Decimal("12.50"),
        "vat_rate": "20.0",
        "retail_value": Decimal("89.00"),
        "cost_price": Decimal("31.00"),
        "weight_kg": Decimal("14.5"),
        "pickup": True,
        "delivery": False,
        "available_until": timezone.localdate() + timedelta(days=60),
    }
    values.update(overrides)
    return values


@pytest.fixture
def draft_lot(owner: User, seller_site: Site) -> Lot:
    return lot_create(actor=owner, site=seller_site, **lot_values())


@pytest.fixture
def lot(owner: User, draft_lot: Lot) -> Lot:
    return lot_publish(actor=owner, lot=draft_lot)
