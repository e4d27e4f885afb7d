"""The `boucle` command, called in-process as the console script calls it."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress

from boucle.accounts import services
from boucle.accounts.models import ApiKey, Membership, Organisation, Role, User
from boucle.audit.models import AuditAction, AuditEvent
from boucle.cli import main, serve_argv, subcommand_names
from boucle.core.errors import ServiceError

PASSWORD = "correct horse battery"


def create_user(*extra: str, email: str = "ines@atelier.example") -> int:
    return main(["user", "create", "--email", email, "--password", PASSWORD, *extra])


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Organisation.objects.count(), Membership.objects.count()


# user create


@pytest.mark.django_db
def test_user_create_makes_a_verified_owner_of_a_new_company(capsys: Any) -> None:
    code = create_user(
        "--name",
        "Inès Atelier",
        "--org",
        "Atelier Inès",
        "--org-kind",
        "company",
        "--siren",
        "732 829 320",
        "--naf",
        "47.19B",
    )

    assert code == 0
    user = User.objects.get(email="ines@atelier.example")
    assert user.full_name == "Inès Atelier"
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
    organisation = Organisation.objects.get(name="Atelier Inès")
    assert organisation.siren == "732829320"
    assert organisation.naf_code == "47.19B"
    assert Membership.objects.get(user=user, organisation=organisation).role == Role.OWNER
    assert user.acting_organisation == organisation
    assert "owner of Atelier Inès" in capsys.readouterr().out


@pytest.mark.django_db
def test_user_create_joins_an_existing_organisation_with_the_given_role(
    company: Organisation, owner: User
) -> None:
    code = create_user("--org", company.name, "--org-kind", "company", "--role", "admin")

    assert code == 0
    assert Organisation.objects.count() == 1
    user = User.objects.get(email="ines@atelier.example")
    assert Membership.objects.get(user=user, organisation=company).role == Role.ADMIN
    event = AuditEvent.objects.get(organisation=company, action=AuditAction.MEMBER_JOINED)
    assert event.subject == "ines@atelier.example"
    assert event.actor is None  # the operator's command line


@pytest.mark.django_db
def test_user_create_finds_the_organisation_by_its_short_name(company: Organisation) -> None:
    assert create_user("--org", company.slug, "--org-kind", "company") == 0

    assert Membership.objects.get(user__email="ines@atelier.example").role == Role.MEMBER


@pytest.mark.django_db
def test_it_refuses_a_duplicate_email_and_saves_nothing(owner: User, capsys: Any) -> None:
    before = counts()

    code = create_user(
        "--org",
        "Nouvelle Asso",
        "--org-kind",
        "association",
        "--rna",
        "W691234567",
        email="OLIVIA@recyclerie.example",
    )

    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: email: ")
    assert "already exists" in err
    assert counts() == before
    assert not Organisation.objects.filter(name="Nouvelle Asso").exists()


@pytest.mark.django_db
def test_it_speaks_english_even_where_the_site_speaks_french(
    owner: User, settings: Any, capsys: Any
) -> None:
    from django.utils import translation

    settings.LANGUAGE_CODE = "fr"
    with translation.override("fr"):
        code = create_user("--org", "Autre", "--org-kind", "funder", email=owner.email)
        assert translation.get_language() == "fr"  # and leaves the caller's language alone

    assert code == 1
    assert "A person with this e-mail address already exists." in capsys.readouterr().err


@pytest.mark.django_db
def test_it_refuses_a_siren_with_a_wrong_check_digit(capsys: Any) -> None:
    code = create_user("--org", "Atelier", "--org-kind", "company", "--siren", "732829321")

    assert code == 1
    assert "error: siren: " in capsys.readouterr().err
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_it_refuses_a_company_without_siren(capsys: Any) -> None:
    code = create_user("--org", "Atelier", "--org-kind", "company")

    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: siren: ")
    assert "--siren" in err
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_it_refuses_a_public_body_without_its_level(capsys: Any) -> None:
    code = create_user("--org", "Métropole de Lyon", "--org-kind", "public_body")

    assert code == 1
    assert capsys.readouterr().err.startswith("error: level: ")
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_it_creates_a_region_with_its_level() -> None:
    code = create_user("--org", "Région Test", "--org-kind", "public_body", "--level", "region")

    assert code == 0
    assert Organisation.objects.get(name="Région Test").public_body_level == "region"


@pytest.mark.django_db
def test_it_refuses_an_unknown_kind(capsys: Any) -> None:
    with pytest.raises(SystemExit) as exit_info:
        create_user("--org", "Atelier", "--org-kind", "cooperative")

    assert exit_info.value.code == 2
    assert "--org-kind" in capsys.readouterr().err
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_it_refuses_a_weak_password(capsys: Any) -> None:
    argv = ["user", "create", "--email", "a@b.example", "--password", "demo"]
    code = main([*argv, "--org", "A", "--org-kind", "funder"])

    assert code == 1
    assert capsys.readouterr().err.startswith("error: password: ")
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_it_refuses_a_kind_that_contradicts_the_existing_organisation(
    company: Organisation, capsys: Any
) -> None:
    code = create_user("--org", company.name, "--org-kind", "association")

    assert code == 1
    assert capsys.readouterr().err.startswith("error: org-kind: ")
    assert not User.objects.filter(email="ines@atelier.example").exists()


@pytest.mark.django_db
def test_it_refuses_to_make_a_new_organisation_without_an_owner(capsys: Any) -> None:
    code = create_user("--org", "Atelier", "--org-kind", "funder", "--role", "member")

    assert code == 1
    assert capsys.readouterr().err.startswith("error: role: ")
    assert counts() == (0, 0, 0)


# org


@pytest.mark.django_db
def test_org_verify_verifies_the_named_organisation(company: Organisation, capsys: Any) -> None:
    assert main(["org", "verify", company.name]) == 0

    company.refresh_from_db()
    assert company.is_verified
    assert company.verified_by is None
    assert AuditEvent.objects.filter(
        organisation=company, action=AuditAction.ORGANISATION_VERIFIED
    ).exists()
    assert "verified" in capsys.readouterr().out


@pytest.mark.django_db
def test_org_reject_records_the_reason(company: Organisation) -> None:
    assert main(["org", "reject", company.slug, "--reason", "SIREN closed in 2019"]) == 0

    company.refresh_from_db()
    assert company.verification_status == "rejected"
    assert company.verification_note == "SIREN closed in 2019"


@pytest.mark.django_db
def test_org_reject_without_a_reason_changes_nothing(company: Organisation, capsys: Any) -> None:
    assert main(["org", "reject", company.slug, "--reason", "  "]) == 1

    assert capsys.readouterr().err.startswith("error: reason: ")
    company.refresh_from_db()
    assert company.verification_status == "pending"


@pytest.mark.django_db
def test_org_verify_names_an_unknown_organisation(capsys: Any) -> None:
    assert main(["org", "verify", "Nobody"]) == 1

    assert "Nobody" in capsys.readouterr().err


@pytest.mark.django_db
def test_org_list_shows_each_organisation_and_its_status(
    company: Organisation, other_company: Organisation, capsys: Any
) -> None:
    assert main(["org", "list"]) == 0

    out = capsys.readouterr().out
    assert "Recyclerie du Rhône" in out
    assert "autre-societe" in out
    assert "pending" in out


# apikey


@pytest.mark.django_db
def test_apikey_create_prints_a_key_that_authenticates(
    company: Organisation, owner: User, capsys: Any
) -> None:
    code = main(
        ["apikey", "create", "--email", owner.email, "--org", company.name, "--name", "ERP"]
    )

    assert code == 0
    captured = capsys.readouterr()
    secret = captured.out.strip()
    key = services.apikey_authenticate(secret)
    assert key.user == owner
    assert key.organisation == company
    assert key.name == "ERP"
    assert "shown only once" in captured.err


@pytest.mark.django_db
def test_apikey_create_uses_the_acting_organisation_by_default(
    company: Organisation, outsider: User, other_company: Organisation, capsys: Any
) -> None:
    Membership.objects.create(user=outsider, organisation=company, role=Role.MEMBER)
    outsider.acting_organisation = company
    outsider.save()

    assert main(["apikey", "create", "--email", outsider.email]) == 0

    key = services.apikey_authenticate(capsys.readouterr().out.strip())
    assert key.organisation == company


@pytest.mark.django_db
def test_apikey_create_refuses_an_organisation_the_person_is_not_in(
    company: Organisation, outsider: User, capsys: Any
) -> None:
    assert main(["apikey", "create", "--email", outsider.email, "--org", company.slug]) == 1

    assert capsys.readouterr().err.startswith("error: organisation: ")
    assert not ApiKey.objects.exists()


@pytest.mark.django_db
def test_apikey_revoke_stops_the_key_from_working(
    company: Organisation, owner: User, capsys: Any
) -> None:
    key, secret = services.apikey_create(user=owner, organisation=company, name="ERP")

    assert main(["apikey", "revoke", "--email", owner.email, "--prefix", f"bcl_{key.prefix}"]) == 0

    with pytest.raises(ServiceError, match="revoked"):
        services.apikey_authenticate(secret)
    assert main(["apikey", "list", "--email", owner.email]) == 0
    assert "revoked" in capsys.readouterr().out


@pytest.mark.django_db
def test_apikey_names_an_unknown_person(capsys: Any) -> None:
    assert main(["apikey", "create", "--email", "nobody@nowhere.example"]) == 1

    assert capsys.readouterr().err.startswith("error: email: ")


# manage, demo, serve, worker (without starting servers)


@pytest.mark.django_db
def test_manage_runs_a_django_command(capsys: Any) -> None:
    assert main(["manage", "check"]) == 0

    assert "no issues" in capsys.readouterr().out


@pytest.mark.django_db
def test_demo_prepares_the_data_directory_and_prints_the_logins(
    tmp_path: Path, settings: Any, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import boucle.demo
    from boucle.cli import demo_prepare

    settings.DATA_DIR = tmp_path / "data"
    # A few lots per seller are enough here: tests/test_demo.py loads the whole marketplace.
    monkeypatch.setattr(
        boucle.demo, "demo_load", functools.partial(boucle.demo.demo_load, lots_per_seller=2)
    )

    logins = demo_prepare()

    assert settings.DATA_DIR.is_dir()
    out = capsys.readouterr().out
    for login in logins:
        assert login.email in out
    assert User.objects.filter(email__in=[x.email for x in logins]).count() == len(logins)


def test_serve_runs_gunicorn_on_the_wsgi_application() -> None:
    argv = serve_argv("0.0.0.0", 8080, 3)  # noqa: S104

    assert argv[1:4] == ["-m", "gunicorn", "boucle.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:8080"
    assert argv[argv.index("--workers") + 1] == "3"


def test_the_parser_offers_every_documented_subcommand() -> None:
    names = subcommand_names()

    assert set(names) == {
        "demo",
        "serve",
        "worker",
        "manage",
        "user",
        "org",
        "apikey",
        "match",
        "mfa",
        "lots",
    }
    assert names["org"] == {"list", "verify", "reject"}
    assert names["apikey"] == {"create", "list", "revoke"}


def test_unknown_options_are_refused_except_by_the_worker(capsys: Any) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["org", "list", "--frobnicate"])

    assert exit_info.value.code == 2
    assert "--frobnicate" in capsys.readouterr().err
