"""The marketplace: lots of unsold goods, their photos, orders, hire bookings, saved searches.

Invariants live in the database where they can: stock never below zero nor above what was
posted, a hire day booked at most once per lot. Services (`boucle.marketplace.services`) make
every change, in transactions; views and the API only call them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    """Rounds to the cent, half up, as invoices do."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class Category(models.Model):
    """A category of non-food goods; two levels, shipped as data (`data/categories.csv`)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name_fr = models.CharField(_("name in French"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (French unless English is active)."""
        return self.name_en if translation.get_language() == "en" else self.name_fr


class OfferType(models.TextChoices):
    SALE = "sale", _("Sale")
    HIRE = "hire", _("Hire")


class Condition(models.TextChoices):
    NEW_PACKAGED = "new_packaged", _("New, in its packaging")
    NEW_UNPACKAGED = "new_unpackaged", _("New, without packaging")
    REFURBISHED = "refurbished", _("Refurbished")
    USED_GOOD = "used_good", _("Used, good condition")
    USED_FAIR = "used_fair", _("Used, fair condition")
    FOR_PARTS = "for_parts", _("For parts")


class Unit(models.TextChoices):
    UNIT = "unit", _("unit")
    BOX = "box", _("box")
    PALLET = "pallet", _("pallet")
    KG = "kg", _("kg")


def quantity_label(count: int, unit: str) -> str:
    """A quantity with its unit, plural as the language wants it: "1 carton", "18 cartons"."""
    if unit == Unit.BOX:
        text = ngettext("%(count)s box", "%(count)s boxes", count)
    elif unit == Unit.PALLET:
        text = ngettext("%(count)s pallet", "%(count)s pallets", count)
    elif unit == Unit.KG:
        text = ngettext("%(count)s kg", "%(count)s kg", count)
    else:
        text = ngettext("%(count)s unit", "%(count)s units", count)
    return text % {"count": count}


class VatRate(models.TextChoices):
    """French VAT rates, in percent."""

    STANDARD = "20.0", _("20 % (standard)")
    INTERMEDIATE = "10.0", _("10 % (intermediate)")
    REDUCED = "5.5", _("5.5 % (reduced)")
    SPECIAL = "2.1", _("2.1 % (special)")
    EXEMPT = "0.0", _("0 % (exempt)")


class LotStatus(models.TextChoices):
    # In a context of their own: French gives a lot (masculine) other endings than an
    # invitation or an order ("Retiré", "Expiré").
    DRAFT = "draft", pgettext_lazy("lot status", "Draft")
    PUBLISHED = "published", pgettext_lazy("lot status", "Published")
    # Every unit is held by orders not yet handed over; cancellations may free some again.
    RESERVED = "reserved", pgettext_lazy("lot status", "Reserved")
    SOLD_OUT = "sold_out", pgettext_lazy("lot status", "Sold out")
    WITHDRAWN = "withdrawn", pgettext_lazy("lot status", "Withdrawn")
    EXPIRED = "expired", pgettext_lazy("lot status", "Expired")


# Statuses in which a buyer can find and order a lot.
OPEN_STATUSES = (LotStatus.PUBLISHED,)


