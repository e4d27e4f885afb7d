"""The operator's verification of organisations in the back office."""

from __future__ import annotations

import pytest
from django.test import Client

from boucle.accounts.models import Organisation, VerificationStatus
from boucle.audit.models import AuditAction, AuditEvent
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client() -> Client:
    return client_for(
        UserFactory(email="operator@boucle.example", is_staff=True, is_superuser=True)
    )


def test_the_operator_verifies_an_organisation(
    operator_client: Client, company: Organisation, owner_client: Client
) -> None:
    response = operator_client.post(
        "/admin/accounts/organisation/",
        {"action": "verify", "_selected_action": [company.pk]},
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.verification_status == VerificationStatus.VERIFIED
    assert company.verified_by is not None
    assert AuditEvent.objects.filter(
        organisation=company, action=AuditAction.ORGANISATION_VERIFIED
    ).exists()
    assert "Verified" in owner_client.get(f"/o/{company.slug}/").content.decode()


def test_a_rejection_asks_for_a_reason_then_shows_it_to_the_organisation(
    operator_client: Client, company: Organisation, owner_client: Client
) -> None:
    form = operator_client.post(
        "/admin/accounts/organisation/",
        {"action": "reject", "_selected_action": [company.pk]},
    )
    assert form.status_code == 200
    assert "Reason for rejection" in form.content.decode()
    company.refresh_from_db()
    assert company.verification_status == VerificationStatus.PENDING

    operator_client.post(
        "/admin/accounts/organisation/",
        {
            "action": "reject",
            "_selected_action": [company.pk],
            "reason": "The SIREN is that of a closed company.",
        },
    )
    company.refresh_from_db()
    assert company.verification_status == VerificationStatus.REJECTED
    dashboard = owner_client.get(f"/o/{company.slug}/dashboard/").content.decode()
    assert "The SIREN is that of a closed company." in dashboard


def test_people_of_an_organisation_cannot_open_the_back_office(owner_client: Client) -> None:
    response = owner_client.get("/admin/accounts/organisation/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
