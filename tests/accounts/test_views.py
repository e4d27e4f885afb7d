"""The organisation pages through HTTP: what each persona sees, and what changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from boucle.accounts.models import ApiKey, Invitation, Membership, Organisation, Role, Site, User
from boucle.audit.models import AuditEvent
from tests.conftest import client_for
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PRIVATE_PAGES = ["dashboard", "members", "sites", "settings", "audit", "api-keys", "sites/new"]


@pytest.mark.parametrize("page", PRIVATE_PAGES)
def test_an_outsider_gets_404_on_every_private_page(
    outsider_client: Client, company: Organisation, owner: User, page: str
) -> None:
    response = outsider_client.get(f"/o/{company.slug}/{page}/")
    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client, company: Organisation) -> None:
    response = client.get(f"/o/{company.slug}/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_anyone_reads_the_public_profile(client: Client, company: Organisation) -> None:
    response = client.get(f"/o/{company.slug}/")
    assert response.status_code == 200
    assert company.siren in response.content.decode()
    assert client.get("/o/no-such-organisation/").status_code == 404


@pytest.mark.parametrize(
    ("page", "status"),
    [
        ("dashboard", 200),
        ("members", 200),
        ("sites", 200),
        ("api-keys", 200),
        ("settings", 404),
        ("audit", 404),
    ],
)
def test_a_member_sees_the_organisation_but_not_its_management_pages(
    member_client: Client, company: Organisation, page: str, status: int
) -> None:
    assert member_client.get(f"/o/{company.slug}/{page}/").status_code == status


def test_a_member_cannot_invite(member_client: Client, company: Organisation) -> None:
    response = member_client.post(
        f"/o/{company.slug}/members/", {"email": "friend@example.org", "role": "member"}
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_registering_an_organisation(client: Client) -> None:
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        "/organisations/new/",
        {
            "name": "Atelier Bois Local",
            "kind": "company",
            "siren": "732 829 320",
            "naf_code": "16.23Z",
        },
    )
    organisation = Organisation.objects.get(name="Atelier Bois Local")
    assert response.status_code == 302
    assert response["Location"] == f"/o/{organisation.slug}/dashboard/"
    assert organisation.siren == "732829320"
    assert Membership.objects.get(user=person, organisation=organisation).role == Role.OWNER
    dashboard = client.get(response["Location"]).content.decode()
    assert "Pending verification" in dashboard


def test_a_wrong_siret_checksum_keeps_what_was_typed(client: Client) -> None:
    client.force_login(UserFactory())
    response = client.post(
        "/organisations/new/",
        {
            "name": "Typo Industries",
            "kind": "company",
            "siren": "732829321",
            "description": "Nous fabriquons des palettes.",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "wrong check digit" in page
    assert 'value="Typo Industries"' in page
    assert "Nous fabriquons des palettes." in page
    assert not Organisation.objects.filter(name="Typo Industries").exists()


def test_inviting_then_accepting_through_the_pages(
    owner_client: Client, company: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            f"/o/{company.slug}/members/", {"email": "lea@example.org", "role": "admin"}
        )
    assert response.status_code == 302
    link = next(line for line in mail.outbox[0].body.splitlines() if "/invitations/" in line)
    path = link[link.index("/invitations/") :].strip()

    anonymous = Client()
    page = anonymous.get(path).content.decode()
    assert "lea@example.org" in page  # tells the visitor which address to use

    lea = UserFactory(email="lea@example.org")
    lea_client = client_for(lea)
    response = lea_client.post(path)
    assert response.status_code == 302
    assert response["Location"] == f"/o/{company.slug}/dashboard/"
    assert Membership.objects.get(user=lea, organisation=company).role == Role.ADMIN

    reused = lea_client.post(path).content.decode()
    assert "already been used" in reused


def test_a_bad_invitation_link_answers_404(client: Client) -> None:
    response = client.get("/invitations/not-a-real-token/")
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_adding_a_site_picks_the_commune_of_the_postcode(
    owner_client: Client, company: Organisation
) -> None:
    response = owner_client.post(
        f"/o/{company.slug}/sites/new/",
        {
            "name": "Magasin Villeurbanne",
            "kind": "store",
            "address": "3 avenue Henri-Barbusse",
            "postcode": "69100",
            "commune": "",
        },
    )
    assert response.status_code == 302
    site = Site.objects.get(organisation=company)
    assert site.commune.insee_code == "69266"
    assert site.latitude == site.commune.latitude


def test_an_unknown_postcode_is_named_and_the_address_kept(
    owner_client: Client, company: Organisation
) -> None:
    response = owner_client.post(
        f"/o/{company.slug}/sites/new/",
        {
            "name": "Dépôt",
            "kind": "warehouse",
            "address": "Zone artisanale des Mûriers",
            "postcode": "00000",
        },
    )
    page = response.content.decode()
    assert "No French commune has this postcode." in page
    assert "Zone artisanale des Mûriers" in page
    assert not Site.objects.exists()


def test_the_commune_choices_follow_the_postcode(
    owner_client: Client, company: Organisation
) -> None:
    response = owner_client.get(
        f"/o/{company.slug}/sites/communes/?postcode=69100", headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert '<option value="69266"' in page
    assert "<html" not in page  # only the field, for HTMX to swap in


def test_switching_organisation(company: Organisation, owner: User) -> None:
    second = OrganisationFactory(name="Deuxième Maison")
    MembershipFactory(user=owner, organisation=second, role=Role.MEMBER)
    client = client_for(owner)
    response = client.post("/organisations/switch/", {"organisation": second.slug})
    assert response["Location"] == f"/o/{second.slug}/dashboard/"
    owner.refresh_from_db()
    assert owner.acting_organisation == second


def test_switching_to_an_organisation_one_does_not_belong_to_is_404(
    outsider_client: Client, company: Organisation, outsider: User
) -> None:
    response = outsider_client.post("/organisations/switch/", {"organisation": company.slug})
    assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.acting_organisation != company


def test_the_owner_reads_the_audit_trail(
    owner_client: Client, company: Organisation, member: User
) -> None:
    membership = Membership.objects.get(user=member, organisation=company)
    owner_client.post(f"/o/{company.slug}/members/{membership.pk}/role/", {"role": "admin"})
    page = owner_client.get(f"/o/{company.slug}/audit/").content.decode()
    assert "Member role changed" in page
    assert member.email in page
    assert AuditEvent.objects.filter(organisation=company).count() == 1


def test_the_last_owner_cannot_leave(
    owner_client: Client, company: Organisation, owner: User
) -> None:
    membership = Membership.objects.get(user=owner, organisation=company)
    response = owner_client.post(f"/o/{company.slug}/members/{membership.pk}/remove/", follow=True)
    assert "at least one owner" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_new_api_key_is_shown_once(owner_client: Client, company: Organisation) -> None:
    page = owner_client.post(f"/o/{company.slug}/api-keys/", {"name": "ERP"}).content.decode()
    key = ApiKey.objects.get()
    assert f"bcl_{key.prefix}_" in page
    again = owner_client.get(f"/o/{company.slug}/api-keys/").content.decode()
    assert "Copy your new key now" not in again


def test_signing_up_twice_with_one_address_is_refused(client: Client, owner: User) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "email": owner.email,
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert response.status_code == 200
    assert "already registered" in response.content.decode()
    assert User.objects.filter(email=owner.email).count() == 1
