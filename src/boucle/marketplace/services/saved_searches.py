"""Saved searches: a buyer keeps a search and is told by e-mail when a new lot matches it.

When a lot is published, `lot_publish` enqueues `tasks.saved_searches_alert` on commit, which
calls `saved_searches_notify`: the saved searches that could match are narrowed in SQL by what
is cheap to compare there (category, offer type, seller kind), then each left is checked with
`lot_matches`, the same rules as the search itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from boucle.accounts.models import Membership, Organisation, OrganisationKind, User
from boucle.core.errors import ServiceError
from boucle.marketplace.models import Category, Condition, Lot, LotStatus, OfferType, SavedSearch
from boucle.marketplace.search import MIN_ORDER_BANDS, LotQuery, lot_matches
from boucle.marketplace.selectors import lots_with_related
from boucle.marketplace.services.lots import require_member

# Enough for any real buyer; a bound so that one account cannot make every publication slow.
MAX_SAVED_SEARCHES = 50

# What a saved search does not keep: where the results page was, not what was looked for.
_NOT_KEPT = ("page", "per_page")


def _json_params(query: LotQuery) -> dict[str, Any]:
    """The query's parameters as JSON keeps them: strings, and lists for repeated keys."""
    kept: dict[str, Any] = {}
    for key, value in query.to_params().items():
        if key in _NOT_KEPT or value in ("", None, [], ()):
            continue
        if isinstance(value, list | tuple):
            kept[key] = [str(v) for v in value]
        else:
            kept[key] = str(value)
    return kept


def saved_search_summary(query: LotQuery) -> str:
    """A readable name for a search, such as “chaises”, Furniture, within 25 km."""
    parts: list[str] = []
    if query.q:
        parts.append(f"“{query.q}”")
    if query.category:
        category = Category.objects.filter(code=query.category).first()
        parts.append(category.name if category else query.category)
    parts += [str(Condition(c).label) for c in query.conditions if c in Condition.values]
    if query.free_only:
        parts.append(_("free of charge"))
    if query.price_min is not None and query.price_max is not None:
        parts.append(_("%(low)s to %(high)s €") % {"low": query.price_min, "high": query.price_max})
    elif query.price_min is not None:
        parts.append(_("from %(low)s €") % {"low": query.price_min})
    elif query.price_max is not None:
        parts.append(_("up to %(high)s €") % {"high": query.price_max})
    if query.quantity:
        parts.append(_("%(count)s units or more") % {"count": query.quantity})
    band = next((b for b in MIN_ORDER_BANDS if b.value == query.min_order), None)
    if band is not None:
        parts.append(str(band.label))
    if query.seller_kind in OrganisationKind.values:
        parts.append(str(OrganisationKind(query.seller_kind).label))
    if query.offer_type in OfferType.values:
        parts.append(str(OfferType(query.offer_type).label))
    if query.near is not None and query.radius_km:
        parts.append(_("within %(km)s km") % {"km": f"{query.radius_km:g}"})
    name = ", ".join(parts) or _("All lots")
    return name[:120]


def _has_criteria(query: LotQuery) -> bool:
    return bool(
        query.q
        or query.category
        or query.conditions
        or query.free_only
        or query.price_min is not None
        or query.price_max is not None
        or query.quantity
        or query.min_order
        or query.seller_kind
        or query.offer_type
        or (query.near is not None and query.radius_km)
    )


@transaction.atomic
def saved_search_create(
    *,
    actor: User,
    organisation: Organisation,
    params: Mapping[str, Any],
    name: str = "",
    notify: bool = True,
) -> SavedSearch:
    """Keeps a search of the search page for the person, on behalf of their organisation.

    `params` are the search page's (`LotQuery.from_params` checks them: a bad value raises
    ServiceError naming its key). Without a name, the search is named after its criteria.
    """
    require_member(actor, organisation)
    query = LotQuery.from_params(params)
    if not _has_criteria(query):
        raise ServiceError(
            _(
                "Choose at least one criterion (words, a category, a distance…) before saving "
                "a search: otherwise every new lot would be e-mailed to you."
            )
        )
    if SavedSearch.objects.filter(user=actor).count() >= MAX_SAVED_SEARCHES:
        raise ServiceError(
            _("You already keep %(count)s saved searches: delete one before saving another.")
            % {"count": MAX_SAVED_SEARCHES}
        )
    name = " ".join(name.split())
    if len(name) > 120:
        raise ServiceError(_("Give a name of at most 120 characters."), field="name")
    return SavedSearch.objects.create(
        user=actor,
        organisation=organisation,
        name=name or saved_search_summary(query),
        params=_json_params(query),
        notify=notify,
    )