class Lot(models.Model):
    """Goods a company offers from one of its sites: for sale, or equipment for hire."""

    seller = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("seller"),
        on_delete=models.PROTECT,
        related_name="lots",
    )
    site = models.ForeignKey(
        "accounts.Site", verbose_name=_("site"), on_delete=models.PROTECT, related_name="lots"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    offer_type = models.CharField(
        _("offer"), max_length=10, choices=OfferType.choices, default=OfferType.SALE
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="lots"
    )
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    condition = models.CharField(_("condition"), max_length=20, choices=Condition.choices)

    # Stock: `quantity` is what was posted, `quantity_available` what orders may still take.
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    quantity_available = models.PositiveIntegerField(_("quantity available"))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.UNIT)
    min_order_quantity = models.PositiveIntegerField(
        _("minimum order quantity"), default=1, validators=[MinValueValidator(1)]
    )

    # Money in euros with two decimals, excluding VAT. A sale lot is free of charge or priced.
    is_free = models.BooleanField(_("free of charge"), default=False)
    unit_price = models.DecimalField(
        _("price per unit excl. VAT (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    vat_rate = models.CharField(
        _("VAT rate"), max_length=5, choices=VatRate.choices, default=VatRate.STANDARD
    )
    # Per unit, for donations (tax receipts value goods at cost) and impact figures.
    retail_value = models.DecimalField(
        _("reference retail value per unit (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    cost_price = models.DecimalField(
        _("cost price per unit (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    weight_kg = models.DecimalField(
        _("weight per unit (kg)"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )

    # Hire of equipment between professionals: selling use rather than goods.
    hire_price_per_day = models.DecimalField(
        _("hire price per day excl. VAT (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    hire_price_per_week = models.DecimalField(
        _("hire price per week excl. VAT (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    deposit = models.DecimalField(
        _("deposit (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )

    pickup = models.BooleanField(_("pickup at the site"), default=True)
    delivery = models.BooleanField(_("delivery"), default=False)
    delivery_terms = models.CharField(_("delivery terms"), max_length=250, blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=LotStatus.choices, default=LotStatus.DRAFT
    )
    # Copied from the site when the lot is saved, so a distance filter reads one table.
    latitude = models.FloatField()
    longitude = models.FloatField()
    # Title, brand, description and category names, folded and stemmed in French and English
    # (`boucle.marketplace.search.search_text`); what both full-text engines index.
    search_text = models.TextField(blank=True, editable=False)

    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated on"), default=timezone.now)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        indexes = [
            models.Index(fields=["status", "latitude", "longitude"], name="lot_status_position"),
            models.Index(fields=["status", "category"], name="lot_status_category"),
            models.Index(fields=["seller", "status"], name="lot_seller_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity_available__gte=0),
                name="lot_stock_not_negative",
                violation_error_message=_("The stock cannot go below zero."),
            ),
            models.CheckConstraint(
                condition=models.Q(quantity_available__lte=models.F("quantity")),
                name="lot_stock_within_quantity",
                violation_error_message=_("More units are available than were posted."),
            ),
            models.CheckConstraint(
                condition=models.Q(min_order_quantity__gte=1),
                name="lot_min_order_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_hire(self) -> bool:
        return self.offer_type == OfferType.HIRE

    @property
    def vat_rate_decimal(self) -> Decimal:
        return Decimal(self.vat_rate)

    @property
    def unit_price_incl_vat(self) -> Decimal | None:
        if self.unit_price is None:
            return None
        return money(self.unit_price * (1 + self.vat_rate_decimal / 100))


def lot_photo_path(instance: LotPhoto, filename: str) -> str:
    return f"marketplace/lots/{instance.lot_id}/{filename}"


class LotPhoto(models.Model):
    """A photo of a lot, re-encoded on upload, with a thumbnail for lists."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=lot_photo_path, width_field="width", height_field="height")
    thumbnail = models.ImageField(upload_to=lot_photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return f"{self.lot} #{self.position}"


class Fulfilment(models.TextChoices):
    PICKUP = "pickup", _("Pickup at the seller's site")
    DELIVERY = "delivery", _("Delivery")


class OrderStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the seller")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    HANDED_OVER = "handed_over", _("Handed over")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


# An order in these statuses holds its units out of the lot's stock.
HOLDING_STATUSES = (OrderStatus.PENDING, OrderStatus.ACCEPTED, OrderStatus.HANDED_OVER)
# Either side may cancel before the handover.
CANCELLABLE_STATUSES = (OrderStatus.PENDING, OrderStatus.ACCEPTED)


class Order(models.Model):
    """A buyer's order of units of a lot; its units leave the stock the moment it is placed."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="orders")
    seller = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="sales"
    )
    buyer = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="purchases"
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    # The lot's terms when the order was placed; later edits of the lot do not change them.
    unit_price = models.DecimalField(
        _("price per unit excl. VAT (€)"), max_digits=12, decimal_places=2
    )
    vat_rate = models.CharField(_("VAT rate"), max_length=5, choices=VatRate.choices)
    fulfilment = models.CharField(
        _("fulfilment"), max_length=10, choices=Fulfilment.choices, default=Fulfilment.PICKUP
    )
    pickup_at = models.DateTimeField(_("pickup slot"), null=True, blank=True)
    delivery_address = models.CharField(_("delivery address"), max_length=300, blank=True)
    buyer_note = models.TextField(_("note to the seller"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.PENDING
    )
    # A pending order the seller has not accepted by then expires and returns its units.
    expires_at = models.DateTimeField(_("reservation expires on"))
    created_at = models.DateTimeField(_("placed on"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated on"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [
            models.Index(fields=["seller", "status"], name="order_seller_status"),
            models.Index(fields=["buyer", "status"], name="order_buyer_status"),
            models.Index(fields=["status", "expires_at"], name="order_status_expiry"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="order_quantity_pos"),
            models.CheckConstraint(
                condition=~models.Q(seller=models.F("buyer")), name="order_not_own_lot"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"C-{self.created_at:%Y}-{self.pk:06d}"

    @property
    def vat_rate_decimal(self) -> Decimal:
        return Decimal(self.vat_rate)

    @property
    def total_excl_vat(self) -> Decimal:
        return money(self.unit_price * self.quantity)

    @property
    def vat_amount(self) -> Decimal:
        return money(self.total_excl_vat * self.vat_rate_decimal / 100)

    @property
    def total_incl_vat(self) -> Decimal:
        return self.total_excl_vat + self.vat_amount

    @property
    def holds_stock(self) -> bool:
        return self.status in HOLDING_STATUSES

    @property
    def is_cancellable(self) -> bool:
        return self.status in CANCELLABLE_STATUSES


class OrderEvent(models.Model):
    """One transition of an order: who moved it from which status to which, and when."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=OrderStatus.choices)
    # Null when the platform acted (a reservation that expired).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("order event")
        verbose_name_plural = _("order events")

    def __str__(self) -> str:
        return f"{self.order} {self.from_status or '∅'} → {self.to_status}"


class OrderMessage(models.Model):
    """A message in the thread between buyer and seller about one order."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.order}: {self.body[:40]}"


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    RETURNED = "returned", _("Returned")


# A booking in these statuses holds its days in the lot's calendar.
BOOKING_HOLDING_STATUSES = (BookingStatus.REQUESTED, BookingStatus.ACCEPTED)


class HireBooking(models.Model):
    """A professional's hire of a lot's equipment from one day to another, both included."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="bookings")
    renter = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="hire_bookings"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    # The price and deposit when the booking was requested, excluding VAT.
    price = models.DecimalField(_("price excl. VAT (€)"), max_digits=12, decimal_places=2)
    vat_rate = models.CharField(_("VAT rate"), max_length=5, choices=VatRate.choices)
    deposit = models.DecimalField(_("deposit (€)"), max_digits=10, decimal_places=2, default=0)
    note = models.TextField(_("note to the owner"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = _("hire booking")
        verbose_name_plural = _("hire bookings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="booking_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lot} {self.start_date} to {self.end_date}"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class HireDay(models.Model):
    """One day of a lot's calendar held by a booking.

    The unique (lot, day) pair is what makes overlapping bookings impossible on every
    database, whatever the concurrency: the second insert of a day fails, its transaction
    rolls back, and the person is told which days are taken.
    """

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="+")
    booking = models.ForeignKey(HireBooking, on_delete=models.CASCADE, related_name="held_days")
    day = models.DateField()

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["lot", "day"], name="hire_day_once")]

    def __str__(self) -> str:
        return f"{self.lot_id} {self.day}"


class SavedSearch(models.Model):
    """A buyer's search, kept to be told by e-mail when a new lot matches it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=120)
    # The search's parameters as the search page's query string reads them (`LotQuery`).
    params = models.JSONField(_("criteria"), default=dict)
    notify = models.BooleanField(_("e-mail me new matching lots"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self) -> str:
        return self.name


class HireBookingEvent(models.Model):
    """One transition of a hire booking: who moved it from which status to which, and when.

    The audit trail belongs to one organisation; a booking has two sides that both read its
    history, as an order's does (`OrderEvent`).
    """

    booking = models.ForeignKey(HireBooking, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=BookingStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=BookingStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("hire booking event")
        verbose_name_plural = _("hire booking events")

    def __str__(self) -> str:
        return f"{self.booking_id} {self.from_status or '∅'} → {self.to_status}"
