"""The first journey of an organisation, in a real browser (issue 2).

Olivia signs up, confirms her address, registers her company and invites Marc; Marc signs up
with the invited address, confirms it and joins; Olivia sees both of them among the members
and switches the site to English. The pages are read the way a person reads them: by role,
label and visible text, in French, the default language, until the switch.

The live server runs in this process: the e-mails it sends land in `mail.outbox`, and the
invitation task runs at once (the test settings use the immediate tasks backend).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import mail
from playwright.sync_api import ConsoleMessage, Locator, Page, Response, expect

from boucle.accounts.models import Invitation, Membership, Role

# The live server needs committed data, hence a transactional test, which empties the tables
# afterwards. Leaving the geo app out of `available_apps` keeps its ~35,000 communes, which
# the journey never reads, instead of emptying and reloading them (seconds) after the test.
AVAILABLE_APPS = [app for app in django_settings.INSTALLED_APPS if app != "boucle.geo"]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, available_apps=AVAILABLE_APPS),
]

OWNER = "olivia@recyclerie.example"
INVITEE = "marc@recyclerie.example"
PASSWORD = "Bouteille-Verte-Recyclee-2024"
COMPANY = "Recyclerie du Rhône"
SIREN = "732829320"  # a real SIREN with a valid check digit
NAF = "47.19B"


@dataclass
class BrowserProblems:
    """What went wrong in the browser while the person did not notice: console errors
    (Content Security Policy violations among them) and static files that failed to load."""

    console_errors: list[str] = field(default_factory=list)
    static_failures: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def on_response(self, response: Response) -> None:
        # 304 Not Modified is the browser revalidating its cached copy: a success.
        if "/static/" in response.url and response.status >= 400:
            self.static_failures.append(f"{response.status} {response.url}")


@pytest.fixture
def problems(page: Page) -> BrowserProblems:
    problems = BrowserProblems()
    page.on("console", problems.on_console)
    page.on("pageerror", lambda error: problems.console_errors.append(str(error)))
    page.on("response", problems.on_response)
    return problems


@pytest.fixture
def site(live_server: Any, settings: Any) -> str:
    # tests/conftest.py runs the other tests in English; this journey starts in the default.
    settings.LANGUAGE_CODE = "fr"
    # The invitation e-mail builds its link from SITE_URL: point it at the live server.
    settings.SITE_URL = live_server.url
    return live_server.url


def last_email_to(address: str) -> mail.EmailMessage:
    messages = [m for m in mail.outbox if address in m.to]
    assert messages, f"no e-mail was sent to {address}"
    return messages[-1]


def link_in(message: mail.EmailMessage, path: str) -> str:
    found = re.search(rf"https?://\S+{re.escape(path)}\S+", str(message.body))
    assert found, f"no link to {path} in the e-mail:\n{message.body}"
    return found.group(0)


def form_field(page: Page, label: str) -> Locator:
    """The form field with exactly this label, whatever suffix (" :") the language adds."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\W*$"))


