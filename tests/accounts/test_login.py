"""Logging in with an e-mail address, and the throttling of repeated failures."""

from __future__ import annotations

import pytest
from django.test import Client

from boucle.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _log_in(client: Client, email: str, password: str) -> str:
    response = client.post("/accounts/login/", {"login": email, "password": password})
    return response.content.decode() if response.status_code == 200 else response["Location"]


def test_a_person_logs_in_with_their_e_mail(client: Client, owner: User) -> None:
    assert _log_in(client, owner.email, PASSWORD) == "/profile/"


def test_repeated_failures_are_throttled_even_with_the_right_password(
    client: Client, owner: User
) -> None:
    for _ in range(5):
        assert "not correct" in _log_in(client, owner.email, "wrong password")
    page = _log_in(client, owner.email, PASSWORD)
    assert "Too many failed login attempts" in page
    assert "_auth_user_id" not in client.session


def test_an_unverified_address_must_be_confirmed_first(client: Client) -> None:
    client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    response = client.get("/profile/")
    assert response.status_code == 302  # not logged in until the address is confirmed
    assert User.objects.filter(email="new@example.org").exists()
