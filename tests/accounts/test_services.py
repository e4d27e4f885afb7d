"""The rules of organisations, memberships, invitations, sites and keys, through the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from boucle.accounts import services
from boucle.accounts.models import (
    ApiKey,
    Invitation,
    Membership,
    Organisation,
    Role,
    Site,
    User,
    VerificationStatus,
)
from boucle.audit.models import AuditAction, AuditEvent
from boucle.core.errors import ServiceError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_creating_an_organisation_makes_its_creator_owner_and_acting_for_it(owner: User) -> None:
    person = UserFactory()
    organisation = services.organisation_create(
        user=person, name="Ressourcerie des Pentes", kind="association", rna="W691234567"
    )
    assert organisation.slug == "ressourcerie-des-pentes"
    assert organisation.verification_status == VerificationStatus.PENDING
    assert Membership.objects.get(user=person, organisation=organisation).role == Role.OWNER
    person.refresh_from_db()
    assert person.acting_organisation == organisation
    assert AuditEvent.objects.filter(
        organisation=organisation, action=AuditAction.ORGANISATION_CREATED, actor=person
    ).exists()


def test_a_wrong_siren_is_refused_and_nothing_is_saved() -> None:
    person = UserFactory()
    with pytest.raises(ServiceError) as caught:
        services.organisation_create(user=person, name="Typo SA", kind="company", siren="732829321")
    assert caught.value.field == "siren"
    assert "check digit" in caught.value.message
    assert not Organisation.objects.filter(name="Typo SA").exists()
    assert not Membership.objects.filter(user=person).exists()


def test_a_siren_registered_twice_is_refused(company: Organisation) -> None:
    with pytest.raises(ServiceError, match="already registered"):
        services.organisation_create(
            user=UserFactory(), name="Doublon", kind="company", siren=company.siren
        )


def test_a_company_needs_a_siren_and_only_associations_issue_tax_receipts() -> None:
    with pytest.raises(ServiceError) as caught:
        services.organisation_create(user=UserFactory(), name="Sans SIREN", kind="company")
    assert caught.value.field == "siren"
    with pytest.raises(ServiceError) as caught:
        services.organisation_create(
            user=UserFactory(),
            name="Fausse asso",
            kind="company",
            siren="732829320",
            tax_receipt_basis="general_interest",
        )
    assert caught.value.field == "tax_receipt_basis"


def test_a_public_body_says_its_level() -> None:
    with pytest.raises(ServiceError) as caught:
        services.organisation_create(user=UserFactory(), name="Région X", kind="public_body")
    assert caught.value.field == "public_body_level"


def test_changing_the_siren_sends_the_organisation_back_to_verification(
    company: Organisation, owner: User
) -> None:
    services.organisation_verify(organisation=company, operator=None)
    services.organisation_update(actor=owner, organisation=company, siren="732829320")
    company.refresh_from_db()
    assert company.verification_status == VerificationStatus.PENDING


def test_a_member_cannot_change_the_organisation(company: Organisation, member: User) -> None:
    with pytest.raises(ServiceError, match="owners and administrators"):
        services.organisation_update(actor=member, organisation=company, name="Piraté")
    company.refresh_from_db()
    assert company.name == "Recyclerie du Rhône"


def test_rejection_needs_a_reason_and_later_modules_refuse_the_unverified(
    company: Organisation,
) -> None:
    with pytest.raises(ServiceError, match="reason"):
        services.organisation_reject(organisation=company, operator=None, reason="  ")
    services.organisation_reject(
        organisation=company, operator=None, reason="The SIREN belongs to another company."
    )
    company.refresh_from_db()
    assert company.verification_status == VerificationStatus.REJECTED
    with pytest.raises(ServiceError, match="not verified"):
        services.organisation_require_verified(company)
    services.organisation_verify(organisation=company, operator=None)
    services.organisation_require_verified(company)


def test_an_invitation_is_mailed_and_accepted_once(
    company: Organisation, owner: User, django_capture_on_commit_callbacks: Any
) -> None:
    # The e-mail is a task enqueued when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invitation_create(
            actor=owner, organisation=company, email="Nina@Example.org", role=Role.ADMIN
        )
    assert invitation.email == "nina@example.org"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nina@example.org"]
    assert f"/invitations/{token}/" in mail.outbox[0].body
    assert token not in invitation.token_hash  # only a digest is stored

    nina = UserFactory(email="nina@example.org")
    membership = services.invitation_accept(token=token, user=nina)
    assert membership.role == Role.ADMIN
    nina.refresh_from_db()
    assert nina.acting_organisation == company
    with pytest.raises(ServiceError, match="already been used"):
        services.invitation_accept(token=token, user=nina)


def test_an_expired_invitation_is_refused(company: Organisation, owner: User) -> None:
    invitation, token = services.invitation_create(
        actor=owner, organisation=company, email="late@example.org"
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    late = UserFactory(email="late@example.org")
    with pytest.raises(ServiceError, match="expired"):
        services.invitation_accept(token=token, user=late)
    assert not Membership.objects.filter(user=late).exists()


def test_an_invitation_is_only_for_the_address_it_was_sent_to(
    company: Organisation, owner: User, outsider: User
) -> None:
    _, token = services.invitation_create(
        actor=owner, organisation=company, email="intended@example.org"
    )
    with pytest.raises(ServiceError, match=r"intended@example\.org"):
        services.invitation_accept(token=token, user=outsider)
    assert not Membership.objects.filter(user=outsider, organisation=company).exists()


def test_a_new_invitation_replaces_the_pending_one(company: Organisation, owner: User) -> None:
    _, first = services.invitation_create(actor=owner, organisation=company, email="x@example.org")
    _, second = services.invitation_create(actor=owner, organisation=company, email="x@example.org")
    person = UserFactory(email="x@example.org")
    with pytest.raises(ServiceError, match="withdrawn"):
        services.invitation_accept(token=first, user=person)
    services.invitation_accept(token=second, user=person)


def test_inviting_a_member_again_is_refused(
    company: Organisation, owner: User, member: User
) -> None:
    with pytest.raises(ServiceError) as caught:
        services.invitation_create(actor=owner, organisation=company, email=member.email)
    assert caught.value.field == "email"
    assert "already a member" in caught.value.message


def test_an_unknown_token_is_refused() -> None:
    with pytest.raises(ServiceError, match="not valid"):
        services.invitation_get_by_token("nope")


def test_only_owners_appoint_owners_and_the_last_owner_stays(
    company: Organisation, owner: User, admin: User, member: User
) -> None:
    member_membership = Membership.objects.get(user=member, organisation=company)
    with pytest.raises(ServiceError, match="Only an owner"):
        services.membership_set_role(actor=admin, membership=member_membership, role=Role.OWNER)
    services.membership_set_role(actor=admin, membership=member_membership, role=Role.ADMIN)
    owner_membership = Membership.objects.get(user=owner, organisation=company)
    with pytest.raises(ServiceError, match="at least one owner"):
        services.membership_set_role(actor=owner, membership=owner_membership, role=Role.MEMBER)
    with pytest.raises(ServiceError, match="at least one owner"):
        services.membership_remove(actor=owner, membership=owner_membership)
    event = AuditEvent.objects.get(action=AuditAction.MEMBER_ROLE_CHANGED)
    assert event.actor == admin
    assert event.details == {"from": "member", "to": "admin"}


def test_a_removed_member_loses_their_keys_and_acting_organisation(
    company: Organisation, owner: User, member: User
) -> None:
    _, secret = services.apikey_create(user=member, organisation=company, name="script")
    member.acting_organisation = company
    member.save()
    services.membership_remove(
        actor=owner, membership=Membership.objects.get(user=member, organisation=company)
    )
    member.refresh_from_db()
    assert member.acting_organisation is None
    with pytest.raises(ServiceError, match="revoked"):
        services.apikey_authenticate(secret)


def test_a_site_takes_its_commune_position_when_none_is_given(
    company: Organisation, owner: User
) -> None:
    site = services.site_create(
        actor=owner,
        organisation=company,
        name="Magasin de Villeurbanne",
        kind="store",
        address="12 cours Émile-Zola",
        postcode="69100",
        commune_insee="69266",
    )
    assert site.commune.name == "Villeurbanne"
    assert (site.latitude, site.longitude) == (site.commune.latitude, site.commune.longitude)


def test_a_site_keeps_the_coordinates_it_is_given(company: Organisation, owner: User) -> None:
    site = services.site_create(
        actor=owner,
        organisation=company,
        name="Entrepôt",
        kind="warehouse",
        address="Port Édouard-Herriot",
        postcode="69007",
        commune_insee="69387",
        latitude=45.7312,
        longitude=4.8279,
    )
    assert (site.latitude, site.longitude) == (45.7312, 4.8279)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"commune_insee": "99999"}, "commune", "No French commune"),
        ({"postcode": "75001"}, "postcode", "69100"),
        ({"siret": "73282932000074"}, "siret", "must start with its SIREN"),
        ({"latitude": 45.0}, "latitude", "both latitude and longitude"),
    ],
)
def test_a_wrong_site_is_refused_naming_the_field(
    company: Organisation, owner: User, values: dict[str, object], field: str, message: str
) -> None:
    site_values: dict[str, object] = {
        "name": "Magasin",
        "kind": "store",
        "address": "1 rue de la République",
        "postcode": "69100",
        "commune_insee": "69266",
        **values,
    }
    with pytest.raises(ServiceError) as caught:
        services.site_create(actor=owner, organisation=company, **site_values)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert message in caught.value.message
    assert not Site.objects.exists()


def test_two_sites_of_one_organisation_have_different_names(
    company: Organisation, owner: User
) -> None:
    values = {
        "name": "Magasin",
        "kind": "store",
        "address": "1 rue",
        "postcode": "69100",
        "commune_insee": "69266",
    }
    services.site_create(actor=owner, organisation=company, **values)
    with pytest.raises(ServiceError) as caught:
        services.site_create(actor=owner, organisation=company, **values)
    assert caught.value.field == "name"
    assert Site.objects.count() == 1


def test_an_api_key_is_stored_hashed_and_can_be_revoked(company: Organisation, owner: User) -> None:
    key, secret = services.apikey_create(user=owner, organisation=company, name="ERP")
    assert secret.startswith(f"bcl_{key.prefix}_")
    assert secret not in key.key_hash
    assert services.apikey_authenticate(secret) == key
    services.apikey_revoke(actor=owner, key=key)
    with pytest.raises(ServiceError, match="revoked"):
        services.apikey_authenticate(secret)
    actions = list(AuditEvent.objects.filter(organisation=company).values_list("action", flat=True))
    assert AuditAction.APIKEY_CREATED in actions
    assert AuditAction.APIKEY_REVOKED in actions


@pytest.mark.parametrize("secret", ["", "hello", "bcl_short_x", "Bearer bcl_0123abcd_x"])
def test_a_malformed_api_key_is_named_as_such(secret: str) -> None:
    with pytest.raises(ServiceError, match="Malformed API key"):
        services.apikey_authenticate(secret)


def test_a_well_formed_but_unknown_key_is_unknown(db: None) -> None:
    with pytest.raises(ServiceError, match="Unknown API key"):
        services.apikey_authenticate("bcl_0123abcd_" + "x" * 43)


def test_only_members_get_keys(company: Organisation, outsider: User) -> None:
    with pytest.raises(ServiceError, match="not a member"):
        services.apikey_create(user=outsider, organisation=company, name="intrusion")
    assert not ApiKey.objects.exists()


def test_acting_for_an_organisation_needs_a_membership(
    company: Organisation, outsider: User
) -> None:
    with pytest.raises(ServiceError, match="not a member"):
        services.user_set_acting_organisation(user=outsider, organisation=company)
