"""Every error of the JSON API is JSON: a message and the messages of each field at fault.

The handlers are installed on a small API made here, whose endpoints fail on purpose in each way
the real ones can; the real API's own 401 and 404 answers are tested in tests/accounts/.
"""

from __future__ import annotations

import pytest
from django.http import Http404, HttpRequest
from django.test import Client
from django.urls import path
from ninja import NinjaAPI, Schema

from boucle.accounts.models import User
from boucle.core.api_auth import API_AUTH, principal_of
from boucle.core.api_errors import install_error_handlers
from boucle.core.errors import ServiceError

trial_api = NinjaAPI(title="Trial", urls_namespace="trial-api", auth=API_AUTH, docs_url=None)
install_error_handlers(trial_api)


class Lot(Schema):
    title: str
    mass_kg: int


class Pallet(Schema):
    lots: list[Lot]


@trial_api.post("/lots", auth=None)
def lot_create(request: HttpRequest, payload: Lot, page: int = 1) -> dict[str, str]:
    return {"title": payload.title}


@trial_api.post("/pallets", auth=None)
def pallet_create(request: HttpRequest, payload: Pallet) -> dict[str, int]:
    return {"lots": len(payload.lots)}


@trial_api.get("/refused", auth=None)
def refused(request: HttpRequest, field: str = "") -> None:
    raise ServiceError("There is not enough stock for this order.", field=field or None)


@trial_api.get("/missing", auth=None)
def missing(request: HttpRequest) -> None:
    raise Http404("Lot 12 does not exist.")


@trial_api.get("/broken", auth=None)
def broken(request: HttpRequest) -> None:
    raise RuntimeError("the database has gone away")


@trial_api.post("/whoami")
def whoami(request: HttpRequest) -> dict[str, str]:
    return {"email": principal_of(request).user.email}


urlpatterns = [path("trial/", trial_api.urls)]

pytestmark = pytest.mark.urls(__name__)


def test_an_invalid_body_answers_422_with_the_messages_of_each_field() -> None:
    response = Client().post(
        "/trial/lots?page=first", {"mass_kg": "heavy"}, content_type="application/json"
    )

    assert response.status_code == 422
    body = response.json()
    assert body["message"] == "The request is not valid."
    assert set(body["errors"]) == {"title", "mass_kg", "page"}
    assert body["errors"]["title"] == ["Field required"]
    assert all(isinstance(m, str) and m for ms in body["errors"].values() for m in ms)


def test_a_nested_field_is_named_by_its_dotted_path() -> None:
    response = Client().post(
        "/trial/pallets",
        {"lots": [{"title": "Chairs", "mass_kg": 12}, {"title": "Desks"}]},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["lots.1.mass_kg"]


def test_a_body_that_is_not_json_answers_400_in_json() -> None:
    response = Client().post("/trial/lots", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "message": "The request body could not be read: send valid JSON.",
        "errors": {},
    }


def test_a_service_refusal_answers_400_naming_the_field() -> None:
    response = Client().get("/trial/refused?field=quantity")

    assert response.status_code == 400
    assert response.json() == {
        "message": "There is not enough stock for this order.",
        "errors": {"quantity": ["There is not enough stock for this order."]},
    }


def test_a_service_refusal_without_a_field_has_no_field_errors() -> None:
    response = Client().get("/trial/refused")

    assert response.json() == {"message": "There is not enough stock for this order.", "errors": {}}


def test_not_found_answers_404_without_saying_more() -> None:
    response = Client().get("/trial/missing")

    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "errors": {}}


def test_an_unexpected_error_answers_500_in_json_and_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    response = Client().get("/trial/broken")

    assert response.status_code == 500
    assert response.json()["message"].startswith("Something went wrong on our side.")
    assert "the database has gone away" not in response.content.decode()
    assert any(r.name == "django.request" and r.exc_info for r in caplog.records)


def test_a_session_request_that_changes_something_needs_the_csrf_token(owner: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    response = client.post("/trial/whoami")

    assert response.status_code == 403
    assert response.json()["message"].startswith("CSRF check failed")


def test_a_session_request_with_the_csrf_token_passes(owner: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    token = "abcdefghijklmnopqrstuvwxyzABCDEF"  # a CSRF secret: 32 letters or digits
    client.cookies["csrftoken"] = token

    response = client.post("/trial/whoami", headers={"x-csrftoken": token})

    assert response.status_code == 200
    assert response.json() == {"email": owner.email}


def test_an_anonymous_post_answers_401_not_a_csrf_failure(db: None) -> None:
    response = Client(enforce_csrf_checks=True).post("/trial/whoami")

    assert response.status_code == 401
