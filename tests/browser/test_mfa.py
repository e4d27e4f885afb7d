"""A regional analyst's material flow study, in a real browser (issue 5).

Élise, analyst of a région, opens her organisation's material flow studies, uploads accounts
with mistakes and reads where each one is, then uploads the demo's files (accounts, population
and trade of the départements of Auvergne-Rhône-Alpes) and sees the indicators, the Sankey
diagram of the balance, the time series and the comparison of territories drawn by ECharts;
she picks a département and the page redraws in place (HTMX). The pages speak French, load
only Boucle's own scripts and styles, and nothing breaks the Content Security Policy: the
charts' data travel as JSON, drawn by a static script.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import BrowserContext, Locator, Page, Response, expect

from boucle.accounts.models import OrganisationKind, PublicBodyLevel, Role, User
from boucle.territory.models import MaterialFlowStudy, StudyStatus
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

# As in test_journey.py: committed data for the live server, the communes left in place.
AVAILABLE_APPS = [app for app in django_settings.INSTALLED_APPS if app != "boucle.geo"]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, available_apps=AVAILABLE_APPS),
]

DEMO_DATA = Path(__file__).resolve().parents[2] / "src/boucle/territory/data/demo"
BAD_ACCOUNTS = (
    "territory,year,flow,category,value,unit\n"
    "DEP:69,2019,DE,MF99,1250,kt\n"
    "DEP:69,2019,EXP_INT,MF1,-5,kt\n"
)
CHARTS = ("chart-sankey", "chart-series", "chart-comparison")


class Problems:
    """Console errors (Content Security Policy violations among them), uncaught exceptions
    and static files that failed to load, while the person noticed nothing."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("response", self.on_response)

    def on_response(self, response: Response) -> None:
        if "/static/" in response.url and response.status >= 400:
            self.errors.append(f"{response.status} {response.url}")


@pytest.fixture
def site(live_server: Any, settings: Any, tmp_path: Path) -> str:
    settings.LANGUAGE_CODE = "fr"  # tests/conftest.py runs the other tests in English
    settings.MEDIA_ROOT = tmp_path / "media"
    return str(live_server.url)


@pytest.fixture
def analyst(context: BrowserContext, site: str) -> User:
    """Élise, logged in: the session of a Django test client, handed to the browser."""
    region = OrganisationFactory(
        name="Région Auvergne-Rhône-Alpes",
        slug="region-aura",
        kind=OrganisationKind.PUBLIC_BODY,
        public_body_level=PublicBodyLevel.REGION,
        siren="",
    )
    user = UserFactory(email="elise@region.example", full_name="Élise Fabre")
    MembershipFactory(user=user, organisation=region, role=Role.OWNER)
    client = Client()
    client.force_login(user)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": site}]
    )
    return user


def field(page: Page, label: str) -> Locator:
    """The form field with exactly this label, whatever suffix (" :") the language adds."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\W*$"))


def expect_charts_drawn(page: Page) -> None:
    for chart in CHARTS:
        expect(page.locator(f'[data-chart="{chart}"] canvas').first).to_be_visible()


def test_an_analyst_uploads_accounts_and_reads_the_charts(
    page: Page, site: str, analyst: User, tmp_path: Path
) -> None:
    problems = Problems(page)
    bad = tmp_path / "comptes-2019.csv"
    bad.write_text(BAD_ACCOUNTS)

    page.goto(f"{site}/o/region-aura/dashboard/")
    page.get_by_role("navigation", name="Menu de l'organisation").get_by_role(
        "link", name="Flux de matières"
    ).click()
    page.get_by_role("button", name="Nouvelle étude de flux de matières").click()

    # A file with mistakes: every problem with its line and column, what she typed kept.
    field(page, "Nom").fill("Flux de matières 2016-2020")
    field(page, "Comptes").set_input_files(bad)
    page.get_by_role("button", name="Créer l'étude").click()
    rows = page.get_by_test_id("problem")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("comptes-2019.csv")
    expect(rows.nth(0).get_by_role("cell").nth(1)).to_have_text("2")
    expect(rows.nth(0).get_by_role("cell").nth(2)).to_have_text("category")
    expect(rows.nth(1).get_by_role("cell").nth(2)).to_have_text("value")
    expect(field(page, "Nom")).to_have_value("Flux de matières 2016-2020")
    assert not MaterialFlowStudy.objects.exists()

    # The right files: the study is computed and its page opens on the région.
    field(page, "Comptes").set_input_files(DEMO_DATA / "accounts.csv")
    field(page, "Population (facultatif)").set_input_files(DEMO_DATA / "population.csv")
    field(page, "Échanges entre territoires (facultatif)").set_input_files(DEMO_DATA / "trade.csv")
    field(page, "Territoire de référence (facultatif)").fill("FR")
    page.get_by_role("button", name="Créer l'étude").click()
    expect(page).to_have_url(re.compile(r"/o/region-aura/material-flows/\d+/$"))
    expect(page.get_by_role("status").first).to_contain_text("enregistrée avec ses résultats")
    expect(
        page.get_by_role("heading", name="Indicateurs du territoire Auvergne-Rhône-Alpes en 2020")
    ).to_be_visible()
    expect_charts_drawn(page)
    expect(page.get_by_role("img", name=re.compile("^Diagramme de Sankey"))).to_be_visible()

    # Another territory: HTMX swaps the results in place and the charts are drawn again.
    field(page, "Territoire").select_option(label="Rhône (DEP:69)")
    expect(
        page.get_by_role("heading", name="Indicateurs du territoire Rhône en 2020")
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"territory=DEP%3A69"))
    expect_charts_drawn(page)
    expect(page.get_by_test_id("balance")).to_contain_text("Importations : Biomasse")

    study = MaterialFlowStudy.objects.get()
    assert study.status == StudyStatus.READY
    assert study.created_by == analyst
    assert problems.errors == []
