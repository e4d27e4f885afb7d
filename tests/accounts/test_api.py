"""The accounts endpoints of the JSON API, called over HTTP with a key or a session."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from boucle.accounts import services
from boucle.accounts.models import ApiKey, Membership, Organisation, Role, Site, User
from tests.conftest import client_for
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

# Lyon 2e arrondissement, loaded by the geo migration.
LYON_2E = {"commune_insee": "69382", "postcode": "69002"}


def key_client(secret: str) -> Client:
    return Client(headers={"authorization": f"Bearer {secret}"})


def make_key(user: User, organisation: Organisation, name: str = "ERP") -> tuple[ApiKey, str]:
    return services.apikey_create(user=user, organisation=organisation, name=name)


def make_site(actor: User, organisation: Organisation, name: str = "Entrepôt Confluence") -> Site:
    return services.site_create(
        actor=actor,
        organisation=organisation,
        name=name,
        kind="warehouse",
        address="12 cours Charlemagne",
        **LYON_2E,
    )


def assert_unauthorised(response: Any, message: str) -> None:
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["message"] == message


# Who am I


def test_an_api_key_says_who_i_am_and_acts_for_the_keys_organisation(
    member: User, company: Organisation
) -> None:
    # Marc also belongs to another organisation, chosen on the site; the key still acts for
    # the organisation it was made for.
    elsewhere = OrganisationFactory(name="Ailleurs")
    MembershipFactory(user=member, organisation=elsewhere, role=Role.OWNER)
    services.user_set_acting_organisation(user=member, organisation=elsewhere)
    key, secret = make_key(member, company, name="Inventory sync")

    response = key_client(secret).get("/api/v1/me")

    assert response.status_code == 200
    assert response.json() == {
        "person": {"id": member.pk, "email": member.email, "full_name": "Marc Member"},
        "organisation": {
            "slug": "recyclerie-du-rhone",
            "name": "Recyclerie du Rhône",
            "kind": "company",
            "role": "member",
            "acting": True,
        },
        "api_key": {"name": "Inventory sync", "prefix": key.prefix},
    }
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_a_session_says_who_i_am_and_for_which_organisation_i_act(
    owner: User, company: Organisation
) -> None:
    elsewhere = OrganisationFactory(name="Atelier Bis", slug="atelier-bis")
    MembershipFactory(user=owner, organisation=elsewhere, role=Role.MEMBER)
    services.user_set_acting_organisation(user=owner, organisation=elsewhere)

    body = client_for(owner).get("/api/v1/me").json()

    assert body["person"]["email"] == "olivia@recyclerie.example"
    assert body["organisation"]["slug"] == "atelier-bis"
    assert body["organisation"]["role"] == "member"
    assert body["api_key"] is None


def test_a_session_lists_all_my_organisations_and_marks_the_one_i_act_for(
    owner: User, company: Organisation
) -> None:
    elsewhere = OrganisationFactory(name="Atelier Bis", slug="atelier-bis")
    MembershipFactory(user=owner, organisation=elsewhere, role=Role.MEMBER)
    services.user_set_acting_organisation(user=owner, organisation=company)

    response = client_for(owner).get("/api/v1/organisations")

    assert response.status_code == 200
    assert [(o["slug"], o["role"], o["acting"]) for o in response.json()] == [
        ("atelier-bis", "member", False),
        ("recyclerie-du-rhone", "owner", True),
    ]


def test_a_key_lists_only_its_own_organisation(owner: User, company: Organisation) -> None:
    elsewhere = OrganisationFactory(name="Atelier Bis", slug="atelier-bis")
    MembershipFactory(user=owner, organisation=elsewhere, role=Role.MEMBER)
    _key, secret = make_key(owner, company)

    response = key_client(secret).get("/api/v1/organisations")

    assert [o["slug"] for o in response.json()] == ["recyclerie-du-rhone"]


def test_a_person_in_no_organisation_is_told_so_when_asking_for_sites(db: None) -> None:
    loner = UserFactory(email="lea@example.org")
    client = client_for(loner)

    assert client.get("/api/v1/me").json()["organisation"] is None
    response = client.get("/api/v1/sites")

    assert response.status_code == 400
    assert response.json() == {
        "message": "You do not act for any organisation yet: create one or accept an "
        "invitation first.",
        "errors": {},
    }


# Rejected credentials


def test_without_credentials_the_api_answers_401_saying_how_to_authenticate(
    company: Organisation,
) -> None:
    response = Client().get("/api/v1/me")

    assert_unauthorised(
        response,
        "Authentication required: log in, or send an API key in the header "
        "'Authorization: Bearer <key>'.",
    )
    assert response.json()["errors"] == {}


def test_a_revoked_key_answers_401_with_the_reason(owner: User, company: Organisation) -> None:
    key, secret = make_key(owner, company)
    client = key_client(secret)
    assert client.get("/api/v1/me").status_code == 200

    services.apikey_revoke(actor=owner, key=key)
    response = client.get("/api/v1/me")

    assert_unauthorised(response, "This API key has been revoked.")
    assert response.json()["errors"] == {"authorization": ["This API key has been revoked."]}
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_a_malformed_key_answers_401_naming_the_problem(company: Organisation) -> None:
    response = key_client("my-password").get("/api/v1/me")

    assert_unauthorised(
        response,
        "Malformed API key: it looks like bcl_0123abcd_… as shown when it was created.",
    )


def test_an_unknown_key_answers_401(company: Organisation) -> None:
    response = key_client("bcl_0123abcd_not-a-real-secret").get("/api/v1/me")

    assert_unauthorised(response, "Unknown API key.")


def test_a_key_sent_without_the_bearer_scheme_is_refused_with_the_right_form(
    owner: User, company: Organisation
) -> None:
    _key, secret = make_key(owner, company)

    response = Client(headers={"authorization": f"Token {secret}"}).get("/api/v1/me")

    assert_unauthorised(response, "Send the API key in the header 'Authorization: Bearer <key>'.")


def test_a_bad_key_is_refused_even_beside_a_valid_session(owner: User) -> None:
    client = client_for(owner)

    response = client.get("/api/v1/me", headers={"authorization": "Bearer nonsense"})

    assert response.status_code == 401


def test_the_key_of_a_person_removed_from_the_organisation_stops_working(
    owner: User, member: User, company: Organisation
) -> None:
    key, secret = make_key(member, company)
    client = key_client(secret)
    assert client.get("/api/v1/me").status_code == 200

    services.membership_remove(
        actor=owner, membership=Membership.objects.get(user=member, organisation=company)
    )
    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert response.json()["errors"]["authorization"]
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_a_key_whose_holder_left_without_revocation_is_refused(
    member: User, company: Organisation
) -> None:
    # The service revokes keys on removal; the check at authentication is the second lock.
    _key, secret = make_key(member, company)
    Membership.objects.filter(user=member, organisation=company).delete()

    response = key_client(secret).get("/api/v1/me")

    assert_unauthorised(response, "This API key's holder no longer belongs to its organisation.")


# Sites


@pytest.fixture
def warehouse(owner: User, company: Organisation) -> Site:
    return make_site(owner, company)


def test_members_list_their_organisations_sites(owner: User, member: User, warehouse: Site) -> None:
    for user in (owner, member):
        response = client_for(user).get("/api/v1/organisations/recyclerie-du-rhone/sites")

        assert response.status_code == 200
        assert response.json() == [
            {
                "id": warehouse.pk,
                "name": "Entrepôt Confluence",
                "kind": "warehouse",
                "siret": None,
                "address": "12 cours Charlemagne",
                "postcode": "69002",
                "commune": {
                    "insee_code": "69382",
                    "name": warehouse.commune.name,
                    "departement": "69",
                },
                "latitude": warehouse.latitude,
                "longitude": warehouse.longitude,
            }
        ]


def test_an_outsider_gets_404_on_another_organisations_sites(
    outsider: User, warehouse: Site
) -> None:
    response = client_for(outsider).get("/api/v1/organisations/recyclerie-du-rhone/sites")

    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "errors": {}}


def test_a_key_does_not_reach_the_sites_of_its_holders_other_organisations(
    owner: User, company: Organisation
) -> None:
    elsewhere = OrganisationFactory(name="Atelier Bis", slug="atelier-bis")
    MembershipFactory(user=owner, organisation=elsewhere, role=Role.OWNER)
    make_site(owner, elsewhere, name="Atelier")
    _key, secret = make_key(owner, company)

    response = key_client(secret).get("/api/v1/organisations/atelier-bis/sites")

    assert response.status_code == 404


def test_sites_lists_the_sites_of_the_organisation_i_act_for(
    owner: User, outsider: User, other_company: Organisation, warehouse: Site
) -> None:
    make_site(outsider, other_company, name="Dépôt Oscar")
    _key, secret = make_key(outsider, other_company)

    by_key = key_client(secret).get("/api/v1/sites").json()
    by_session = client_for(owner).get("/api/v1/sites").json()

    assert [s["name"] for s in by_key] == ["Dépôt Oscar"]
    assert [s["name"] for s in by_session] == ["Entrepôt Confluence"]


# Public profile


def test_anyone_reads_an_organisations_public_profile(warehouse: Site) -> None:
    organisation = warehouse.organisation
    organisation.naf_code = "47.79Z"
    organisation.website = "https://recyclerie.example"
    organisation.save()

    response = Client().get("/api/v1/organisations/recyclerie-du-rhone")

    assert response.status_code == 200
    assert response.json() == {
        "slug": "recyclerie-du-rhone",
        "name": "Recyclerie du Rhône",
        "kind": "company",
        "public_body_level": None,
        "siren": organisation.siren,
        "naf_code": "47.79Z",
        "sector": organisation.sector_label,
        "rna": None,
        "may_issue_tax_receipts": False,
        "verification_status": "pending",
        "description": None,
        "website": "https://recyclerie.example",
        "site_count": 1,
    }
    assert organisation.sector_label  # the NAF label is really there to show


def test_an_unknown_organisation_answers_404_in_json(db: None) -> None:
    response = Client().get("/api/v1/organisations/nobody")

    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "errors": {}}


def test_the_public_profile_ignores_a_bad_key(company: Organisation) -> None:
    response = key_client("nonsense").get("/api/v1/organisations/recyclerie-du-rhone")

    assert response.status_code == 200
