"""The demo study of the Région Auvergne-Rhône-Alpes: computed once, shown to its analyst."""

from __future__ import annotations

import pytest
from django.test import Client

from boucle.demo import DEMO_PASSWORD, DEMO_STUDY, demo_load
from boucle.territory.models import MaterialFlowStudy, StudyBalance, StudyResult, StudyStatus
from tests.territory.conftest import DEMO_DATA

pytestmark = pytest.mark.django_db


def test_the_demo_study_is_loaded_once_however_often_the_demo_runs() -> None:
    demo_load()
    counts = (MaterialFlowStudy.objects.count(), StudyResult.objects.count())

    demo_load()

    assert (MaterialFlowStudy.objects.count(), StudyResult.objects.count()) == counts
    study = MaterialFlowStudy.objects.get()
    assert study.organisation.name == "Région Auvergne-Rhône-Alpes"
    assert study.created_by is not None
    assert study.created_by.email == "elise.fabre@region-aura.example"
    assert study.status == StudyStatus.READY
    assert study.reference_territory == "FR"
    assert study.years == [2016, 2017, 2018, 2019, 2020]
    # The région is computed from its twelve départements, France is the reference.
    assert study.territories[:2] == ["FR", "REG:84"]
    assert len(study.territories) == 14
    assert StudyBalance.objects.filter(study=study, territory="REG:84").count() == 5


def test_the_region_is_the_sum_of_its_departements_without_the_trade_between_them() -> None:
    demo_load()
    study = MaterialFlowStudy.objects.get()
    figures = StudyResult.objects.filter(study=study, year=2019, category="TOTAL")

    def total(indicator: str, territory: str) -> float:
        return figures.get(indicator=indicator, territory=territory).tonnes

    departements = [code for code in study.territories if code.startswith("DEP:")]
    assert total("DE", "REG:84") == pytest.approx(sum(total("DE", d) for d in departements))
    # Trade between départements is domestic for each of them, not for their région.
    assert total("IMP_DOM", "REG:84") < sum(total("IMP_DOM", d) for d in departements)


def test_the_demo_analyst_sees_the_study(client: Client) -> None:
    demo_load()
    assert client.login(email=DEMO_STUDY.author, password=DEMO_PASSWORD)
    study = MaterialFlowStudy.objects.get()

    page = client.get(f"/o/{study.organisation.slug}/material-flows/{study.pk}/")

    assert page.status_code == 200
    assert "Indicators of Auvergne-Rhône-Alpes in 2020" in page.content.decode()


def test_the_demo_data_says_it_is_illustrative() -> None:
    readme = (DEMO_DATA / "README.md").read_text()

    assert "illustrative, not official statistics" in readme
    assert "illustratifs" in DEMO_STUDY.fields["description"]
