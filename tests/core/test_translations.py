"""French first, English too: the catalogue is complete and the site speaks the visitor's language.

The catalogue tests read the French `.po` file as committed; the HTTP tests read the compiled
`.mo`, which the `compiled_catalogues` fixture brings up to date first (as `make install` does).
"""

from __future__ import annotations

import io
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client

import boucle

LOCALE_DIR = Path(django_settings.LOCALE_PATHS[0])
FRENCH_PO = LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po"

# A printf-style placeholder as Python's % operator reads it: %(name)s, %d, %.2f, ...
_PYTHON_FORMAT = re.compile(r"%(?:\([^)]+\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa]")
_NAMED = re.compile(r"%\([^)]+\)[-#0 +]*(?:\d+)?(?:\.\d+)?[diouxXeEfFgGcrsa]")
# The HTML a translation must keep; `<key>` in an API message is prose, not a tag.
_TAG = re.compile(r"</?(?:a|abbr|b|br|code|em|kbd|span|strong)\b[^>]*>")


def _placeholders(text: str, python_format: bool) -> Counter[str]:
    text = text.replace("%%", "")
    pattern = _PYTHON_FORMAT if python_format else _NAMED
    return Counter(pattern.findall(text)) + Counter(_TAG.findall(text))


@pytest.fixture(scope="module")
def french() -> polib.POFile:
    return polib.pofile(str(FRENCH_PO))


def test_the_french_catalogue_translates_every_string(french: polib.POFile) -> None:
    untranslated = [e.msgid for e in french.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in french.fuzzy_entries()]
    assert untranslated == [], f"{len(untranslated)} string(s) without French: {untranslated}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy string(s) to check and unmark: {fuzzy}"
    assert not french.metadata_is_fuzzy
    assert french.metadata["Language"] == "fr"
    assert french.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"


def test_every_translation_keeps_the_placeholders_of_its_source(french: polib.POFile) -> None:
    mismatches = []
    for entry in french.translated_entries():
        python_format = "python-format" in entry.flags
        if entry.msgid_plural:
            # French msgstr[0] serves 0 and 1, msgstr[1] the rest: each keeps its source's.
            pairs = [
                (entry.msgid, entry.msgstr_plural[0]),
                (entry.msgid_plural, entry.msgstr_plural[1]),
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translation in pairs:
            if _placeholders(source, python_format) != _placeholders(translation, python_format):
                mismatches.append((source, translation))
    assert mismatches == []


def test_the_french_catalogue_knows_every_string_of_the_code(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-extracts the strings of a copy of the code, as `make messages` does, and merges them
    into a copy of the catalogue: nothing may be left to translate."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.skip("GNU gettext is not installed (apt-get install gettext).")
    copy = tmp_path / "boucle"
    shutil.copytree(
        Path(boucle.__file__).parent,
        copy,
        ignore=shutil.ignore_patterns("migrations", "__pycache__", "data", "static", "*.mo"),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["fr"], no_obsolete=True, add_location="file", verbosity=0)
    merged = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    to_translate = [e.msgid for e in merged if not e.translated() and not e.obsolete]
    assert to_translate == [], (
        f"{len(to_translate)} string(s) of the code are not in French yet: run `make messages`, "
        f"translate them in {FRENCH_PO.relative_to(LOCALE_DIR.parent.parent.parent)}, and "
        f"`boucle manage compilemo`: {to_translate}"
    )


@pytest.fixture(scope="module")
def compiled_catalogues() -> None:
    call_command("compilemo", stdout=io.StringIO())


@pytest.fixture
def french_by_default(settings: Any, compiled_catalogues: None) -> None:
    # tests/conftest.py runs the other tests in English; here we test the real default.
    settings.LANGUAGE_CODE = "fr"


def _home(client: Client, **headers: str) -> str:
    response = client.get("/", headers=headers)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("french_by_default")
def test_the_home_page_speaks_french_to_a_visitor_who_states_no_preference() -> None:
    page = _home(Client())
    assert '<html lang="fr">' in page
    assert "Pour les développeurs" in page
    assert "Créer un compte" in page
    assert "For developers" not in page


@pytest.mark.django_db
@pytest.mark.usefixtures("french_by_default")
def test_the_home_page_speaks_english_to_a_browser_that_asks_for_it() -> None:
    page = _home(Client(), accept_language="en-GB,en;q=0.9")
    assert '<html lang="en">' in page
    assert "For developers" in page
    assert "Pour les développeurs" not in page


@pytest.mark.django_db
@pytest.mark.usefixtures("french_by_default")
def test_the_language_cookie_wins_over_the_browser_preference() -> None:
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _home(client, accept_language="fr-FR,fr;q=0.9")
    assert "For developers" in page


@pytest.mark.django_db
@pytest.mark.usefixtures("french_by_default")
def test_the_language_switcher_remembers_the_choice_on_the_next_pages() -> None:
    client = Client()
    assert "Pour les développeurs" in _home(client)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "For developers" in _home(client)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert "Pour les développeurs" in _home(client)
