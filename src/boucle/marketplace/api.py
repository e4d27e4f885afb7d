"""The marketplace part of the JSON API: categories, lots, search, photos, orders and messages.

Mounted by `boucle.api` under /api/v1/marketplace/. Handlers stay thin: the acting organisation
from `principal_of(request).require_membership()`, an access helper of
`boucle.marketplace.selectors` (an outsider gets 404), one service, a schema. The services are
those the pages call, so a rule holds the same way here: a `ServiceError` becomes a 400 naming
the field, a `ConflictError` (stock short, wrong order status) a 409.

Money goes out as strings with two decimals ("12.50"), never as a float; it comes in as a JSON
number or a string, and a price with three decimals is refused (400 naming the field).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import date, datetime
from decimal import Decimal
from math import ceil
from typing import Annotated, Any, Literal, cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.params.functions import File as FileParam
from ninja.params.functions import Path as PathParam
from ninja.renderers import JSONRenderer
from pydantic import BeforeValidator, Field

from boucle.accounts.models import Membership, Organisation, OrganisationKind, Site, User
from boucle.accounts.selectors import sites_of
from boucle.core.api_auth import API_AUTH, Principal, principal_of
from boucle.core.api_errors import ErrorOut
from boucle.core.errors import ServiceError
from boucle.marketplace import selectors
from boucle.marketplace.api_hire import router as hire_router
from boucle.marketplace.models import (
    Category,
    Condition,
    Fulfilment,
    Lot,
    LotPhoto,
    LotStatus,
    OfferType,
    Order,
    OrderEvent,
    OrderMessage,
    OrderStatus,
    Unit,
    VatRate,
)
from boucle.marketplace.search import LotQuery, lot_search
from boucle.marketplace.services import lots as lot_services
from boucle.marketplace.services import orders as order_services
from boucle.marketplace.services import photos as photo_services

router = Router(tags=["marketplace"])
# Hire of equipment (bookings, calendars) has its own module, under the same prefix.
router.add_router("", hire_router)

# What each error status means on this router; an endpoint lists those it may answer.
_ERRORS: dict[int, str] = {
    400: "A rule of the marketplace refused the request, or the request acts for no "
    "organisation; `errors` names the field at fault when there is one.",
    401: "No credentials, or an API key that is malformed, unknown or revoked.",
    403: "A session request that changes something without its CSRF token (X-CSRFToken).",
    404: "No such resource, or one the acting organisation may not see.",
    409: "The request conflicts with the current state.",
    422: "The request does not match the schema; `errors` names each field at fault.",
}


def _spec(success: dict[int, Any], *codes: int, conflict: str = "") -> dict[str, Any]:
    """The `response` and the per-status descriptions of an endpoint, for the OpenAPI document."""
    descriptions = {code: _ERRORS[code] for code in codes}
    if conflict:
        descriptions[409] = conflict
    return {
        "response": {**success, **dict.fromkeys(descriptions, ErrorOut)},
        "openapi_extra": {
            "responses": {code: {"description": text} for code, text in descriptions.items()}
        },
    }


LotId = Annotated[int, PathParam(description="The lot's id.")]
OrderId = Annotated[int, PathParam(description="The order's id.")]
PhotoId = Annotated[int, PathParam(description="The photo's id.")]
PhotoUpload = Annotated[
    UploadedFile,
    FileParam(description="The image: JPEG, PNG or WebP, up to 10 MB and 40 megapixels."),
]

_READ = (400, 401, 404, 422)
_WRITE = (400, 401, 403, 404, 422)
_ORDER_CONFLICT = (
    "The order is no longer in a status that allows this action (another person acted first, "
    "or the reservation expired); `message` says its current status."
)


def _euros(value: Any) -> str | None:
    """Money as a string with two decimals: "12.50". A float would lose cents."""
    if value is None:
        return None
    return f"{Decimal(value):.2f}"


def _blank_to_none(value: Any) -> Any:
    # Optional text that is not given is null in our answers, never "" (docs/api.md).
    return value or None


Euros = Annotated[str | None, BeforeValidator(_euros)]
OptionalText = Annotated[str | None, BeforeValidator(_blank_to_none)]
Text = Annotated[str, BeforeValidator(str)]


def _optional_principal(request: HttpRequest) -> Principal | None:
    """Who calls a public endpoint, if anyone: a key or a session, as `API_AUTH` decides.

    A bad key is still refused (401), as everywhere else; no credentials at all is a visitor.
    """
    for authenticate in API_AUTH:
        principal = authenticate(request)
        if principal is not None:
            return cast(Principal, principal)
    return None


def _acting(request: HttpRequest) -> Membership:
    return principal_of(request).require_membership()


def _acting_organisation_id(context: dict[str, Any] | None) -> int | None:
    request = (context or {}).get("request")
    principal = getattr(request, "auth", None)
    if isinstance(principal, Principal) and principal.membership is not None:
        return principal.membership.organisation_id
    return None


def _visible_lot(principal: Principal | None, lot_id: int) -> Lot:
    """A lot as the caller may see it: the acting organisation's own in any status, any other
    only while public (someone else's draft answers 404)."""
    if principal is not None and principal.membership is not None:
        with suppress(Http404):
            return selectors.lot_get_for_seller(principal.membership.organisation, lot_id)
    # As a visitor: the person's other organisations do not count (a key acts for one only).
    return selectors.lot_get_visible(cast(User, AnonymousUser()), lot_id)


def _own_site(organisation: Organisation, site_id: int) -> Site:
    site = sites_of(organisation).filter(pk=site_id).first()
    if site is None:
        raise ServiceError(
            _("Choose one of the sites of the organisation you act for."), field="site_id"
        )
    return site


def _page(queryset: QuerySet[Any], page: int, per_page: int) -> dict[str, Any]:
    total = queryset.count()
    start = (page - 1) * per_page
    return {
        "items": list(queryset[start : start + per_page]),
        "total": total,
        "page": page,
        "pages": max(1, ceil(total / per_page)),
    }


# Beyond it, the offset would overflow the databases' integers (a server error, not a 422).
MAX_PAGE = 1_000_000


class PageFilter(Schema):
    page: int = Field(
        1, ge=1, le=MAX_PAGE, description=f"The page to answer, from 1 (at most {MAX_PAGE:,})."
    )
    per_page: int = Field(20, ge=1, le=100, description="How many items per page (1 to 100).")


class MyLotsFilter(PageFilter):
    status: LotStatus | None = Field(None, description="Only lots in this status.")


class OrderFilter(PageFilter):
    side: Literal["sales", "purchases"] | None = Field(
        None, description="sales (orders of our lots) or purchases; both when not given."
    )
    status: OrderStatus | None = Field(None, description="Only orders in this status.")


# Schemas: categories


class CategoryOut(Schema):
    code: str = Field(description="The category's stable code, such as `furniture.seating`.")
    parent: str | None = Field(
        description="The code of the parent category; null for a top-level category."
    )
    name: str = Field(description="The name in the request's language (Accept-Language).")
    name_fr: str = Field(description="The name in French.")
    name_en: str = Field(description="The name in English.")

    @staticmethod
    def resolve_parent(obj: Category) -> str | None:
        return obj.parent.code if obj.parent else None


class CategoryRef(Schema):
    code: str = Field(description="The category's code (see GET /marketplace/categories).")
    name: str = Field(description="The name in the request's language.")


# Schemas: lots


class SellerOut(Schema):
    slug: str = Field(description="The seller's short name (GET /organisations/{slug}).")
    name: str = Field(description="The seller's name.")
    kind: OrganisationKind = Field(description="The kind of organisation that sells.")
    verified: bool = Field(description="True once the operator checked its legal identity.")

    @staticmethod
    def resolve_verified(obj: Organisation) -> bool:
        return obj.is_verified


class LotSiteOut(Schema):
    id: int = Field(description="The site's id (GET /sites for the acting organisation's).")
    name: str = Field(description="The site's name.")
    postcode: str = Field(description="The postcode of the site.")
    commune: str = Field(description="The name of the site's commune.")
    commune_insee: str = Field(description="The INSEE code of the site's commune.")

    @staticmethod
    def resolve_commune(obj: Site) -> str:
        return obj.commune.name

    @staticmethod
    def resolve_commune_insee(obj: Site) -> str:
        return obj.commune.insee_code


class PhotoOut(Schema):
    id: int = Field(description="The photo's id, to delete it.")
    position: int = Field(description="Its rank among the lot's photos, from 0.")
    width: int = Field(description="Width of the full image, in pixels.")
    height: int = Field(description="Height of the full image, in pixels.")
    url: str = Field(description="Absolute URL of the full image (JPEG or PNG, re-encoded).")
    thumbnail_url: str = Field(description="Absolute URL of the thumbnail, for lists.")

    @staticmethod
    def resolve_url(obj: LotPhoto, context: dict[str, Any]) -> str:
        return _photo_url(context, obj, "full")

    @staticmethod
    def resolve_thumbnail_url(obj: LotPhoto, context: dict[str, Any]) -> str:
        return _photo_url(context, obj, "thumb")


def _photo_url(context: dict[str, Any], photo: LotPhoto, size: str) -> str:
    path = reverse("marketplace:lot_photo", args=(photo.lot_id, photo.pk, size))
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class LotOut(Schema):
    """A lot as a buyer sees it (its seller too)."""

    id: int = Field(description="The lot's id.")
    status: LotStatus = Field(
        description="draft (only its seller sees it), published (open to orders), reserved "
        "(every unit held by orders not yet handed over), sold_out, withdrawn, expired."
    )
    offer_type: OfferType = Field(description="sale of goods, or hire of equipment.")
    title: str = Field(description="The lot's title.")
    description: OptionalText = Field(description="Free text; null when empty.")
    category: CategoryRef = Field(description="The lot's category.")
    brand: OptionalText = Field(description="The brand; null when not given.")
    condition: Condition = Field(description="The goods' condition.")
    quantity: int = Field(description="How many units were posted.")
    quantity_available: int = Field(
        description="How many units orders may still take: `quantity` less the units held by "
        "orders pending, accepted or handed over."
    )
    unit: Unit = Field(description="What one unit is: a unit, a box, a pallet, a kilogram.")
    min_order_quantity: int = Field(description="The fewest units one order may take.")
    is_free: bool = Field(description="True for a lot given free of charge.")
    unit_price: Euros = Field(
        description="Price per unit excluding VAT, in euros, as a string with two decimals "
        '("12.50"); null for a free lot or a hire offer.'
    )
    unit_price_incl_vat: Euros = Field(
        description="Price per unit including VAT, in euros, a string with two decimals "
        "(rounded half up to the cent); null when there is no price."
    )
    vat_rate: VatRate = Field(description='The VAT rate in percent, as a string ("20.0").')
    retail_value: Euros = Field(
        description="Reference retail value per unit, in euros, a string with two decimals; "
        "null when not given."
    )
    weight_kg: Annotated[
        str | None, BeforeValidator(lambda v: None if v is None else f"{Decimal(v):.3f}")
    ] = Field(
        description='Weight of one unit in kilograms, a string with three decimals ("14.500");'
        " null when not given."
    )
    hire_price_per_day: Euros = Field(
        description="For hire: price per day excluding VAT, in euros, a string with two "
        "decimals; null otherwise."
    )
    hire_price_per_week: Euros = Field(
        description="For hire: price per week excluding VAT, in euros, a string with two "
        "decimals; null otherwise."
    )
    deposit: Euros = Field(
        description="For hire: the deposit, in euros, a string with two decimals; null if none."
    )
    pickup: bool = Field(description="True when the buyer may collect at the site.")
    delivery: bool = Field(description="True when the seller offers delivery.")
    delivery_terms: OptionalText = Field(description="Delivery terms; null when not given.")
    available_from: date | None = Field(description="First day the goods are available.")
    available_until: date | None = Field(
        description="Last day the lot may be ordered; it expires after it."
    )
    seller: SellerOut = Field(description="The organisation that offers the lot.")
    site: LotSiteOut = Field(description="The site the goods are at.")
    photos: list[PhotoOut] = Field(description="Up to 10 photos, in order.")
    published_at: datetime | None = Field(description="When it was first published.")
    updated_at: datetime = Field(description="When it last changed.")

    @staticmethod
    def resolve_photos(obj: Lot) -> list[LotPhoto]:
        return list(obj.photos.all())


class SellerLotOut(LotOut):
    """A lot as its seller sees it: with what buyers do not see."""

    cost_price: Euros = Field(
        description="Cost price per unit, in euros, a string with two decimals (for the "
        "seller only: donations' tax receipts value goods at cost); null when not given."
    )
    created_at: datetime = Field(description="When the lot was created.")


class SearchLotOut(LotOut):
    distance_km: float | None = Field(
        description="Distance in kilometres from the point given in `near`; null without it."
    )

    @staticmethod
    def resolve_distance_km(obj: Lot) -> float | None:
        distance = getattr(obj, "distance_km", None)
        return None if distance is None else round(float(distance), 1)


_MONEY_IN = (
    "in euros excluding VAT, with at most two decimals: a JSON number (12.5) or a string "
    '("12.50"); a third decimal is refused (400).'
)


_TEXT_FIELDS = {"description", "brand", "delivery_terms"}


class LotFieldsIn(Schema):
    """What a seller may set on a lot; every field of PATCH is optional (only those sent change)."""

    offer_type: OfferType | None = Field(None, description="sale (default) or hire.")
    title: str | None = Field(None, description="A short title, up to 150 characters.")
    description: str | None = Field(None, description="Free text.")
    category: str | None = Field(
        None, description="A category code from GET /marketplace/categories."
    )
    brand: str | None = Field(None, description="The brand, if any.")
    condition: Condition | None = Field(None, description="The goods' condition.")
    quantity: int | None = Field(
        None, description="How many units the lot holds: 1 or more (0 or less is refused)."
    )
    unit: Unit | None = Field(None, description="What one unit is (default: unit).")
    min_order_quantity: int | None = Field(
        None, description="The fewest units one order may take (default 1, at most `quantity`)."
    )
    is_free: bool | None = Field(None, description="True to give the lot free of charge.")
    unit_price: Decimal | None = Field(None, description=f"Price per unit, {_MONEY_IN}")
    vat_rate: VatRate | None = Field(None, description='VAT rate in percent (default "20.0").')
    retail_value: Decimal | None = Field(
        None, description=f"Reference retail value per unit, {_MONEY_IN}"
    )
    cost_price: Decimal | None = Field(None, description=f"Cost price per unit, {_MONEY_IN}")
    weight_kg: Decimal | None = Field(
        None, description="Weight of one unit in kilograms, up to three decimals."
    )
    hire_price_per_day: Decimal | None = Field(
        None, description=f"For hire: price per day, {_MONEY_IN}"
    )
    hire_price_per_week: Decimal | None = Field(
        None, description=f"For hire: price per week, {_MONEY_IN}"
    )
    deposit: Decimal | None = Field(None, description=f"For hire: the deposit, {_MONEY_IN}")
    pickup: bool | None = Field(None, description="Buyers may collect at the site (default true).")
    delivery: bool | None = Field(None, description="The seller delivers (default false).")
    delivery_terms: str | None = Field(None, description="Delivery terms, up to 250 characters.")
    available_from: date | None = Field(None, description="First day the goods are available.")
    available_until: date | None = Field(
        None, description="Last day the lot may be ordered; it expires after it."
    )
    site_id: int | None = Field(
        None, description="The id of one of the acting organisation's sites (GET /sites)."
    )

    def changes(self, organisation: Organisation) -> dict[str, Any]:
        """The fields sent, as the lot services take them (a site instead of its id)."""
        fields = self.model_dump(exclude_unset=True)
        for name in _TEXT_FIELDS & fields.keys():
            # Answers show empty text as null: a client sending it back means "empty".
            fields[name] = fields[name] or ""
        if "site_id" in fields:
            site_id = fields.pop("site_id")
            if site_id is None:
                raise ServiceError(_("Choose a site."), field="site_id")
            fields["site"] = _own_site(organisation, site_id)
        return fields


class LotCreateIn(LotFieldsIn):
    site_id: int = Field(
        description="The id of one of the acting organisation's sites (GET /sites), where "
        "the goods are."
    )
    title: str = Field(description="A short title, up to 150 characters.")
    category: str = Field(description="A category code from GET /marketplace/categories.")
    condition: Condition = Field(description="The goods' condition.")
    quantity: int = Field(
        description="How many units the lot holds: 1 or more (0 or less is refused)."
    )


class LotPageOut(Schema):
    items: list[SellerLotOut] = Field(description="The lots of this page.")
    total: int = Field(description="How many lots there are in all.")
    page: int = Field(description="This page's number, from 1.")
    pages: int = Field(description="How many pages there are (at least 1).")


# Schemas: search


class SearchParams(Schema):
    """The search page's parameters, parsed by the same code (`LotQuery.from_params`)."""

    q: str = Field("", description="Words to find in French or English (accents, plurals).")
    category: str = Field(
        "", description="A category code; a top-level code includes its subcategories."
    )
    condition: list[Condition] = Field(
        [], description="Conditions to keep; repeat the parameter for several."
    )
    price_min: Decimal | None = Field(
        None, description="Lowest price per unit excluding VAT, in euros."
    )
    price_max: Decimal | None = Field(
        None, description="Highest price per unit excluding VAT, in euros."
    )
    free: bool = Field(False, description="Only lots free of charge.")
    quantity: int | None = Field(
        None, description="Only lots one may order this many units of (minimum order to stock)."
    )
    seller_kind: str = Field(
        "", description="Only sellers of this kind: company, association or public_body."
    )
    offer_type: str = Field("", description="Only sale or only hire offers.")
    near: str = Field(
        "", description='A point "LAT,LON" in WGS84 degrees, for the distance and its sort.'
    )
    radius_km: float | None = Field(
        None, description="With `near`: only lots within this many kilometres."
    )
    sort: str = Field(
        "relevance", description="relevance (default), newest, price, price_desc or distance."
    )
    page: int = Field(1, description="The page to answer, from 1; 20 lots a page.")


class FacetOut(Schema):
    value: Text = Field(description="The parameter value that selects this facet.")
    label: Text = Field(description="What a person reads, in the request's language.")
    count: int = Field(description="How many lots of the search have it.")


class SearchOut(Schema):
    items: list[SearchLotOut] = Field(description="The lots of this page, in the sort's order.")
    total: int = Field(description="How many lots match in all.")
    page: int = Field(description="This page's number, from 1.")
    pages: int = Field(description="How many pages there are.")
    facets: dict[str, list[FacetOut]] = Field(
        description="Counts per value for each facet: category, condition, price, quantity, "
        "seller_kind."
    )


# Schemas: orders


class OrgRef(Schema):
    slug: str = Field(description="The organisation's short name.")
    name: str = Field(description="The organisation's name.")


class OrderLotOut(Schema):
    id: int = Field(description="The lot's id.")
    title: str = Field(description="The lot's title.")
    unit: Unit = Field(description="What one unit is.")


class OrderOut(Schema):
    id: int = Field(description="The order's id.")
    reference: str = Field(description="The reference printed on the order form: C-YYYY-NNNNNN.")
    status: OrderStatus = Field(
        description="pending (awaiting the seller, its units held), accepted, declined, "
        "handed_over, received, cancelled, expired (not accepted in time: its units returned)."
    )
    side: Literal["sale", "purchase"] = Field(
        description="sale when the acting organisation sells, purchase when it buys."
    )
    lot: OrderLotOut = Field(description="The lot ordered.")
    seller: OrgRef = Field(description="The selling organisation.")
    buyer: OrgRef = Field(description="The buying organisation.")
    quantity: int = Field(description="How many units are ordered.")
    unit_price: Euros = Field(
        description="Price per unit excluding VAT when the order was placed, in euros, a "
        "string with two decimals."
    )
    vat_rate: VatRate = Field(description="The VAT rate in percent when the order was placed.")
    total_excl_vat: Euros = Field(
        description="Total excluding VAT, in euros, a string with two decimals."
    )
    vat_amount: Euros = Field(description="The VAT, in euros, a string with two decimals.")
    total_incl_vat: Euros = Field(
        description="Total including VAT, in euros, a string with two decimals."
    )
    fulfilment: Fulfilment = Field(description="pickup at the seller's site, or delivery.")
    pickup_at: datetime | None = Field(description="The pickup slot, once agreed.")
    delivery_address: OptionalText = Field(description="Where to deliver; null for a pickup.")
    note: OptionalText = Field(description="The buyer's note to the seller; null if none.")
    expires_at: datetime = Field(
        description="A pending order not accepted by then expires and returns its units."
    )
    created_at: datetime = Field(description="When the order was placed.")
    updated_at: datetime = Field(description="When it last changed.")

    @staticmethod
    def resolve_side(obj: Order, context: dict[str, Any]) -> str:
        return "sale" if obj.seller_id == _acting_organisation_id(context) else "purchase"

    @staticmethod
    def resolve_note(obj: Order) -> str | None:
        return obj.buyer_note or None


class OrderEventOut(Schema):
    from_status: OrderStatus | None = Field(description="The status before; null at placing.")
    to_status: OrderStatus = Field(description="The status after.")
    by: str | None = Field(
        description="The person who acted; null when the platform did (an expiry)."
    )
    organisation: OrgRef | None = Field(description="The organisation they acted for.")
    note: OptionalText = Field(description="A reason or note given with the change.")
    at: datetime = Field(description="When it happened.")

    @staticmethod
    def resolve_from_status(obj: OrderEvent) -> str | None:
        return obj.from_status or None

    @staticmethod
    def resolve_by(obj: OrderEvent) -> str | None:
        return obj.actor.full_name or obj.actor.email if obj.actor else None

    @staticmethod
    def resolve_at(obj: OrderEvent) -> datetime:
        return obj.created_at


class OrderDetailOut(OrderOut):
    events: list[OrderEventOut] = Field(description="Every transition, oldest first.")
    placed_by: str | None = Field(description="The person who placed the order.")

    @staticmethod
    def resolve_events(obj: Order) -> list[OrderEvent]:
        return list(obj.events.all())

    @staticmethod
    def resolve_placed_by(obj: Order) -> str | None:
        return obj.placed_by.full_name or obj.placed_by.email if obj.placed_by else None


class OrderPageOut(Schema):
    items: list[OrderOut] = Field(description="The orders of this page, newest first.")
    total: int = Field(description="How many orders there are in all.")
    page: int = Field(description="This page's number, from 1.")
    pages: int = Field(description="How many pages there are (at least 1).")


class OrderIn(Schema):
    quantity: int = Field(
        description="How many units to order: at least the lot's minimum order, at most its "
        "available stock (more answers 409); 0 or less is refused (400)."
    )
    fulfilment: Fulfilment = Field(
        Fulfilment.PICKUP, description="pickup (default) at the seller's site, or delivery."
    )
    pickup_at: datetime | None = Field(None, description="A pickup slot the buyer proposes.")
    delivery_address: str = Field("", description="Where to deliver, for a delivery.")
    note: str = Field("", description="A note to the seller.")


class AcceptIn(Schema):
    pickup_at: datetime | None = Field(None, description="The pickup slot the seller sets.")
    note: str = Field("", description="A note to the buyer, kept in the order's history.")


class ReasonIn(Schema):
    reason: str = Field("", description="Why, told to the other side and kept in the history.")


class MessageIn(Schema):
    body: str = Field(description="The message, to the other side of the order.")


class MessageOut(Schema):
    id: int = Field(description="The message's id.")
    body: str = Field(description="The message.")
    author: str | None = Field(description="Who wrote it; null for a person since removed.")
    organisation: OrgRef = Field(description="The organisation they wrote for.")
    mine: bool = Field(description="True when the acting organisation wrote it.")
    created_at: datetime = Field(description="When it was sent.")

    @staticmethod
    def resolve_author(obj: OrderMessage) -> str | None:
        return obj.author.full_name or obj.author.email if obj.author else None

    @staticmethod
    def resolve_mine(obj: OrderMessage, context: dict[str, Any]) -> bool:
        return obj.organisation_id == _acting_organisation_id(context)


# Handlers: categories and search (public)


@router.get(
    "/categories",
    auth=None,
    response=list[CategoryOut],
    summary="Lot categories",
)
def categories(request: HttpRequest) -> Any:
    """Public. Every category, parents before their children, in the shipped order."""
    return Category.objects.select_related("parent")


@router.get(
    "/lots",
    auth=None,
    **_spec({200: SearchOut}, 400, 422),
    summary="Search lots",
)
def lot_list(request: HttpRequest, params: Query[SearchParams]) -> Any:
    """Public. The lots a buyer may order (published, not past their end of availability),
    found by words, filtered by facets and distance, sorted and paginated, with facet counts.
    A bad parameter answers 400 or 422 naming it."""
    # `params` types and documents the parameters; the query string itself goes through the
    # parser the search page uses, so that both read a repeated `condition` or `near` alike.
    del params
    result = lot_search(LotQuery.from_params(request.GET))
    # The site's commune is shown with each lot: one query for the whole page (lot_search
    # loads it already; this only guards the serialisation from a query per lot).
    prefetch_related_objects(result.lots, "site__commune")
    if _SEARCH_ITEM_FIELDS.keys() != SearchLotOut.model_fields.keys():
        # A field added to the schema without its getter below: the schema's own, slower way.
        return {
            "items": result.lots,
            "total": result.total,
            "page": result.page,
            "pages": result.pages,
            "facets": result.facets,
        }
    # The same JSON as SearchOut would give, built directly: validating twenty lots through
    # the schema (a getter and a validator per field and per nested object) took about as long
    # as the search itself.
    data = {
        "items": [
            {name: get(lot, request) for name, get in _SEARCH_ITEM_FIELDS.items()}
            for lot in result.lots
        ],
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "facets": {
            key: [{"value": str(f.value), "label": str(f.label), "count": f.count} for f in facet]
            for key, facet in result.facets.items()
        },
    }
    return HttpResponse(
        _JSON.render(request, data, response_status=200),
        content_type=f"{_JSON.media_type}; charset={_JSON.charset}",
    )


_JSON = JSONRenderer()


def _attribute(name: str) -> Callable[[Any, HttpRequest], Any]:
    return lambda lot, request: getattr(lot, name)


def _converted(name: str, convert: Callable[[Any], Any]) -> Callable[[Any, HttpRequest], Any]:
    return lambda lot, request: convert(getattr(lot, name))


def _search_photos(lot: Lot, request: HttpRequest) -> list[dict[str, Any]]:
    context = {"request": request}
    return [
        {
            "id": photo.pk,
            "position": photo.position,
            "width": photo.width,
            "height": photo.height,
            "url": _photo_url(context, photo, "full"),
            "thumbnail_url": _photo_url(context, photo, "thumb"),
        }
        for photo in lot.photos.all()
    ]


def _weight(value: Any) -> str | None:
    return None if value is None else f"{Decimal(value):.3f}"


# SearchLotOut's fields, in its order, each as the schema would give it (see LotOut's types:
# Euros, OptionalText, the weight's three decimals, the resolvers; choices are their strings).
_SEARCH_ITEM_FIELDS: dict[str, Callable[[Any, HttpRequest], Any]] = {
    "id": _attribute("pk"),
    "status": _attribute("status"),
    "offer_type": _attribute("offer_type"),
    "title": _attribute("title"),
    "description": _converted("description", _blank_to_none),
    "category": lambda lot, request: {"code": lot.category.code, "name": lot.category.name},
    "brand": _converted("brand", _blank_to_none),
    "condition": _attribute("condition"),
    "quantity": _attribute("quantity"),
    "quantity_available": _attribute("quantity_available"),
    "unit": _attribute("unit"),
    "min_order_quantity": _attribute("min_order_quantity"),
    "is_free": _attribute("is_free"),
    "unit_price": _converted("unit_price", _euros),
    "unit_price_incl_vat": _converted("unit_price_incl_vat", _euros),
    "vat_rate": _attribute("vat_rate"),
    "retail_value": _converted("retail_value", _euros),
    "weight_kg": _converted("weight_kg", _weight),
    "hire_price_per_day": _converted("hire_price_per_day", _euros),
    "hire_price_per_week": _converted("hire_price_per_week", _euros),
    "deposit": _converted("deposit", _euros),
    "pickup": _attribute("pickup"),
    "delivery": _attribute("delivery"),
    "delivery_terms": _converted("delivery_terms", _blank_to_none),
    "available_from": _attribute("available_from"),
    "available_until": _attribute("available_until"),
    "seller": lambda lot, request: {
        "slug": lot.seller.slug,
        "name": lot.seller.name,
        "kind": lot.seller.kind,
        "verified": lot.seller.is_verified,
    },
    "site": lambda lot, request: {
        "id": lot.site.pk,
        "name": lot.site.name,
        "postcode": lot.site.postcode,
        "commune": lot.site.commune.name,
        "commune_insee": lot.site.commune.insee_code,
    },
    "photos": _search_photos,
    "published_at": _attribute("published_at"),
    "updated_at": _attribute("updated_at"),
    "distance_km": lambda lot, request: SearchLotOut.resolve_distance_km(lot),
}


# Handlers: lots (the seller's)


@router.post("/lots", **_spec({201: SellerLotOut}, *_WRITE), summary="Create a draft lot")
def lot_create(request: HttpRequest, payload: LotCreateIn) -> Status[Lot]:
    """Creates a draft at one of the acting organisation's sites; publish it to show it."""
    membership = _acting(request)
    organisation = membership.organisation
    lot = lot_services.lot_create(actor=principal_of(request).user, **payload.changes(organisation))
    return Status(201, selectors.lot_get_for_seller(organisation, lot.pk))


@router.get("/my/lots", **_spec({200: LotPageOut}, *_READ), summary="My lots")
def my_lots(request: HttpRequest, filters: Query[MyLotsFilter]) -> dict[str, Any]:
    """The acting organisation's lots in every status, the last changed first."""
    lots = selectors.lots_of_seller(_acting(request).organisation)
    if filters.status:
        lots = lots.filter(status=filters.status)
    return _page(lots, filters.page, filters.per_page)


@router.get(
    "/lots/{lot_id}",
    auth=None,
    **_spec({200: LotOut}, 401, 404),
    summary="A lot",
)
def lot_detail(request: HttpRequest, lot_id: LotId) -> Lot:
    """Public for a published, reserved or sold-out lot; the seller's members (with a key or
    a session acting for it) also read its drafts, withdrawn and expired lots."""
    return _visible_lot(_optional_principal(request), lot_id)


@router.patch("/lots/{lot_id}", **_spec({200: SellerLotOut}, *_WRITE), summary="Change a lot")
def lot_update(request: HttpRequest, lot_id: LotId, payload: LotFieldsIn) -> Lot:
    """Changes only the fields sent. A new quantity moves the stock by the difference; units
    held by orders stay held (a quantity below them is refused)."""
    organisation = _acting(request).organisation
    lot = selectors.lot_get_for_seller(organisation, lot_id)
    lot_services.lot_update(
        actor=principal_of(request).user, lot=lot, **payload.changes(organisation)
    )
    return selectors.lot_get_for_seller(organisation, lot_id)


@router.post(
    "/lots/{lot_id}/publish", **_spec({200: SellerLotOut}, *_WRITE), summary="Publish a lot"
)
def lot_publish(request: HttpRequest, lot_id: LotId) -> Lot:
    """Shows the lot to buyers. The seller must be verified, the lot priced (or free)."""
    organisation = _acting(request).organisation
    lot = selectors.lot_get_for_seller(organisation, lot_id)
    lot_services.lot_publish(actor=principal_of(request).user, lot=lot)
    return selectors.lot_get_for_seller(organisation, lot_id)


@router.post(
    "/lots/{lot_id}/withdraw", **_spec({200: SellerLotOut}, *_WRITE), summary="Withdraw a lot"
)
def lot_withdraw(request: HttpRequest, lot_id: LotId) -> Lot:
    """Takes the lot off the market; orders already placed go on."""
    organisation = _acting(request).organisation
    lot = selectors.lot_get_for_seller(organisation, lot_id)
    lot_services.lot_withdraw(actor=principal_of(request).user, lot=lot)
    return selectors.lot_get_for_seller(organisation, lot_id)


@router.delete("/lots/{lot_id}", **_spec({204: None}, *_WRITE), summary="Delete a draft")
def lot_delete(request: HttpRequest, lot_id: LotId) -> Status[None]:
    """Deletes a draft never ordered; anything else is withdrawn instead (400)."""
    lot = selectors.lot_get_for_seller(_acting(request).organisation, lot_id)
    lot_services.lot_delete(actor=principal_of(request).user, lot=lot)
    return Status(204, None)


# Handlers: photos


@router.post(
    "/lots/{lot_id}/photos", **_spec({201: PhotoOut}, *_WRITE), summary="Add a photo to a lot"
)
def photo_add(request: HttpRequest, lot_id: LotId, photo: PhotoUpload) -> Status[Any]:
    """Multipart upload, field `photo`: a JPEG, PNG or WebP image; up to 10 photos a lot. A
    file that is not an image, too large or a decompression bomb is refused (400, `photo`)."""
    lot = selectors.lot_get_for_seller(_acting(request).organisation, lot_id)
    return Status(
        201, photo_services.photo_add(actor=principal_of(request).user, lot=lot, upload=photo)
    )


@router.delete(
    "/lots/{lot_id}/photos/{photo_id}", **_spec({204: None}, *_WRITE), summary="Delete a photo"
)
def photo_delete(request: HttpRequest, lot_id: LotId, photo_id: PhotoId) -> Status[None]:
    """Deletes one of the lot's photos and its thumbnail."""
    lot = selectors.lot_get_for_seller(_acting(request).organisation, lot_id)
    photo = next((p for p in lot.photos.all() if p.pk == photo_id), None)
    if photo is None:
        raise Http404
    photo_services.photo_delete(actor=principal_of(request).user, photo=photo)
    return Status(204, None)


# Handlers: orders


def _order_detail(organisation: Organisation, order_id: OrderId) -> Order:
    order = selectors.order_get_for_party(organisation, order_id)
    events = OrderEvent.objects.select_related("actor", "organisation")
    prefetch_related_objects([order], Prefetch("events", queryset=events))
    return order


@router.post(
    "/lots/{lot_id}/orders",
    **_spec(
        {201: OrderDetailOut},
        *_WRITE,
        conflict="The stock is too short for this quantity, or the lot is no longer open to "
        "orders; `message` says how many units are left.",
    ),
    summary="Order a lot",
)
def order_place(request: HttpRequest, lot_id: LotId, payload: OrderIn) -> Status[Order]:
    """The acting organisation (verified, not the seller) orders units of a published lot.
    The units are reserved at once and never oversold."""
    principal = principal_of(request)
    membership = principal.require_membership()
    lot = _visible_lot(principal, lot_id)
    order = order_services.order_place(
        actor=principal.user,
        buyer=membership.organisation,
        lot=lot,
        **payload.model_dump(),
    )
    return Status(201, _order_detail(membership.organisation, order.pk))


@router.get("/orders", **_spec({200: OrderPageOut}, *_READ), summary="My orders")
def order_list(request: HttpRequest, filters: Query[OrderFilter]) -> dict[str, Any]:
    """The acting organisation's orders, newest first."""
    organisation = _acting(request).organisation
    if filters.side == "sales":
        orders = selectors.sales_of(organisation)
    elif filters.side == "purchases":
        orders = selectors.purchases_of(organisation)
    else:
        orders = selectors.sales_of(organisation) | selectors.purchases_of(organisation)
    if filters.status:
        orders = orders.filter(status=filters.status)
    return _page(orders.order_by("-created_at", "-id"), filters.page, filters.per_page)


@router.get("/orders/{order_id}", **_spec({200: OrderDetailOut}, *_READ), summary="An order")
def order_detail(request: HttpRequest, order_id: OrderId) -> Order:
    """An order the acting organisation buys or sells, with its history and totals."""
    return _order_detail(_acting(request).organisation, order_id)


def _order_action(request: HttpRequest, order_id: OrderId, action: Any, **kwargs: Any) -> Order:
    organisation = _acting(request).organisation
    order = selectors.order_get_for_party(organisation, order_id)
    # The acting organisation, not the person's: a key for the buyer may not accept as the
    # seller, even if its holder belongs to both.
    action(actor=principal_of(request).user, order=order, organisation=organisation, **kwargs)
    return _order_detail(organisation, order_id)


@router.post(
    "/orders/{order_id}/accept",
    **_spec({200: OrderDetailOut}, *_WRITE, conflict=_ORDER_CONFLICT),
    summary="Accept an order (seller)",
)
def order_accept(request: HttpRequest, order_id: OrderId, payload: AcceptIn | None = None) -> Order:
    """The seller accepts a pending order, optionally setting the pickup slot."""
    # The body is optional: an empty one accepts without a slot nor a note.
    options = payload.model_dump() if payload else {}
    return _order_action(request, order_id, order_services.order_accept, **options)


@router.post(
    "/orders/{order_id}/decline",
    **_spec({200: OrderDetailOut}, *_WRITE, conflict=_ORDER_CONFLICT),
    summary="Decline an order (seller)",
)
def order_decline(
    request: HttpRequest, order_id: OrderId, payload: ReasonIn | None = None
) -> Order:
    """The seller declines a pending order; its units return to the stock."""
    reason = payload.reason if payload else ""
    return _order_action(request, order_id, order_services.order_decline, reason=reason)


@router.post(
    "/orders/{order_id}/handover",
    **_spec({200: OrderDetailOut}, *_WRITE, conflict=_ORDER_CONFLICT),
    summary="Mark an order handed over (seller)",
)
def order_handover(request: HttpRequest, order_id: OrderId) -> Order:
    """The seller marks an accepted order collected or delivered."""
    return _order_action(request, order_id, order_services.order_hand_over)


@router.post(
    "/orders/{order_id}/receive",
    **_spec({200: OrderDetailOut}, *_WRITE, conflict=_ORDER_CONFLICT),
    summary="Confirm receipt (buyer)",
)
def order_receive(request: HttpRequest, order_id: OrderId) -> Order:
    """The buyer confirms it received the goods handed over."""
    return _order_action(request, order_id, order_services.order_confirm_receipt)


@router.post(
    "/orders/{order_id}/cancel",
    **_spec({200: OrderDetailOut}, *_WRITE, conflict=_ORDER_CONFLICT),
    summary="Cancel an order (either side)",
)
def order_cancel(request: HttpRequest, order_id: OrderId, payload: ReasonIn | None = None) -> Order:
    """Either side cancels before the handover; the units return to the stock."""
    reason = payload.reason if payload else ""
    return _order_action(request, order_id, order_services.order_cancel, reason=reason)


@router.get(
    "/orders/{order_id}/messages",
    **_spec({200: list[MessageOut]}, *_READ),
    summary="An order's messages",
)
def order_messages(request: HttpRequest, order_id: OrderId) -> Any:
    """The thread between buyer and seller, oldest first."""
    order = selectors.order_get_for_party(_acting(request).organisation, order_id)
    return order.messages.select_related("author", "organisation")


@router.post(
    "/orders/{order_id}/messages",
    **_spec({201: MessageOut}, *_WRITE),
    summary="Write to the other side",
)
def order_message_post(
    request: HttpRequest, order_id: OrderId, payload: MessageIn
) -> Status[OrderMessage]:
    """Adds a message to the order's thread; the other side is told by e-mail."""
    organisation = _acting(request).organisation
    order = selectors.order_get_for_party(organisation, order_id)
    message = order_services.order_message_post(
        actor=principal_of(request).user, order=order, body=payload.body, organisation=organisation
    )
    return Status(201, message)