def sign_up_and_confirm(page: Page, email: str) -> None:
    """On the sign-up page: create the account, then confirm the address from the e-mail."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Création de compte")
    form_field(page, "Courriel").fill(email)
    form_field(page, "Mot de passe").fill(PASSWORD)
    form_field(page, "Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_role("button", name="Création de compte").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))

    page.goto(link_in(last_email_to(email), "/accounts/confirm-email/"))
    page.get_by_role("button", name="Confirmer").click()
    # Confirming logs the person in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION).
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()


def log_in(page: Page, site: str, email: str) -> None:
    page.goto(f"{site}/accounts/login/")
    form_field(page, "Courriel").fill(email)
    form_field(page, "Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def open_organisation_page(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Menu de l'organisation").get_by_role(
        "link", name=name, exact=True
    ).click()


def test_a_company_signs_up_invites_a_colleague_who_joins_and_switches_to_english(
    page: Page, site: str, problems: BrowserProblems
) -> None:
    # The home page speaks French to a browser that asks for a language Boucle lacks, with its
    # own stylesheets and script (no CDN, allowed by the Content Security Policy).
    page.goto(f"{site}/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name="Pour les développeurs")).to_be_visible()
    rules_per_stylesheet = page.evaluate("Array.from(document.styleSheets, s => s.cssRules.length)")
    assert len(rules_per_stylesheet) >= 2
    assert all(rules_per_stylesheet)
    assert page.evaluate("typeof window.htmx") == "object"

    # Olivia creates her account and confirms her address.
    page.get_by_role("button", name="S'inscrire").click()
    sign_up_and_confirm(page, OWNER)

    # She registers her company and lands on its dashboard, as its owner.
    page.get_by_role("button", name="Inscrire une organisation").click()
    form_field(page, "Nom").fill(COMPANY)
    form_field(page, "Type").select_option(label="Entreprise")
    form_field(page, "SIREN").fill(SIREN)
    form_field(page, "Secteur (NAF rév. 2)").select_option(NAF)
    page.get_by_role("button", name="Inscrire", exact=True).click()
    expect(page).to_have_url(re.compile(r"/o/recyclerie-du-rhone/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(COMPANY)
    expect(page.get_by_text("En attente de vérification")).to_be_visible()

    # She invites Marc from the Members page; the e-mail goes out in her language.
    open_organisation_page(page, "Membres")
    form_field(page, "Adresse e-mail").fill(INVITEE)
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_role("status")).to_contain_text(f"Une invitation a été envoyée à {INVITEE}")
    invitation_email = last_email_to(INVITEE)
    assert invitation_email.subject == f"Invitation à rejoindre {COMPANY} sur Boucle"
    invitation_link = link_in(invitation_email, "/invitations/")
    log_out(page)

    # Marc follows the link, creates his account with the invited address and joins.
    page.goto(invitation_link)
    expect(page.get_by_text(f"vous invite à rejoindre {COMPANY}")).to_be_visible()
    page.get_by_role("button", name="Créer mon compte").click()
    sign_up_and_confirm(page, INVITEE)
    page.goto(invitation_link)
    page.get_by_role("button", name=f"Rejoindre {COMPANY}").click()
    expect(page).to_have_url(re.compile(r"/o/recyclerie-du-rhone/dashboard/$"))
    expect(page.get_by_role("status")).to_contain_text(f"Bienvenue chez {COMPANY}")
    expect(page.get_by_role("heading", level=1)).to_have_text(COMPANY)
    open_organisation_page(page, "Membres")
    expect(page.get_by_test_id(f"member-{INVITEE}")).to_contain_text("Membre")
    log_out(page)

    # Olivia comes back: her Members page lists both of them.
    log_in(page, site, OWNER)
    page.get_by_role("link", name=COMPANY).first.click()
    open_organisation_page(page, "Membres")
    expect(page.get_by_test_id(f"member-{OWNER}")).to_contain_text("Propriétaire")
    expect(page.get_by_test_id(f"member-{INVITEE}").get_by_role("combobox")).to_have_value(
        Role.MEMBER
    )
    expect(page.get_by_role("heading", name="Membres", exact=True)).to_be_visible()

    # She switches to English: this page, then the next ones, speak English.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Members", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Membres", exact=True)).to_have_count(0)
    page.get_by_role("navigation", name="Organisation menu").get_by_role(
        "link", name="Dashboard"
    ).click()
    expect(page.get_by_role("link", name="See the members")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("button", name="Français")).to_be_visible()

    # What the pages showed is what was recorded.
    assert Membership.objects.filter(
        organisation__name=COMPANY, user__email=INVITEE, role=Role.MEMBER
    ).exists()
    assert Invitation.objects.get(email=INVITEE).accepted_at is not None

    # Nothing went wrong behind the person's back: no Content Security Policy violation (the
    # browser reports them as console errors), no other script error, no missing static file.
    csp_errors = [e for e in problems.console_errors if "Content Security Policy" in e]
    assert csp_errors == []
    assert problems.console_errors == []
    assert problems.static_failures == []
