"""Headless Chromium for the browser tests, through Playwright's sync API.

The browser is Debian's Chromium (`/usr/bin/chromium`), never one downloaded by
`playwright install`: the tests must run on a machine with no internet. Where it is missing
the tests skip with the reason, except under CI (`CI=true`), where a missing browser fails the
run instead of passing silently.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

# Running as root needs --no-sandbox; the others keep Chromium from calling home (updates,
# sync, QUIC probes), which on a closed network only adds noise and delay.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = chromium_path()
    if path is None:
        message = (
            "Chromium is not installed (/usr/bin/chromium, or `chromium` on the PATH): "
            "install it with `apt-get install chromium`."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and the browser tests cannot run. {message}", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    # Playwright's sync API drives the browser from an asyncio loop running in this thread.
    # Django then sees a running loop and refuses the test's own ORM calls (the assertions and
    # the flush after each transactional test) with SynchronousOnlyOperation. Those calls run
    # while Playwright waits for nothing, so they are safe: lift the check for this module
    # only, and put it back afterwards for the rest of the suite.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as instance:
            yield instance


@pytest.fixture(scope="module")
def browser(playwright: Playwright, chromium_executable: str) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def compiled_catalogues() -> None:
    # The pages are checked in French: make sure the .mo files match the committed .po files.
    call_command("compilemo", stdout=io.StringIO())


@pytest.fixture
def context(browser: Browser, compiled_catalogues: None) -> Iterator[BrowserContext]:
    # A fresh profile per test, with no cookie. Chromium always sends Accept-Language: a German
    # browser asks for a language Boucle does not offer, so the site's default (French) shows.
    context = browser.new_context(locale="de-DE")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
