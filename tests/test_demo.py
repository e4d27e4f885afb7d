"""The demo data that `make run` loads: complete, valid, and loaded once however often it runs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from stdnum.fr import siren, siret

from boucle.accounts.models import (
    ApiKey,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    Site,
    SiteKind,
    User,
    VerificationStatus,
)
from boucle.audit.models import AuditEvent
from boucle.demo import DEMO_PASSWORD, OPERATOR_EMAIL, demo_load, demo_logins
from boucle.marketplace.models import (
    HireBooking,
    Lot,
    LotPhoto,
    LotStatus,
    Order,
    OrderStatus,
)

pytestmark = pytest.mark.django_db

RETAIL_CHAIN = "Maison Lumière"
# No lots in the tests of organisations and people (the marketplace tests below load them).
SMALL = 0


def snapshot() -> dict[str, int]:
    models = (
        User,
        EmailAddress,
        Organisation,
        Membership,
        Site,
        ApiKey,
        AuditEvent,
        Lot,
        LotPhoto,
        Order,
    )
    return {model.__name__: model.objects.count() for model in models}


def test_loading_twice_duplicates_nothing() -> None:
    demo_load(lots_per_seller=3)
    first = snapshot()

    demo_load(lots_per_seller=3)

    assert snapshot() == first
    assert first["Organisation"] == 11


def test_every_demo_login_works_with_the_password_demo() -> None:
    logins = demo_load(lots_per_seller=SMALL)

    assert {login.password for login in logins} == {DEMO_PASSWORD}
    for login in logins:
        client = Client()
        response = client.post(
            "/accounts/login/", {"login": login.email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, login.email
        assert client.session["_auth_user_id"] == str(User.objects.get(email=login.email).pk)


def test_every_demo_address_is_verified_and_fictitious() -> None:
    demo_load(lots_per_seller=SMALL)

    for login in demo_logins():
        address = EmailAddress.objects.get(email=login.email)
        assert address.verified
        assert address.primary
        assert login.email.endswith(".example")


def test_the_operator_may_open_the_back_office() -> None:
    demo_load(lots_per_seller=SMALL)
    client = Client()
    assert client.login(email=OPERATOR_EMAIL, password=DEMO_PASSWORD)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert User.objects.get(email=OPERATOR_EMAIL).is_superuser


def test_there_is_an_organisation_of_every_kind() -> None:
    demo_load(lots_per_seller=SMALL)

    kinds = Counter(Organisation.objects.values_list("kind", flat=True))

    assert kinds[OrganisationKind.COMPANY] == 6
    assert kinds[OrganisationKind.ASSOCIATION] == 2
    assert kinds[OrganisationKind.FACILITATOR] == 1
    assert kinds[OrganisationKind.FUNDER] == 1
    region = Organisation.objects.get(kind=OrganisationKind.PUBLIC_BODY)
    assert region.name == "Région Auvergne-Rhône-Alpes"
    assert region.public_body_level == "region"


def test_one_association_may_issue_tax_receipts_and_the_other_may_not() -> None:
    demo_load(lots_per_seller=SMALL)

    associations = Organisation.objects.filter(kind=OrganisationKind.ASSOCIATION)

    issuing = [a for a in associations if a.may_issue_tax_receipts]
    assert [a.tax_receipt_basis for a in issuing] == ["general_interest"]
    assert issuing[0].rna.startswith("W")
    assert len(issuing[0].rna) == 10
    assert len(associations) - len(issuing) == 1


def test_every_organisation_is_verified_but_one_association() -> None:
    demo_load(lots_per_seller=SMALL)

    pending = Organisation.objects.exclude(verification_status=VerificationStatus.VERIFIED)

    assert [(o.kind, o.verification_status) for o in pending] == [("association", "pending")]


def test_the_retail_chain_has_three_stores_a_head_office_and_three_roles() -> None:
    demo_load(lots_per_seller=SMALL)
    chain = Organisation.objects.get(name=RETAIL_CHAIN)

    kinds = Counter(chain.sites.values_list("kind", flat=True))
    roles = Counter(chain.memberships.values_list("role", flat=True))

    assert kinds == {SiteKind.STORE: 3, SiteKind.HEAD_OFFICE: 1}
    assert roles == {Role.OWNER: 1, Role.ADMIN: 1, Role.MEMBER: 1}
    towns = {site.commune.name for site in chain.sites.filter(kind=SiteKind.STORE)}
    assert towns == {"Lyon 3e Arrondissement", "Villeurbanne", "Grenoble"}


def test_identifiers_are_valid_and_sites_sit_in_their_postcode() -> None:
    demo_load(lots_per_seller=SMALL)

    for organisation in Organisation.objects.exclude(siren=""):
        assert siren.is_valid(organisation.siren), organisation.name
    for site in Site.objects.select_related("commune", "organisation"):
        assert site.postcode in site.commune.postcodes.values_list("code", flat=True)
        if site.siret:
            assert siret.is_valid(site.siret)
            assert site.siret.startswith(site.organisation.siren)


def test_every_person_acts_for_their_organisation() -> None:
    demo_load(lots_per_seller=SMALL)

    for login in demo_logins():
        user = User.objects.get(email=login.email)
        if login.organisation:
            assert user.acting_organisation is not None
            assert user.acting_organisation.name == login.organisation


def test_the_marketplace_has_hundreds_of_lots_with_photos_and_orders_at_every_stage(
    settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    demo_load()

    lots = Lot.objects.all()
    assert lots.count() >= 300
    assert set(lots.values_list("status", flat=True)) >= {
        LotStatus.PUBLISHED,
        LotStatus.DRAFT,
        LotStatus.WITHDRAWN,
    }
    assert not lots.filter(photos=None).exists()
    assert len(set(lots.values_list("category__parent__code", flat=True))) >= 12
    assert len(set(lots.values_list("site__commune__departement", flat=True))) >= 7
    statuses = set(Order.objects.values_list("status", flat=True))
    assert statuses >= {
        OrderStatus.PENDING,
        OrderStatus.ACCEPTED,
        OrderStatus.HANDED_OVER,
        OrderStatus.RECEIVED,
        OrderStatus.DECLINED,
        OrderStatus.CANCELLED,
    }
    hire = lots.filter(offer_type="hire", status=LotStatus.PUBLISHED)
    assert hire.count() >= 3
    assert set(HireBooking.objects.values_list("status", flat=True)) == {"requested", "accepted"}
    photo = LotPhoto.objects.first()
    assert photo is not None
    assert (tmp_path / photo.image.name).exists()
    assert (tmp_path / photo.thumbnail.name).exists()
