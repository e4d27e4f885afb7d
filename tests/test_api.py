"""The API object itself: its OpenAPI document, its docs page, and JSON answers everywhere."""

from __future__ import annotations

from html.parser import HTMLParser

from django.contrib.staticfiles import finders
from django.test import Client
from openapi_spec_validator import validate


class _Assets(HTMLParser):
    """Collects every URL a page loads, the types of its inline scripts, its inline styles."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_script_types: list[str] = []
        self.inline_styles = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href"):
            if values.get(name):
                self.urls.append(str(values[name]))
        if tag == "script" and not values.get("src"):
            self.inline_script_types.append(values.get("type") or "text/javascript")
        if tag == "style" or values.get("style") is not None:
            self.inline_styles += 1


def test_the_openapi_document_is_valid_openapi_3() -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    validate(document)  # raises on any violation of the OpenAPI specification
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/me", "/api/v1/sites", "/api/v1/organisations/{slug}"} <= set(document["paths"])
    schemes = document["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}


def test_the_public_profile_is_documented_as_needing_no_authentication() -> None:
    document = Client().get("/api/v1/openapi.json").json()

    assert "security" not in document["paths"]["/api/v1/organisations/{slug}"]["get"]
    assert document["paths"]["/api/v1/me"]["get"]["security"]


def test_the_docs_page_loads_only_boucles_own_assets() -> None:
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200
    page = _Assets()
    page.feed(response.content.decode())
    assert page.urls, "the page loads Swagger UI from somewhere"
    for url in page.urls:
        assert url.startswith("/static/"), f"{url} is not served by Boucle"
        assert finders.find(url.removeprefix("/static/")), f"{url} is not a static file"
    # Our Content Security Policy runs no inline script without a nonce: the page has none,
    # only its settings as JSON data, which a browser does not execute.
    assert page.inline_script_types == ["application/json"]
    assert page.inline_styles == 0
    assert b'validatorUrl": null' in response.content
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_the_api_root_says_where_the_documentation_is() -> None:
    response = Client().get("/api/v1/")

    assert response.status_code == 200
    assert response.json()["openapi"] == "/api/v1/openapi.json"
    assert response.json()["docs"] == "/api/v1/docs"


def test_an_unknown_api_path_answers_404_in_json() -> None:
    response = Client().get("/api/v1/lots/12/nowhere")

    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "errors": {}}


def test_a_wrong_method_answers_405_in_json_with_the_allowed_ones(db: None) -> None:
    response = Client().delete("/api/v1/me")

    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {"message": "This method is not allowed here.", "errors": {}}
