"""Posting, editing, publishing and withdrawing lots."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from boucle.accounts.models import Membership, Organisation, OrganisationKind, Site, User
from boucle.accounts.services import organisation_require_verified
from boucle.audit.models import AuditAction
from boucle.audit.services import audit_record
from boucle.core.errors import ServiceError, raise_first_problem
from boucle.marketplace.models import (
    HOLDING_STATUSES,
    Category,
    Lot,
    LotStatus,
    OfferType,
)
from boucle.marketplace.search import search_text

# What a person may set on a lot, in the order forms and import files show them.
LOT_FIELDS = (
    "offer_type",
    "title",
    "description",
    "category",
    "brand",
    "condition",
    "quantity",
    "unit",
    "min_order_quantity",
    "is_free",
    "unit_price",
    "vat_rate",
    "retail_value",
    "cost_price",
    "weight_kg",
    "hire_price_per_day",
    "hire_price_per_week",
    "deposit",
    "pickup",
    "delivery",
    "delivery_terms",
    "available_from",
    "available_until",
)

# Enough for a detailed listing; the description is folded into the search index.
DESCRIPTION_MAX_LENGTH = 5000

# Organisations that may sell: those that hold goods. Funders and facilitators do not.
SELLER_KINDS = (
    OrganisationKind.COMPANY,
    OrganisationKind.ASSOCIATION,
    OrganisationKind.PUBLIC_BODY,
)

# A lot whose status is one of these may be edited and (re)published by its seller.
EDITABLE_STATUSES = (
    LotStatus.DRAFT,
    LotStatus.PUBLISHED,
    LotStatus.RESERVED,
    LotStatus.SOLD_OUT,
    LotStatus.WITHDRAWN,
    LotStatus.EXPIRED,
)


def require_member(actor: User, organisation: Organisation) -> None:
    """Any member of an organisation may handle its lots and orders; outsiders may not."""
    if not Membership.objects.filter(user=actor, organisation=organisation).exists():
        raise ServiceError(_("You are not a member of this organisation."))


def _check_rules(lot: Lot) -> None:
    """The rules across fields that a single field's validator cannot see (and the length of
    the description, a TextField that no validator bounds)."""
    if len(lot.description) > DESCRIPTION_MAX_LENGTH:
        raise ServiceError(
            _("The description is at most %(max)s characters long (it has %(count)s).")
            % {"max": DESCRIPTION_MAX_LENGTH, "count": len(lot.description)},
            field="description",
        )
    if lot.site.organisation_id != lot.seller_id:
        raise ServiceError(_("This site does not belong to the seller."), field="site")
    if lot.min_order_quantity > lot.quantity:
        raise ServiceError(
            _("The minimum order cannot be above the quantity offered."),
            field="min_order_quantity",
        )
    if lot.offer_type == OfferType.SALE:
        if lot.is_free and lot.unit_price is not None:
            raise ServiceError(
                _("A lot free of charge has no price: clear the price or untick “free”."),
                field="unit_price",
            )
        if lot.hire_price_per_day or lot.hire_price_per_week:
            raise ServiceError(
                _("Hire prices are for hire offers only."), field="hire_price_per_day"
            )
    if lot.available_from and lot.available_until and lot.available_until < lot.available_from:
        raise ServiceError(
            _("The end of availability comes before its start."), field="available_until"
        )
    if not (lot.pickup or lot.delivery):
        raise ServiceError(_("Offer pickup, delivery or both."), field="pickup")


def _check_ready_to_publish(lot: Lot) -> None:
    """What a buyer needs before a lot can be shown: a price (or free) and a future end."""
    if lot.offer_type == OfferType.SALE and not lot.is_free and lot.unit_price is None:
        raise ServiceError(
            _("Give a price per unit, or mark the lot free of charge."), field="unit_price"
        )
    if lot.offer_type == OfferType.HIRE and not (lot.hire_price_per_day or lot.hire_price_per_week):
        raise ServiceError(_("Give a hire price per day or per week."), field="hire_price_per_day")
    if lot.available_until and lot.available_until < timezone.localdate():
        raise ServiceError(
            _("The end of availability has passed: change it before publishing."),
            field="available_until",
        )


# Checked by the service itself rather than by `full_clean`, which would query the database
# once per foreign key and per check constraint (the database enforces those anyway): what
# makes a 1,000-row import take 2 s instead of 6 s of CPU.
_NOT_VALIDATED = ["search_text", "latitude", "longitude", "seller", "site", "created_by"]


def _save(lot: Lot) -> None:
    if lot.category_id is None:
        raise ServiceError(_("Choose a category."), field="category")
    try:
        lot.full_clean(exclude=[*_NOT_VALIDATED, "category"], validate_constraints=False)
    except ValidationError as exc:
        raise_first_problem(exc)
    _check_rules(lot)
    lot.latitude = lot.site.latitude
    lot.longitude = lot.site.longitude
    lot.search_text = search_text(lot)
    lot.updated_at = timezone.now()
    lot.save()


def _assign(lot: Lot, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(LOT_FIELDS) - {"site"}
    if unknown:
        raise TypeError(f"Unknown lot fields: {sorted(unknown)}")
    for key, value in fields.items():
        if key == "category" and isinstance(value, str):
            value = Category.objects.filter(code=value).first()
            if value is None:
                raise ServiceError(_("Unknown category."), field="category")
        if isinstance(value, str) and key not in ("vat_rate",):
            value = value.strip()
        setattr(lot, key, value)


@transaction.atomic
def lot_create(*, actor: User, site: Site, **fields: Any) -> Lot:
    """Creates a draft lot at one of the seller's sites; publishing is a separate step."""
    seller = site.organisation
    require_member(actor, seller)
    if seller.kind not in SELLER_KINDS:
        raise ServiceError(_("Only companies, associations and public bodies may offer lots."))
    if "quantity" not in fields:
        raise ServiceError(_("Say how many units the lot holds."), field="quantity")
    lot = Lot(seller=seller, site=site, created_by=actor)
    _assign(lot, fields)
    if lot.offer_type == OfferType.HIRE:
        lot.is_free = False
        lot.unit_price = None
    lot.quantity_available = lot.quantity
    _save(lot)
    return lot


