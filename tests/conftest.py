"""Test settings and the named personas every test reads the same way.

Personas, in the company "Recyclerie du Rhône":
- `owner` (Olivia) owns it: may manage everything, sees the audit trail.
- `admin` (Adam) administers it: manages members, invitations and sites.
- `member` (Marc) belongs to it: sees its private pages, changes nothing.
- `outsider` (Oscar) owns another company: must see nothing private of the first (404).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from boucle.accounts.models import Organisation, Role, User
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _fast_settings(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    # Uploaded files (photos, study files) land in a folder of the test run, not in ./var.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _own_cache_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # What the engines keep on disk between runs (the matching engine's embeddings) goes to a
    # folder of the test, not to the user's cache: no test reads what another one wrote.
    monkeypatch.setenv("BOUCLE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    # allauth's login throttling counts in the cache: each test starts with a clean count.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def company(db: None) -> Organisation:
    return OrganisationFactory(name="Recyclerie du Rhône", slug="recyclerie-du-rhone")


@pytest.fixture
def owner(company: Organisation) -> User:
    user = UserFactory(email="olivia@recyclerie.example", full_name="Olivia Owner")
    MembershipFactory(user=user, organisation=company, role=Role.OWNER)
    return user


@pytest.fixture
def admin(company: Organisation, owner: User) -> User:
    user = UserFactory(email="adam@recyclerie.example", full_name="Adam Admin")
    MembershipFactory(user=user, organisation=company, role=Role.ADMIN)
    return user


@pytest.fixture
def member(company: Organisation, owner: User) -> User:
    user = UserFactory(email="marc@recyclerie.example", full_name="Marc Member")
    MembershipFactory(user=user, organisation=company, role=Role.MEMBER)
    return user


@pytest.fixture
def other_company(db: None) -> Organisation:
    return OrganisationFactory(name="Autre Société", slug="autre-societe")


@pytest.fixture
def outsider(other_company: Organisation) -> User:
    user = UserFactory(email="oscar@autre.example", full_name="Oscar Outsider")
    MembershipFactory(user=user, organisation=other_company, role=Role.OWNER)
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner: User) -> Client:
    return client_for(owner)


@pytest.fixture
def member_client(member: User) -> Client:
    return client_for(member)


@pytest.fixture
def outsider_client(outsider: User) -> Client:
    return client_for(outsider)