def saved_search_delete(*, actor: User, saved_search: SavedSearch) -> None:
    """Deletes a saved search; only the person who saved it may."""
    if saved_search.user_id != actor.pk:
        raise ServiceError(_("Only the person who saved this search may delete it."))
    saved_search.delete()


def saved_search_query(saved_search: SavedSearch) -> LotQuery | None:
    """The search a saved search stands for; None if its criteria no longer parse."""
    try:
        return LotQuery.from_params(saved_search.params)
    except ServiceError:
        return None


def _json_key_matches(key: str, *values: str) -> Q:
    """The saved searches whose criterion `key` is absent, empty, or one of `values`."""
    return (
        Q(**{f"params__{key}__isnull": True})
        | Q(**{f"params__{key}": ""})
        | Q(**{f"params__{key}__in": list(values)})
    )


def saved_searches_candidates(lot: Lot) -> Any:
    """Saved searches that may match the lot, narrowed by what SQL compares cheaply.

    Only those of other organisations, with alerts on, whose owner still belongs to the
    organisation, and whose category, offer type and seller kind do not exclude the lot.
    """
    category_codes = [lot.category.code]
    if lot.category.parent is not None:
        category_codes.append(lot.category.parent.code)
    still_member = Membership.objects.filter(
        user_id=OuterRef("user_id"), organisation_id=OuterRef("organisation_id")
    )
    return (
        SavedSearch.objects.filter(notify=True)
        .exclude(organisation_id=lot.seller_id)
        .filter(Exists(still_member))
        .filter(_json_key_matches("category", *category_codes))
        .filter(_json_key_matches("offer_type", lot.offer_type))
        .filter(_json_key_matches("seller_kind", lot.seller.kind))
        .select_related("user", "organisation")
        .order_by("pk")
    )


def saved_searches_notify(*, lot_id: int) -> int:
    """E-mails the owners of the saved searches a newly published lot matches.

    One e-mail per person, naming each of their searches that matched; answers how many
    e-mails were sent. A lot no longer published by the time this runs is not announced.
    """
    lot = lots_with_related().filter(pk=lot_id, status=LotStatus.PUBLISHED).first()
    if lot is None:
        return 0
    matched: dict[User, list[SavedSearch]] = defaultdict(list)
    for saved in saved_searches_candidates(lot).iterator(chunk_size=500):
        query = saved_search_query(saved)
        if query is not None and lot_matches(query, lot):
            matched[saved.user].append(saved)
    if not matched:
        return 0
    messages = [_alert_email(user, searches, lot) for user, searches in matched.items()]
    get_connection().send_messages(messages)
    SavedSearch.objects.filter(pk__in=[s.pk for ss in matched.values() for s in ss]).update(
        last_notified_at=timezone.now()
    )
    return len(messages)


def _alert_email(user: User, searches: list[SavedSearch], lot: Lot) -> EmailMessage:
    site_url = settings.SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "lot": lot,
            "searches": searches,
            "lot_url": site_url + reverse("marketplace:lot_detail", args=[lot.pk]),
            "manage_url": site_url
            + reverse("marketplace:saved_searches", args=[searches[0].organisation.slug]),
        }
        subject = render_to_string("marketplace/search/email/alert_subject.txt", context)
        body = render_to_string("marketplace/search/email/alert_body.txt", context)
    return EmailMessage(" ".join(subject.split()), body, None, [user.email])
