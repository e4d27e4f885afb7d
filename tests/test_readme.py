"""The README and the docs name only files, commands and variables that exist.

Read from the Markdown: every backticked path must exist in the repository, every `make <target>`
must be a Makefile target, every `boucle <command> [<action>]` must be in the command's parser
(and every `boucle manage <command>` a Django command), every `boucle.<module>` importable.
The README's demo logins must be those `boucle demo` creates, and its configuration table must
list every variable the settings read.

`CONTRIBUTING.md` may name files of the apps the design announces before they exist (its
checklists say where they will go); once such an app exists, its paths are checked too.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

import pytest
from django.core.management import get_commands

from boucle.cli import subcommand_names
from boucle.demo import DEMO_PASSWORD, demo_logins

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCUMENTS = [
    README,
    ROOT / "CONTRIBUTING.md",
    ROOT / "docs" / "operations.md",
    ROOT / "docs" / "security.md",
    ROOT / "docs" / "data.md",
]
# Created by `make install` and `make run`, not part of a clean clone.
RUNTIME_PATHS = (".venv", "./var", "var")
# Apps and engines the design announces; CONTRIBUTING.md says where their files will go.
ANNOUNCED = [
    "src/boucle/marketplace",
    "src/boucle/donations",
    "src/boucle/ledger",
    "src/boucle/workspaces",
    "src/boucle/synergies",
    "src/boucle/evaluation",
    "src/boucle/territory",
    "src/boucle/engines/matching",
    "src/boucle/engines/mfa",
    "src/boucle/engines/impact",
    "tests/marketplace",
    "tests/donations",
    "tests/ledger",
    "tests/workspaces",
    "tests/synergies",
    "tests/evaluation",
    "tests/territory",
    "tests/engines",
    "tests/engines/matching",
    "tests/engines/impact",
]
TOP_LEVEL = ("src/", "tests/", "docs/", "benchmarks/", ".ci/", ".venv/")
ROOT_FILE = re.compile(r"^(?:[A-Z][A-Za-z_-]*\.md|Makefile|pyproject\.toml)$")
MAKE = re.compile(r"(?:^|[\s(;&|])make\s+([a-z][\w-]*)")
# `boucle` as a command: first on the line or after a shell separator, not as an argument
# (`createdb --owner boucle boucle`).
BOUCLE = re.compile(r"(?:^|[(;&|]\s*)boucle\s+([a-z][\w-]*)(?:\s+([a-z][\w-]*))?")
MODULE = re.compile(r"^(boucle(?:\.\w+)+)(?::\w+)?$")


def spans(text: str) -> list[str]:
    """Inline code spans, and each line of the fenced code blocks."""
    found: list[str] = []
    fences = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
    for block in fences.findall(text):
        found.extend(line for line in block.splitlines() if line.strip())
    found.extend(re.findall(r"`([^`\n]+)`", fences.sub("", text)))
    return found


def named_paths(text: str) -> set[str]:
    paths = set()
    for span in spans(text):
        candidate = span.strip().rstrip(".,;:")
        if " " in candidate or any(c in candidate for c in "<>*=$:"):
            continue
        if candidate.startswith(TOP_LEVEL) or ROOT_FILE.match(candidate):
            paths.add(candidate)
    return paths


def layout_paths(text: str) -> set[str]:
    """Paths in a layout block (a fenced block starting with `src/boucle/`)."""
    paths: set[str] = set()
    fences = re.compile(r"^```\n(src/boucle/\n.*?)^```", re.MULTILINE | re.DOTALL)
    for block in fences.findall(text):
        for line in block.splitlines():
            if not line.startswith(" "):
                paths.add(line.split()[0])
                continue
            for token in line.split():
                if re.fullmatch(r"[a-z_]+(/|\.py)", token):
                    paths.add(f"src/boucle/{token}")
    return paths


@cache
def make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([\w.-]+)\s*:(?!=)", makefile, re.MULTILINE))
    for phony in re.findall(r"^\.PHONY:(.*)$", makefile, re.MULTILINE):
        targets |= set(phony.split())
    return targets


def announced_and_absent(path: str) -> bool:
    return any(
        (path + "/").startswith(app + "/") and not (ROOT / app).exists() for app in ANNOUNCED
    )


def missing_paths(document: Path) -> list[str]:
    text = document.read_text()
    missing = []
    for path in sorted(named_paths(text) | layout_paths(text)):
        if path.startswith(RUNTIME_PATHS) or (ROOT / path).exists():
            continue
        if document != README and announced_and_absent(path):
            continue
        missing.append(path)
    return missing


def resolves(dotted: str) -> bool:
    """Whether `boucle.x.y` names a module, or an attribute of one."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        module_name = ".".join(parts[:split])
        try:
            target: object = importlib.import_module(module_name)
        except ImportError:
            continue
        for attribute in parts[split:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


def unknown_commands(document: Path) -> list[str]:
    commands = subcommand_names()
    django_commands = set(get_commands())
    unknown = []
    for span in spans(document.read_text()):
        unknown += [f"make {t}" for t in MAKE.findall(span) if t not in make_targets()]
        for command, action in BOUCLE.findall(span):
            if command not in commands:
                unknown.append(f"boucle {command}")
            elif command == "manage" and action and action not in django_commands:
                unknown.append(f"boucle manage {action}")
            elif commands[command] and action and action not in commands[command]:
                unknown.append(f"boucle {command} {action}")
        module = MODULE.match(span.strip())
        if module and not resolves(module.group(1)):
            unknown.append(module.group(1))
    return unknown


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_every_path_named_exists(document: Path) -> None:
    assert missing_paths(document) == []


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_every_command_named_exists(document: Path) -> None:
    assert unknown_commands(document) == []


def test_the_readme_names_the_two_commands_to_start() -> None:
    text = README.read_text()

    assert "make run" in text
    assert "make test" in text
    assert {"run", "test"} <= make_targets()


def test_the_readme_lists_exactly_the_demo_logins() -> None:
    text = README.read_text()

    named = set(re.findall(r"[\w.+-]+@[\w.-]+\.example", text))

    assert named == {login.email for login in demo_logins()}
    assert f"`{DEMO_PASSWORD}`" in text


def test_the_readme_lists_every_variable_the_settings_read() -> None:
    settings_text = (ROOT / "src" / "boucle" / "settings.py").read_text()
    read = set(re.findall(r'env_\w+\(\s*"(\w+)"', settings_text))
    read |= set(re.findall(r'os\.environ\.get\(\s*"(\w+)"', settings_text))
    text = README.read_text()

    assert read, "the settings read no variable: has the helper been renamed?"
    assert sorted(v for v in read if f"`{v}`" not in text) == []
    named = set(re.findall(r"`(BOUCLE_\w+)`", text))
    assert sorted(named - read) == []


def test_the_checker_notices_what_does_not_exist(tmp_path: Path) -> None:
    document = tmp_path / "README.md"
    document.write_text(
        "Run `make deploy` or `boucle teleport`, then `boucle org merge`, "
        "`boucle manage frobnicate`, `boucle.nowhere` and read `docs/nowhere.md`.\n"
    )

    assert unknown_commands(document) == [
        "make deploy",
        "boucle teleport",
        "boucle org merge",
        "boucle manage frobnicate",
        "boucle.nowhere",
    ]
    assert missing_paths(document) == ["docs/nowhere.md"]
