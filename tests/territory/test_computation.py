"""Where and when a study is computed: in the request, or by the background task for large
inputs, with the results (or the problems) shown on the study page either way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from boucle.accounts.models import Organisation, User
from boucle.core.errors import ServiceError
from boucle.engines import mfa
from boucle.territory import services
from boucle.territory.models import MaterialFlowStudy, StudyResult, StudyStatus
from tests.territory.conftest import (
    ACCOUNTS,
    BAD_ACCOUNTS,
    BAD_PROBLEMS,
    DMC_TONNES,
    POPULATION,
    study_for,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def large_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every input counts as too large to compute in the request."""
    monkeypatch.setattr(services, "INLINE_LIMIT_BYTES", 0)


def post_study(client: Client, organisation: Organisation, accounts: str) -> Any:
    return client.post(
        f"/o/{organisation.slug}/material-flows/new/",
        {
            "name": "Grande étude",
            "insee_hierarchy": "on",
            "accounts": upload("comptes.csv", accounts),
            "population": upload("population.csv", POPULATION),
        },
    )


@pytest.mark.usefixtures("large_inputs")
def test_large_inputs_are_computed_in_the_background_once_saved(
    owner_client: Client, company: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post_study(owner_client, company, ACCOUNTS)
    study = MaterialFlowStudy.objects.get()
    page = f"/o/{company.slug}/material-flows/{study.pk}/"
    assert response.status_code == 302
    assert study.status == StudyStatus.COMPUTING
    assert len(callbacks) == 1  # the task, enqueued once the transaction commits
    assert "being computed" in owner_client.get(page).content.decode()
    waiting = owner_client.get(f"{page}status/", headers={"HX-Request": "true"})
    assert "being computed" in waiting.content.decode()

    callbacks[0]()  # the worker runs the task (the tests' backend runs it at once)

    study.refresh_from_db()
    assert study.status == StudyStatus.READY
    assert StudyResult.objects.get(study=study, indicator="DMC", category="TOTAL").tonnes == (
        DMC_TONNES
    )
    done = owner_client.get(f"{page}status/", headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    assert f"{DMC_TONNES:,}" in owner_client.get(page).content.decode()


@pytest.mark.usefixtures("large_inputs")
def test_a_background_computation_that_finds_problems_shows_them_on_the_study_page(
    owner_client: Client, company: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post_study(owner_client, company, BAD_ACCOUNTS)

    study = MaterialFlowStudy.objects.get()
    assert study.status == StudyStatus.FAILED
    assert [(p["line"], p["column"]) for p in study.problems] == BAD_PROBLEMS
    assert not StudyResult.objects.exists()
    page = owner_client.get(f"/o/{company.slug}/material-flows/{study.pk}/").content.decode()
    assert page.count('data-testid="problem"') == len(BAD_PROBLEMS)
    assert "Upload corrected files" in page


@pytest.mark.usefixtures("large_inputs")
def test_a_computation_of_an_older_revision_stores_nothing(
    owner: User, company: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        study = study_for(owner, company)
    with django_capture_on_commit_callbacks(execute=False):
        services.study_update(actor=owner, study=study, name=study.name, respiration=True)
    assert study.revision == 2

    services.study_compute(study_id=study.pk, revision=1)

    study.refresh_from_db()
    assert study.status == StudyStatus.COMPUTING
    assert not StudyResult.objects.exists()
    services.study_compute(study_id=study.pk, revision=2)
    study.refresh_from_db()
    assert study.status == StudyStatus.READY


@pytest.mark.usefixtures("large_inputs")
def test_an_unexpected_failure_in_the_background_does_not_leave_the_study_computing(
    owner: User,
    company: Organisation,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("engine bug")

    monkeypatch.setattr(mfa, "compute", broken)

    with django_capture_on_commit_callbacks(execute=True):
        study = study_for(owner, company)

    study.refresh_from_db()
    assert study.status == StudyStatus.FAILED
    assert study.problems[0]["message"].startswith("The computation failed unexpectedly")
    assert "engine bug" in caplog.text


def test_respiration_adds_the_guide_coefficients_to_the_balancing_items(
    owner: User, company: Organisation
) -> None:
    study = study_for(owner, company, respiration=True)

    rows = StudyResult.objects.filter(study=study, category="TOTAL")
    # 500,000 inhabitants x 365 days x 0.68 kg of oxygen; 0.82 + 0.96 kg breathed out.
    assert rows.get(indicator="BI_IN").tonnes == pytest.approx(124_100)
    assert rows.get(indicator="BI_OUT").tonnes == pytest.approx(324_850)


def test_with_the_insee_hierarchy_the_engine_says_which_parents_it_left_out(
    owner_client: Client, owner: User, company: Organisation
) -> None:
    with_parents = study_for(owner, company)
    alone = study_for(owner, company, name="Sans hiérarchie", insee_hierarchy=False)

    assert any(note.startswith("REG:27 2010") for note in with_parents.notes)
    assert alone.notes == []
    page = owner_client.get(f"/o/{company.slug}/material-flows/{with_parents.pk}/")
    assert '<li lang="en">REG:27 2010' in page.content.decode()


def test_only_a_member_may_create_a_study(outsider: User, company: Organisation) -> None:
    with pytest.raises(ServiceError, match="not a member"):
        study_for(outsider, company)

    assert not MaterialFlowStudy.objects.exists()


def test_a_member_may_not_change_a_colleague_study(member: User, study: MaterialFlowStudy) -> None:
    with pytest.raises(ServiceError, match="author"):
        services.study_update(actor=member, study=study, name="Pris")
    with pytest.raises(ServiceError, match="author"):
        services.study_delete(actor=member, study=study)


def test_two_studies_of_an_organisation_cannot_share_a_name(
    owner: User, study: MaterialFlowStudy
) -> None:
    with pytest.raises(ServiceError) as refused:
        study_for(owner, study.organisation, name="CÔTE-D'OR 2010")

    assert refused.value.field == "name"


def test_the_accounts_cannot_be_removed(owner: User, study: MaterialFlowStudy) -> None:
    with pytest.raises(ServiceError) as refused:
        services.study_update(actor=owner, study=study, name=study.name, remove={"accounts"})

    assert refused.value.field == "accounts"


def test_a_change_that_fails_midway_leaves_no_file_behind(
    owner: User, company: Organisation, monkeypatch: pytest.MonkeyPatch, media_root: Path
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_store_results", broken)

    with pytest.raises(RuntimeError):
        study_for(owner, company)

    assert not MaterialFlowStudy.objects.exists()
    assert list(media_root.rglob("*.csv")) == []
