"""Saved searches: a buyer keeps a search and gets an e-mail when a new lot matches it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from boucle.accounts.models import Membership, Organisation, Site, User
from boucle.core.errors import ServiceError
from boucle.marketplace.models import Lot, SavedSearch
from boucle.marketplace.services.lots import lot_create, lot_publish
from boucle.marketplace.services.saved_searches import (
    saved_search_create,
    saved_search_delete,
    saved_searches_candidates,
    saved_searches_notify,
)
from tests.conftest import client_for
from tests.marketplace.conftest import lot_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer_client(buyer: User) -> Client:
    return client_for(buyer)


def save(user: User, organisation: Organisation, **params: Any) -> SavedSearch:
    return saved_search_create(actor=user, organisation=organisation, params=params)


def publish_now(owner: User, site: Site, capture: Any, **overrides: Any) -> Lot:
    """Publishes a new lot and runs what its commit enqueues (the alerts), as a worker would."""
    draft = lot_create(actor=owner, site=site, **lot_values(**overrides))
    with capture(execute=True):
        return lot_publish(actor=owner, lot=draft)


# --- Saving, listing, deleting --------------------------------------------------------------


def test_a_buyer_saves_the_search_it_sees(
    buyer: User, buyer_org: Organisation, buyer_client: Client, buyer_site: Site
) -> None:
    query = f"q=chaises&category=furniture&site={buyer_site.pk}&radius_km=25"
    response = buyer_client.post("/marketplace/saved-searches/new/", {"query": query, "name": ""})
    assert response.status_code == 302
    assert response["Location"] == f"/o/{buyer_org.slug}/saved-searches/"
    saved = SavedSearch.objects.get()
    assert (saved.user, saved.organisation, saved.notify) == (buyer, buyer_org, True)
    assert saved.name == "“chaises”, Furniture, within 25 km"
    # The site became coordinates: the search still works if the site moves or goes.
    assert saved.params == {
        "q": "chaises",
        "category": "furniture",
        "near": f"{buyer_site.latitude:.6g},{buyer_site.longitude:.6g}",
        "radius_km": "25",
    }
    listing = buyer_client.get(response["Location"]).content.decode()
    assert "“chaises”, Furniture, within 25 km" in listing
    assert "/marketplace/?q=chaises&amp;category=furniture&amp;near=" in listing


def test_a_saved_search_may_be_named(buyer_org: Organisation, buyer_client: Client) -> None:
    buyer_client.post(
        "/marketplace/saved-searches/new/", {"query": "q=tables", "name": "  Tables  pour le CDI "}
    )
    assert SavedSearch.objects.get().name == "Tables pour le CDI"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("price_min=cheap", "Give the lowest price as an amount in euros, 0 or more."),
        ("postcode=99999", "No French commune has the postcode 99999."),
        ("", "Choose at least one criterion"),
        ("sort=newest&page=3", "Choose at least one criterion"),
    ],
)
def test_a_bad_or_empty_search_is_not_saved(buyer_client: Client, query: str, message: str) -> None:
    response = buyer_client.post("/marketplace/saved-searches/new/", {"query": query}, follow=True)
    assert message in response.content.decode()
    # The refusal in the person's words, not the API's parameter names.
    assert "price_min" not in " ".join(str(m) for m in response.context["messages"])
    assert not SavedSearch.objects.exists()


def test_saving_needs_a_login(db: None) -> None:
    response = Client().post("/marketplace/saved-searches/new/", {"query": "q=chaises"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not SavedSearch.objects.exists()


def test_each_person_sees_and_deletes_only_their_own_searches(
    buyer: User, buyer_org: Organisation, buyer_client: Client
) -> None:
    mine = save(buyer, buyer_org, q="chaises")
    colleague = User.objects.create(email="clara@college.example")
    Membership.objects.create(user=colleague, organisation=buyer_org, role="member")
    theirs = save(colleague, buyer_org, q="tables")
    page = f"/o/{buyer_org.slug}/saved-searches/"
    listing = buyer_client.get(page).content.decode()
    assert "“chaises”" in listing
    assert "“tables”" not in listing
    assert buyer_client.post(f"{page}{theirs.pk}/delete/").status_code == 404
    assert buyer_client.post(f"{page}{mine.pk}/delete/").status_code == 302
    assert list(SavedSearch.objects.all()) == [theirs]
    with pytest.raises(ServiceError):
        saved_search_delete(actor=buyer, saved_search=theirs)


def test_an_outsider_cannot_open_an_organisations_saved_searches(
    buyer_org: Organisation, outsider_client: Client
) -> None:
    assert outsider_client.get(f"/o/{buyer_org.slug}/saved-searches/").status_code == 404


def test_only_a_member_saves_for_an_organisation(buyer: User, company: Organisation) -> None:
    with pytest.raises(ServiceError):
        save(buyer, company, q="chaises")


# --- Alerts ---------------------------------------------------------------------------------


def test_a_matching_new_lot_is_e_mailed_to_the_buyer(
    buyer: User,
    buyer_org: Organisation,
    buyer_site: Site,
    owner: User,
    seller_site: Site,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    saved = save(
        buyer,
        buyer_org,
        q="chaise",
        category="furniture",
        near=f"{buyer_site.latitude},{buyer_site.longitude}",
        radius_km="25",
    )
    lot = publish_now(owner, seller_site, django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert message.to == ["bruno@college.example"]
    assert "Chaises de bureau ergonomiques" in message.subject
    assert "12.50 € excl. VAT per unit" in message.body
    assert f"/marketplace/lots/{lot.pk}/" in message.body
    assert f"/o/{buyer_org.slug}/saved-searches/" in message.body
    assert saved.name in message.body
    saved.refresh_from_db()
    assert saved.last_notified_at is not None


def test_the_alert_subject_shows_the_title_as_typed(
    buyer: User,
    buyer_org: Organisation,
    owner: User,
    seller_site: Site,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    save(buyer, buyer_org, q="chaise")
    publish_now(
        owner,
        seller_site,
        django_capture_on_commit_callbacks,
        title="Chaises d'école & tables",
    )
    [message] = mailoutbox
    assert message.subject == "New lot for your saved search: Chaises d'école & tables"


def test_a_lot_that_does_not_match_sends_nothing(
    buyer: User,
    buyer_org: Organisation,
    buyer_site: Site,
    far_buyer: User,
    far_buyer_org: Organisation,
    owner: User,
    seller_site: Site,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    near_villeurbanne = f"{buyer_site.latitude},{buyer_site.longitude}"
    searches = [
        save(buyer, buyer_org, q="tables"),  # other words
        save(buyer, buyer_org, category="it"),  # other category
        save(buyer, buyer_org, q="chaise", condition="used_fair"),  # other condition
        save(buyer, buyer_org, q="chaise", price_max="10"),  # too dear
        save(buyer, buyer_org, q="chaise", offer_type="hire"),
        save(buyer, buyer_org, q="chaise", seller_kind="association"),
    ]
    marseille = far_buyer_org.sites.get()
    save(
        far_buyer,
        far_buyer_org,
        q="chaise",
        near=f"{marseille.latitude},{marseille.longitude}",
        radius_km="50",
    )  # too far
    off = save(buyer, buyer_org, q="chaise", near=near_villeurbanne, radius_km="25")
    SavedSearch.objects.filter(pk=off.pk).update(notify=False)  # alerts turned off
    publish_now(owner, seller_site, django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert all(s.last_notified_at is None for s in SavedSearch.objects.all())
    assert len(searches) == 6


def test_the_sellers_own_searches_and_former_members_get_nothing(
    buyer: User,
    buyer_org: Organisation,
    owner: User,
    company: Organisation,
    seller_site: Site,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    save(owner, company, q="chaise")
    save(buyer, buyer_org, q="chaise")
    Membership.objects.filter(user=buyer, organisation=buyer_org).delete()
    publish_now(owner, seller_site, django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_one_e_mail_per_person_names_every_search_that_matched(
    buyer: User,
    buyer_org: Organisation,
    owner: User,
    seller_site: Site,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = save(buyer, buyer_org, q="chaise")
    second = saved_search_create(
        actor=buyer, organisation=buyer_org, params={"category": "furniture.seating"}, name="Sièges"
    )
    publish_now(owner, seller_site, django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert first.name in message.body
    assert "Sièges" in message.body
    assert SavedSearch.objects.filter(last_notified_at__isnull=False).count() == 2
    assert second.pk


def test_a_lot_withdrawn_before_the_alert_runs_is_not_announced(
    buyer: User, buyer_org: Organisation, lot: Lot, owner: User
) -> None:
    from boucle.marketplace.services.lots import lot_withdraw

    save(buyer, buyer_org, q="chaise")
    lot_withdraw(actor=owner, lot=lot)
    assert saved_searches_notify(lot_id=lot.pk) == 0
    assert mail.outbox == []


def test_alerts_read_each_candidate_search_at_a_constant_cost(
    buyer: User,
    buyer_org: Organisation,
    lot: Lot,
    mailoutbox: list[Any],
    django_assert_max_num_queries: Any,
) -> None:
    for word in ("chaise", "chaises", "ergonomique", "sedia", "bureau"):
        save(buyer, buyer_org, q=word)
    for category in ("it", "clothing", "toys"):
        save(buyer, buyer_org, category=category)
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        assert saved_searches_notify(lot_id=lot.pk) == 1
    [message] = mailoutbox
    assert message.body.count("  - ") == 5


def test_the_list_queries_do_not_grow_with_the_searches_shown(
    buyer: User, buyer_org: Organisation, buyer_client: Client, django_assert_max_num_queries: Any
) -> None:
    page = f"/o/{buyer_org.slug}/saved-searches/"
    save(buyer, buyer_org, q="chaises", category="furniture")
    with django_assert_max_num_queries(30) as captured:  # type: ignore[operator]
        buyer_client.get(page)
    for word in ("tables", "bureaux", "armoires", "écrans", "cartons"):
        save(buyer, buyer_org, q=word, condition=["used_good", "refurbished"])
    with django_assert_max_num_queries(len(captured)):  # type: ignore[operator]
        html = buyer_client.get(page).content.decode()
    assert html.count('data-testid="saved-search"') == 6


def test_the_database_narrows_the_searches_to_check_before_any_is_parsed(
    buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    kept = [
        save(buyer, buyer_org, q="tables"),
        save(buyer, buyer_org, category="furniture"),
        save(buyer, buyer_org, category="furniture.seating", offer_type="sale"),
        save(buyer, buyer_org, seller_kind="company"),
    ]
    save(buyer, buyer_org, category="it")
    save(buyer, buyer_org, category="furniture.office")
    save(buyer, buyer_org, offer_type="hire")
    save(buyer, buyer_org, seller_kind="association")
    assert list(saved_searches_candidates(lot)) == kept
