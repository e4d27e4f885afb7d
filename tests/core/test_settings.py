"""The settings refuse to start in production without what production needs, and pass Django's
deployment checklist once given it.

Each case runs in a fresh interpreter: settings are read once per process, from the environment.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

# Variables the developer's shell or CI may set, which would change what these tests see.
_CLEARED = ("BOUCLE_", "DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")


def run_django(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(_CLEARED)}
    full_env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "boucle.settings",
        "BOUCLE_DATA_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )


def production(**env: str) -> dict[str, str]:
    return {
        "BOUCLE_ENV": "production",
        "BOUCLE_SECRET_KEY": secrets.token_urlsafe(64),
        "BOUCLE_ALLOWED_HOSTS": "boucle.example.org",
        **env,
    }


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = production()
    del env["BOUCLE_SECRET_KEY"]

    result = run_django(["check"], tmp_path, **env)

    assert result.returncode != 0
    assert "BOUCLE_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path: Path) -> None:
    env = production()
    del env["BOUCLE_ALLOWED_HOSTS"]

    result = run_django(["check"], tmp_path, **env)

    assert result.returncode != 0
    assert "BOUCLE_ALLOWED_HOSTS" in result.stderr


def test_production_passes_the_deployment_checklist(tmp_path: Path) -> None:
    result = run_django(["check", "--deploy", "--fail-level", "WARNING"], tmp_path, **production())

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_turns_debug_off_and_secures_cookies(tmp_path: Path) -> None:
    probe = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )

    result = run_django(["shell", "-v", "0", "-c", probe], tmp_path, **production())

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True"]


def test_an_unknown_environment_is_refused_by_name(tmp_path: Path) -> None:
    result = run_django(["check"], tmp_path, BOUCLE_ENV="staging")

    assert result.returncode != 0
    assert "BOUCLE_ENV" in result.stderr


def test_a_bad_boolean_is_refused_naming_the_variable(tmp_path: Path) -> None:
    result = run_django(["check"], tmp_path, BOUCLE_DEBUG="maybe")

    assert result.returncode != 0
    assert "BOUCLE_DEBUG='maybe' is not a boolean" in result.stderr


def test_database_url_switches_to_postgresql(tmp_path: Path) -> None:
    probe = "from django.db import connection; print(connection.vendor)"
    url = "postgres://boucle@db.example.org:5432/boucle"

    result = run_django(["shell", "-v", "0", "-c", probe], tmp_path, DATABASE_URL=url)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "postgresql"
