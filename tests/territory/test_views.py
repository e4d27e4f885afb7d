"""The material flow pages through HTTP: upload, results, downloads, and who may do what."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from boucle.accounts.models import Organisation, OrganisationKind, Role, User
from boucle.territory.models import MaterialFlowStudy, StudyFile, StudyResult, StudyStatus
from tests.conftest import client_for
from tests.factories import MembershipFactory, OrganisationFactory
from tests.territory.conftest import (
    ACCOUNTS,
    BAD_ACCOUNTS,
    BAD_PROBLEMS,
    DMC_TONNES,
    NAS_TONNES,
    POPULATION,
    demo_files,
    study_for,
    upload,
)

pytestmark = pytest.mark.django_db


def base(organisation: Organisation) -> str:
    return f"/o/{organisation.slug}/material-flows/"


def page_of(study: MaterialFlowStudy, suffix: str = "") -> str:
    return f"{base(study.organisation)}{study.pk}/{suffix}"


def create(client: Client, organisation: Organisation, **fields: object) -> object:
    data = {
        "name": "Côte-d'Or 2010",
        "description": "Worked example",
        "territory_scope": "Côte-d'Or",
        "insee_hierarchy": "on",
        "accounts": upload("comptes-2010.csv", ACCOUNTS),
        "population": upload("population.csv", POPULATION),
        **fields,
    }
    return client.post(f"{base(organisation)}new/", data)


# Uploading and reading the results


def test_uploading_valid_files_shows_the_indicators(
    owner_client: Client, company: Organisation, owner: User
) -> None:
    response = create(owner_client, company)

    study = MaterialFlowStudy.objects.get()
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response["Location"] == page_of(study)  # type: ignore[index]
    assert study.status == StudyStatus.READY
    assert study.created_by == owner
    assert study.territories == ["DEP:21"]
    assert study.years == [2010]
    assert sorted(study.files.values_list("kind", "original_name")) == [
        ("accounts", "comptes-2010.csv"),
        ("population", "population.csv"),
    ]
    page = owner_client.get(page_of(study)).content.decode()
    dmc_line = next(line for line in page.splitlines() if 'data-indicator="DMC"' in line)
    assert f"{DMC_TONNES:,}" in dmc_line  # 5,550,000 t
    assert "11.10" in page  # t of DMC per inhabitant
    assert "Côte-d&#x27;Or" in page  # the département's INSEE name
    assert f"{NAS_TONNES:,}" in page  # in the balance table


def test_the_stored_files_are_the_uploads_under_a_random_name(
    owner_client: Client, company: Organisation, media_root: Path
) -> None:
    create(owner_client, company)

    stored = StudyFile.objects.get(kind="accounts")
    assert stored.file.name.startswith(f"territory/{company.pk}/")
    assert "comptes" not in stored.file.name
    assert (media_root / stored.file.name).read_text() == ACCOUNTS
    assert stored.size_bytes == len(ACCOUNTS)

    download = owner_client.get(page_of(stored.study, "files/accounts/"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).decode() == ACCOUNTS  # type: ignore[attr-defined]
    assert 'filename="comptes-2010.csv"' in download["Content-Disposition"]


def test_a_bad_file_lists_every_problem_keeps_what_was_typed_and_saves_nothing(
    owner_client: Client, company: Organisation, media_root: Path
) -> None:
    response = create(
        owner_client,
        company,
        name="Étude à corriger",
        description="Mes notes",
        reference_territory="DEP:21",
        accounts=upload("comptes.csv", BAD_ACCOUNTS),
    )

    assert response.status_code == 200  # type: ignore[attr-defined]
    page = response.content.decode()  # type: ignore[attr-defined]
    rows = [line for line in page.split('<tr data-testid="problem">')[1:]]
    assert len(rows) == len(BAD_PROBLEMS)
    for row, (line, column) in zip(rows, BAD_PROBLEMS, strict=True):
        cells = [cell.split("</td>")[0] for cell in row.split("<td")[1:]]
        assert cells[0].endswith(">comptes.csv")
        assert cells[1].endswith(f">{line}")
        assert cells[2].endswith(f">{column}")
    assert "MF99" in page
    assert 'value="Étude à corriger"' in page
    assert "Mes notes</textarea>" in page
    assert 'value="DEP:21"' in page
    assert not MaterialFlowStudy.objects.exists()
    assert not StudyFile.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.csv"))


def test_it_refuses_a_file_that_is_neither_csv_nor_xlsx(
    owner_client: Client, company: Organisation
) -> None:
    response = create(owner_client, company, accounts=upload("comptes.txt", ACCOUNTS))

    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "not allowed" in response.content.decode()  # type: ignore[attr-defined]
    assert not MaterialFlowStudy.objects.exists()


def test_an_xlsx_workbook_is_read_like_a_csv_file(
    owner_client: Client, company: Organisation
) -> None:
    workbook = Workbook()
    for line in ACCOUNTS.splitlines():
        cells = line.split(",")
        workbook.active.append([float(c) if c.replace(".", "").isdigit() else c for c in cells])
    buffer = io.BytesIO()
    workbook.save(buffer)

    create(owner_client, company, accounts=upload("comptes.xlsx", buffer.getvalue()))

    assert StudyResult.objects.get(indicator="DMC", category="TOTAL").tonnes == DMC_TONNES


def test_another_territory_and_year_come_as_an_htmx_fragment(
    owner: User, company: Organisation
) -> None:
    study = study_for(owner, company, name="Démo", files=demo_files(), reference_territory="FR")
    client = client_for(owner)

    response = client.get(
        page_of(study), {"territory": "DEP:69", "year": "2017"}, headers={"HX-Request": "true"}
    )

    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="study-results"')
    assert "<html" not in fragment
    assert "Indicators of Rhône in 2017" in fragment
    assert 'id="chart-sankey"' in fragment  # the chart's data, as JSON


def test_an_unknown_territory_or_year_falls_back_to_the_first(
    owner_client: Client, study: MaterialFlowStudy
) -> None:
    response = owner_client.get(page_of(study), {"territory": "DEP:99", "year": "abc"})

    assert response.status_code == 200
    assert "Indicators of Côte-d&#x27;Or in 2010" in response.content.decode()


def test_the_page_shows_the_reference_and_the_comparison(
    owner: User, company: Organisation
) -> None:
    study = study_for(owner, company, name="Démo", files=demo_files(), reference_territory="FR")
    client = client_for(owner)

    page = client.get(page_of(study), {"territory": "REG:84", "year": "2019"}).content.decode()

    assert "Indicators of Auvergne-Rhône-Alpes in 2019" in page
    assert "Total of France" in page
    comparison = page.split('data-testid="comparison"')[1].split("</table>")[0]
    for name in ("Ain", "Rhône", "Haute-Savoie", "Auvergne-Rhône-Alpes", "France"):
        assert name in comparison
    assert "100\xa0%" in comparison  # France against itself
    dmc = StudyResult.objects.get(
        study=study, territory="REG:84", year=2019, indicator="DMC", category="TOTAL"
    )
    productivity = page.split('data-testid="productivity">')[1].split("</p>")[0]
    assert f"{dmc.kg_per_eur:.2f} kg per euro" in productivity
    assert f"{dmc.resource_productivity_eur_per_kg:.2f} euros per kg" in productivity


# Downloads


def test_the_results_download_as_csv_with_the_command_line_columns(
    owner_client: Client, study: MaterialFlowStudy
) -> None:
    response = owner_client.get(page_of(study, "results.csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [
        "territory",
        "year",
        "indicator",
        "category",
        "tonnes",
        "tonnes_per_inhabitant",
        "kg_per_eur",
        "resource_productivity_eur_per_kg",
        "reference_tonnes",
        "reference_tonnes_per_inhabitant",
        "ratio_to_reference_per_inhabitant",
    ]
    dmc = next(r for r in rows if r["indicator"] == "DMC" and r["category"] == "TOTAL")
    assert float(dmc["tonnes"]) == DMC_TONNES
    assert float(dmc["tonnes_per_inhabitant"]) == pytest.approx(11.1)
    assert dmc["kg_per_eur"] == ""  # no GDP given
    assert len(rows) == StudyResult.objects.filter(study=study).count()


def test_the_results_download_as_xlsx(owner_client: Client, study: MaterialFlowStudy) -> None:
    response = owner_client.get(page_of(study, "results.xlsx"))

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["Study", "Results", "Indicators", "Categories", "Territories"]
    rows = list(workbook["Results"].iter_rows(values_only=True))
    header, figures = rows[0], rows[1:]
    dmc = next(r for r in figures if r[2] == "DMC" and r[3] == "TOTAL")
    assert dict(zip(header, dmc, strict=True))["tonnes"] == DMC_TONNES
    assert ("DEP:21", "Côte-d'Or") in list(workbook["Territories"].iter_rows(values_only=True))


def test_the_questionnaire_layout_has_a_sheet_per_table_categories_by_years(
    owner: User, company: Organisation
) -> None:
    study = study_for(owner, company, name="Démo", files=demo_files(), reference_territory="FR")

    response = client_for(owner).get(page_of(study, "questionnaire.xlsx"))

    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    tables = [name.split(" ")[0] for name in workbook.sheetnames[1:]]
    assert tables == ["A", "B", "B1", "B2", "C", "C1", "C2", "D", "E", "F"]
    extraction = list(workbook[workbook.sheetnames[1]].iter_rows(values_only=True))
    # The first block is the first territory, France: its title, then the years as columns.
    assert extraction[0] == ("France (FR)",) + (None,) * 6
    assert extraction[1] == ("Code", "Name", 2016, 2017, 2018, 2019, 2020)
    rows = {row[0]: row for row in extraction[2:40] if row[0]}
    wood_2019 = StudyResult.objects.get(
        study=study, territory="FR", year=2019, indicator="DE", category="MF131"
    ).tonnes
    assert rows["MF.1.3.1"][1] == "Timber (industrial roundwood)"
    assert rows["MF.1.3.1"][5] == wood_2019
    assert "MF.5" not in rows  # no extraction of other products
    dpo = [row[0] for row in workbook[workbook.sheetnames[8]].iter_rows(values_only=True)]
    assert "DPO_AIR" in dpo
    assert "DPO_LANDFILL" in dpo


# Who may see and change what


def study_urls(study: MaterialFlowStudy) -> list[str]:
    return [
        page_of(study),
        page_of(study, "status/"),
        page_of(study, "edit/"),
        page_of(study, "delete/"),
        page_of(study, "files/accounts/"),
        page_of(study, "results.csv"),
        page_of(study, "results.xlsx"),
        page_of(study, "questionnaire.xlsx"),
    ]


def test_an_outsider_gets_404_on_every_study_url(
    outsider_client: Client, study: MaterialFlowStudy
) -> None:
    for url in [base(study.organisation), f"{base(study.organisation)}new/", *study_urls(study)]:
        assert outsider_client.get(url).status_code == 404, url
    for url in (page_of(study, "edit/"), page_of(study, "delete/")):
        assert outsider_client.post(url, {"name": "Pris"}).status_code == 404, url
    assert MaterialFlowStudy.objects.get().name == "Côte-d'Or 2010"


def test_an_outsider_cannot_reach_a_study_through_their_own_organisation(
    outsider_client: Client, other_company: Organisation, study: MaterialFlowStudy
) -> None:
    response = outsider_client.get(f"{base(other_company)}{study.pk}/")

    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client, study: MaterialFlowStudy) -> None:
    response = client.get(page_of(study))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_member_reads_a_study_but_may_not_change_it(
    member_client: Client, study: MaterialFlowStudy
) -> None:
    assert member_client.get(base(study.organisation)).status_code == 200
    page = member_client.get(page_of(study)).content.decode()
    assert f"{DMC_TONNES:,}" in page
    assert "Change the study" not in page
    for url in study_urls(study)[4:]:
        response = member_client.get(url)
        assert response.status_code == 200, url
        if response.streaming:  # read to the end, which closes the file downloaded
            b"".join(response.streaming_content)  # type: ignore[attr-defined]

    assert member_client.get(page_of(study, "edit/")).status_code == 404
    assert member_client.post(page_of(study, "edit/"), {"name": "Renamed"}).status_code == 404
    assert member_client.post(page_of(study, "delete/")).status_code == 404
    assert MaterialFlowStudy.objects.get().name == "Côte-d'Or 2010"


def test_a_member_may_create_a_study_and_change_their_own(
    member_client: Client, member: User, company: Organisation
) -> None:
    create(member_client, company, name="Ma première étude")
    study = MaterialFlowStudy.objects.get()

    response = member_client.post(
        page_of(study, "edit/"), {"name": "Mon étude", "insee_hierarchy": "on"}
    )

    assert response.status_code == 302
    study.refresh_from_db()
    assert study.name == "Mon étude"
    assert study.updated_by == member


def test_an_administrator_may_change_and_delete_a_colleague_study(
    admin: User,
    study: MaterialFlowStudy,
    media_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(admin)
    assert "Change the study" in client.get(page_of(study)).content.decode()
    assert len(list(media_root.rglob("*.csv"))) == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page_of(study, "delete/"))

    assert response.status_code == 302
    assert response["Location"] == base(study.organisation)
    assert not MaterialFlowStudy.objects.exists()
    assert not StudyResult.objects.exists()
    assert list(media_root.rglob("*.csv")) == []  # the files went with the study


def test_deleting_asks_first(owner_client: Client, study: MaterialFlowStudy) -> None:
    response = owner_client.get(page_of(study, "delete/"))

    assert response.status_code == 200
    assert "This cannot be undone" in response.content.decode()
    assert MaterialFlowStudy.objects.exists()


# Changing a study


def test_a_new_accounts_file_recomputes_the_results(
    owner_client: Client, study: MaterialFlowStudy
) -> None:
    doubled = ACCOUNTS.replace("DEP:21,2010,DE,MF38,3000,kt", "DEP:21,2010,DE,MF38,6000,kt")

    response = owner_client.post(
        page_of(study, "edit/"),
        {"name": study.name, "insee_hierarchy": "on", "accounts": upload("v2.csv", doubled)},
    )

    assert response.status_code == 302
    dmc = StudyResult.objects.get(study=study, indicator="DMC", category="TOTAL")
    assert dmc.tonnes == DMC_TONNES + 3_000_000
    assert study.files.get(kind="accounts").original_name == "v2.csv"


def test_a_new_name_alone_keeps_the_results(owner_client: Client, study: MaterialFlowStudy) -> None:
    computed_at = study.computed_at

    owner_client.post(
        page_of(study, "edit/"),
        {"name": "Côte-d'Or, année 2010", "insee_hierarchy": "on"},
    )

    study.refresh_from_db()
    assert study.name == "Côte-d'Or, année 2010"
    assert study.computed_at == computed_at
    assert study.revision == 1


def test_removing_the_population_removes_the_figures_per_inhabitant(
    owner_client: Client, study: MaterialFlowStudy
) -> None:
    owner_client.post(
        page_of(study, "edit/"),
        {"name": study.name, "insee_hierarchy": "on", "remove": ["population"]},
    )

    assert list(study.files.values_list("kind", flat=True)) == ["accounts"]
    dmc = StudyResult.objects.get(study=study, indicator="DMC", category="TOTAL")
    assert dmc.tonnes_per_inhabitant is None
    page = owner_client.get(page_of(study)).content.decode()
    assert "Upload the population to see the figures per inhabitant" in page


def test_a_bad_new_file_changes_nothing(owner_client: Client, study: MaterialFlowStudy) -> None:
    response = owner_client.post(
        page_of(study, "edit/"),
        {
            "name": "Nouveau nom",
            "insee_hierarchy": "on",
            "accounts": upload("v2.csv", BAD_ACCOUNTS),
        },
    )

    assert response.status_code == 200
    assert response.content.decode().count('data-testid="problem"') == len(BAD_PROBLEMS)
    study.refresh_from_db()
    assert study.name == "Côte-d'Or 2010"
    assert study.files.get(kind="accounts").original_name == "comptes.csv"
    assert StudyResult.objects.get(study=study, indicator="DMC", category="TOTAL").tonnes == (
        DMC_TONNES
    )


def test_an_unknown_reference_territory_is_refused_beside_its_field(
    owner_client: Client, study: MaterialFlowStudy
) -> None:
    response = owner_client.post(
        page_of(study, "edit/"),
        {"name": study.name, "insee_hierarchy": "on", "reference_territory": "REG:11"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    error = page.split('id="id_reference_territory_error"')[1].split("</ul>")[0]
    assert "REG:11 has no results" in error
    assert 'data-testid="problem"' not in page
    study.refresh_from_db()
    assert study.reference_territory == ""


# The list, and the study page's cost


def test_the_list_shows_the_organisation_studies_only(
    owner_client: Client, owner: User, study: MaterialFlowStudy, outsider: User
) -> None:
    study_for(outsider, outsider.memberships.get().organisation, name="Étude d'ailleurs")

    page = owner_client.get(base(study.organisation)).content.decode()

    assert "Côte-d&#x27;Or 2010" in page
    assert "Étude d&#x27;ailleurs" not in page
    assert 'aria-current="page">Material flows</a>' in page


def test_the_study_page_reads_as_many_queries_for_many_results_as_for_few(
    owner: User, company: Organisation, django_assert_max_num_queries: object
) -> None:
    small = study_for(owner, company, name="Petite")
    large = study_for(owner, company, name="Grande", files=demo_files(), reference_territory="FR")
    assert (
        StudyResult.objects.filter(study=large).count()
        > 100 * StudyResult.objects.filter(study=small).count()
    )
    client = client_for(owner)
    client.get(page_of(small))  # the session and caches warmed up
    with CaptureQueriesContext(connection) as few:
        assert client.get(page_of(small)).status_code == 200

    with django_assert_max_num_queries(len(few)):  # type: ignore[operator]
        assert client.get(page_of(large), {"territory": "REG:84"}).status_code == 200


def test_a_territory_code_that_looks_like_a_formula_stays_text_in_the_workbooks(
    owner: User, company: Organisation
) -> None:
    accounts = ACCOUNTS.replace("DEP:21", '"=HYPERLINK(""http://x.example"")"')
    study = study_for(
        owner, company, insee_hierarchy=False, files={"accounts": upload("a.csv", accounts)}
    )
    client = client_for(owner)

    for download in ("results.xlsx", "questionnaire.xlsx"):
        workbook = load_workbook(io.BytesIO(client.get(page_of(study, download)).content))
        cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
        assert [c for c in cells if c.data_type == "f"] == [], download
        assert any(c.value == '=HYPERLINK("http://x.example")' for c in cells), download
        assert all(c.data_type == "s" for c in cells if str(c.value).startswith("=")), download


def test_a_long_list_of_problems_shows_the_first_ones(
    owner_client: Client, company: Organisation
) -> None:
    header = "territory,year,flow,category,value,unit\n"
    wrong = "".join(f"DEP:21,{year},DE,MF99,1,kt\n" for year in range(1900, 2101))
    wrong += "".join(f"DEP:21,{year},UDE,MF99,1,kt\n" for year in range(1900, 2101))

    response = create(owner_client, company, accounts=upload("a.csv", header + wrong))

    page = response.content.decode()  # type: ignore[attr-defined]
    assert page.count('data-testid="problem"') == 200
    assert "These are the first 200 of 402 problems." in page
    assert not MaterialFlowStudy.objects.exists()


def test_the_home_page_links_public_bodies_facilitators_and_funders_to_their_studies(
    owner_client: Client, company: Organisation, owner: User
) -> None:
    region = OrganisationFactory(
        name="Région test", slug="region-test", kind=OrganisationKind.PUBLIC_BODY, siren=""
    )
    MembershipFactory(user=owner, organisation=region, role=Role.MEMBER)

    page = owner_client.get("/").content.decode()

    assert f'href="{base(region)}"' in page
    assert f'href="{base(company)}"' not in page  # a company reaches them from its menu