@transaction.atomic
def lot_update(*, actor: User, lot: Lot, **fields: Any) -> Lot:
    """Changes a lot. A new quantity moves the stock by the difference; held units stay held."""
    lot = Lot.objects.select_for_update().select_related("site").get(pk=lot.pk)
    require_member(actor, lot.seller)
    if "site" in fields and fields["site"].organisation_id != lot.seller_id:
        raise ServiceError(_("This site does not belong to the seller."), field="site")
    changes_offer_type = "offer_type" in fields and fields["offer_type"] != lot.offer_type
    if changes_offer_type and (lot.orders.exists() or lot.bookings.exists()):
        raise ServiceError(
            _("This lot already has orders or bookings: its offer type cannot change."),
            field="offer_type",
        )
    if "quantity" in fields and fields["quantity"] is None:
        # Checked here, not by full_clean: the stock is computed from it before.
        raise ServiceError(_("Say how many units the lot holds."), field="quantity")
    old_quantity = lot.quantity
    _assign(lot, fields)
    if lot.offer_type == OfferType.HIRE:
        # As `lot_create` does: a hire offer has no sale price (an API client turning a sale
        # draft into a hire sends only the hire fields).
        lot.is_free = False
        lot.unit_price = None
    held = old_quantity - lot.quantity_available
    if lot.quantity < held:
        raise ServiceError(
            ngettext(
                "%(held)s unit is held by orders: the quantity cannot go below that.",
                "%(held)s units are held by orders: the quantity cannot go below that.",
                held,
            )
            % {"held": held},
            field="quantity",
        )
    lot.quantity_available = lot.quantity - held
    if lot.status in (LotStatus.PUBLISHED, LotStatus.RESERVED, LotStatus.SOLD_OUT):
        _check_ready_to_publish(lot)
        lot.status = stock_status(lot)
    _save(lot)
    return lot


@transaction.atomic
def lot_publish(*, actor: User, lot: Lot) -> Lot:
    """Shows a lot to buyers. The seller must be verified and the lot complete."""
    lot = Lot.objects.select_for_update().select_related("site", "seller").get(pk=lot.pk)
    require_member(actor, lot.seller)
    organisation_require_verified(lot.seller)
    if lot.status not in (LotStatus.DRAFT, LotStatus.WITHDRAWN, LotStatus.EXPIRED):
        raise ServiceError(_("This lot is already published."))
    _check_ready_to_publish(lot)
    lot.published_at = lot.published_at or timezone.now()
    lot.status = LotStatus.PUBLISHED
    lot.status = stock_status(lot)
    _save(lot)
    audit_record(
        organisation=lot.seller,
        actor=actor,
        action=AuditAction.LOT_PUBLISHED,
        subject=lot.title,
        details={"lot": lot.pk},
    )
    from boucle.marketplace.tasks import saved_searches_alert  # tasks import the services

    transaction.on_commit(lambda: saved_searches_alert.enqueue(lot_id=lot.pk))
    return lot


@transaction.atomic
def lot_withdraw(*, actor: User, lot: Lot) -> Lot:
    """Takes a lot off the market. Orders already placed go on; no new ones can come."""
    lot = Lot.objects.select_for_update().select_related("site").get(pk=lot.pk)
    require_member(actor, lot.seller)
    if lot.status in (LotStatus.DRAFT, LotStatus.WITHDRAWN):
        raise ServiceError(_("This lot is not published."))
    lot.status = LotStatus.WITHDRAWN
    _save(lot)
    audit_record(
        organisation=lot.seller,
        actor=actor,
        action=AuditAction.LOT_WITHDRAWN,
        subject=lot.title,
        details={"lot": lot.pk},
    )
    return lot


@transaction.atomic
def lot_delete(*, actor: User, lot: Lot) -> None:
    """Deletes a draft that was never ordered nor booked (anything else is withdrawn)."""
    lot = Lot.objects.select_for_update().get(pk=lot.pk)
    require_member(actor, lot.seller)
    if lot.status != LotStatus.DRAFT or lot.orders.exists() or lot.bookings.exists():
        raise ServiceError(_("Only a draft that was never ordered may be deleted."))
    names = [name for p in lot.photos.all() for name in (p.image.name, p.thumbnail.name) if name]
    lot.delete()
    # Only once the rows are gone for good: a rollback must not leave photos without files.
    transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


def stock_status(lot: Lot) -> str:
    """The status a published lot takes from its stock: open, reserved by orders, or sold out.

    Called with the lot row locked, after its stock moved.
    """
    if lot.status not in (LotStatus.PUBLISHED, LotStatus.RESERVED, LotStatus.SOLD_OUT):
        return lot.status
    if lot.quantity_available > 0 or lot.offer_type == OfferType.HIRE:
        return LotStatus.PUBLISHED
    if lot.pk and lot.orders.filter(status__in=HOLDING_STATUSES).exists():
        return LotStatus.RESERVED
    return LotStatus.SOLD_OUT


def lots_expire(*, today: date | None = None) -> int:
    """Marks as expired the published lots whose availability ended; answers how many."""
    today = today or timezone.localdate()
    return Lot.objects.filter(
        status__in=(LotStatus.PUBLISHED, LotStatus.RESERVED), available_until__lt=today
    ).update(status=LotStatus.EXPIRED, updated_at=timezone.now())
