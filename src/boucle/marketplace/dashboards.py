"""Reads behind the marketplace dashboards: what a seller and a buyer see at a glance.

Every figure is one aggregate query, whatever the number of lots and orders, so the dashboard
issues the same number of queries for a newcomer and for a retailer with thousands of orders::

    seller = seller_dashboard(organisation)
    seller.revenue_this_year, seller.kg_left, seller.orders_to_handle
    buyer = buyer_dashboard(user, organisation)

Revenue is what buyers confirmed receiving, excluding VAT. Goods "left" when the seller handed
them over (received orders included): they were reused instead of being destroyed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from boucle.accounts.models import Organisation, User
from boucle.marketplace.models import (
    Lot,
    LotStatus,
    Order,
    OrderEvent,
    OrderStatus,
    Unit,
    money,
)
from boucle.marketplace.selectors import purchases_of, sales_of, saved_searches_of

# Orders whose goods have left the seller: reused rather than destroyed.
LEFT_STATUSES = (OrderStatus.HANDED_OVER, OrderStatus.RECEIVED)
# What a seller must act on, in the order it must act: accept first, then hand over.
TO_HANDLE_STATUSES = (OrderStatus.PENDING, OrderStatus.ACCEPTED)
# A buyer's orders still in progress, what it must act on first (confirm receipt).
BUYER_OPEN_STATUSES = (OrderStatus.HANDED_OVER, OrderStatus.ACCEPTED, OrderStatus.PENDING)
KG_STEP = Decimal("0.001")
MONTHS_SHOWN = 12
LIST_LIMIT = 20

# Amounts are products of two decimals; SQLite computes them in floating point, so every sum
# is declared as a decimal and rounded again in Python (to the cent, to the gram).
_REVENUE = ExpressionWrapper(
    F("quantity") * F("unit_price"), output_field=DecimalField(max_digits=18, decimal_places=2)
)
_KG = ExpressionWrapper(
    F("quantity") * F("lot__weight_kg"), output_field=DecimalField(max_digits=18, decimal_places=3)
)


@dataclass(frozen=True)
class QuantityLeft:
    """Quantities of one unit (unit, box, pallet, kg) that left the seller."""

    unit: str
    label: str
    quantity: int


@dataclass(frozen=True)
class GoodsLeft:
    """What left the seller for buyers instead of being destroyed."""

    quantities: list[QuantityLeft]  # per unit of count, in the order of `Unit`
    units: int  # quantities of lots counted in units
    kg: Decimal
    # Lots that left without a weight per unit: their quantities are missing from `kg`.
    unweighed_lots: int
    unweighed_quantity: int


@dataclass(frozen=True)
class MonthFigures:
    month: date  # the first day of the month
    kg: Decimal  # weighed goods handed over that month
    revenue: Decimal  # receipts confirmed that month, excl. VAT (€)


@dataclass(frozen=True)
class SellerDashboard:
    lot_counts: dict[str, int]  # lot status -> number of lots
    lots_total: int
    orders_to_handle: list[Order]  # pending first (to accept), then accepted (to hand over)
    pending_count: int
    accepted_count: int
    revenue_this_year: Decimal  # € excl. VAT
    revenue_all_time: Decimal  # € excl. VAT
    left: GoodsLeft
    months: list[MonthFigures]

    @property
    def lot_rows(self) -> list[tuple[str, str, int]]:
        """(status, label, count) of every lot status the seller has lots in."""
        return [
            (v, str(label), self.lot_counts[v])
            for v, label in LotStatus.choices
            if self.lot_counts[v]
        ]

    @property
    def months_have_figures(self) -> bool:
        return any(m.kg or m.revenue for m in self.months)

    @property
    def month_max_kg(self) -> Decimal:
        return max((m.kg for m in self.months), default=Decimal(0))

    @property
    def month_max_revenue(self) -> Decimal:
        return max((m.revenue for m in self.months), default=Decimal(0))


@dataclass(frozen=True)
class BuyerDashboard:
    status_counts: dict[str, int]  # order status -> number of purchases
    purchases_total: int
    open_orders: list[Order]  # to receive first, then accepted, then awaiting the seller
    to_receive_count: int
    saved_search_count: int

    @property
    def status_rows(self) -> list[tuple[str, str, int]]:
        """(status, label, count) of the purchases with any, what to act on first."""
        labels = dict(OrderStatus.choices)
        order = [
            *BUYER_OPEN_STATUSES,
            *(s for s in OrderStatus.values if s not in BUYER_OPEN_STATUSES),
        ]
        return [(s, str(labels[s]), self.status_counts[s]) for s in order if self.status_counts[s]]


def _status_counts(queryset: QuerySet[Order] | QuerySet[Lot]) -> dict[str, int]:
    rows = queryset.order_by().values_list("status").annotate(n=Count("pk"))
    return {status: n for status, n in rows}


def _rank(statuses: tuple[str, ...]) -> Case:
    """Orders rows by the position of their status in `statuses`."""
    return Case(
        *(When(status=status, then=Value(i)) for i, status in enumerate(statuses)),
        output_field=IntegerField(),
    )


def _year_start(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)


def _months_back(now: datetime, count: int) -> list[date]:
    """The first days of the last `count` months, oldest first, this month included."""
    local = timezone.localdate(now)
    year, month = local.year, local.month
    months = []
    for _i in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def lot_counts(organisation: Organisation) -> dict[str, int]:
    """The seller's lots by status, every status present (0 when none)."""
    counts = _status_counts(Lot.objects.filter(seller=organisation))
    return {status: counts.get(status, 0) for status in LotStatus.values}


def orders_to_handle(organisation: Organisation, limit: int = LIST_LIMIT) -> list[Order]:
    """Sales awaiting the seller: to accept (oldest reservation deadline first), to hand over."""
    return list(
        sales_of(organisation)
        .filter(status__in=TO_HANDLE_STATUSES)
        .order_by(_rank(TO_HANDLE_STATUSES), "expires_at", "created_at", "id")[:limit]
    )


def revenue(organisation: Organisation, *, now: datetime | None = None) -> tuple[Decimal, Decimal]:
    """(this calendar year, all time): received sales excl. VAT, dated by their receipt."""
    start = _year_start(now or timezone.now())
    received = Order.objects.filter(seller=organisation, status=OrderStatus.RECEIVED)
    this_year = received.filter(
        events__to_status=OrderStatus.RECEIVED, events__created_at__gte=start
    ).aggregate(total=Sum(_REVENUE))["total"]
    all_time = received.aggregate(total=Sum(_REVENUE))["total"]
    return money(Decimal(this_year or 0)), money(Decimal(all_time or 0))


def goods_left(organisation: Organisation) -> GoodsLeft:
    """Quantities (per unit of count) and kilograms handed over to buyers, in one query.

    A lot counted in kg weighs its quantity even without a weight per unit; the others need
    `weight_kg`, and those without are counted apart so the page can say the figure is short.
    """
    rows = (
        Order.objects.filter(seller=organisation, status__in=LEFT_STATUSES)
        .order_by()
        .values_list("lot__unit")
        .annotate(
            # Not named "quantity": _KG's F("quantity") would then read this sum.
            total_quantity=Sum("quantity"),
            kg=Sum(_KG),
            unweighed_quantity=Sum("quantity", filter=Q(lot__weight_kg__isnull=True)),
            unweighed_lots=Count("lot", filter=Q(lot__weight_kg__isnull=True), distinct=True),
        )
    )
    labels = dict(Unit.choices)
    by_unit: dict[str, int] = {}
    kg, unweighed_lots, unweighed_quantity = Decimal(0), 0, 0
    for unit, quantity, unit_kg, missing_quantity, missing_lots in rows:
        by_unit[unit] = quantity
        kg += Decimal(unit_kg or 0)
        if unit == Unit.KG:
            kg += Decimal(missing_quantity or 0)
        else:
            unweighed_lots += missing_lots
            unweighed_quantity += missing_quantity or 0
    return GoodsLeft(
        quantities=[
            QuantityLeft(unit=unit, label=str(labels[unit]), quantity=by_unit[unit])
            for unit in Unit.values
            if unit in by_unit
        ],
        units=by_unit.get(Unit.UNIT, 0),
        kg=kg.quantize(KG_STEP),
        unweighed_lots=unweighed_lots,
        unweighed_quantity=unweighed_quantity,
    )


def monthly_figures(
    organisation: Organisation, *, now: datetime | None = None, count: int = MONTHS_SHOWN
) -> list[MonthFigures]:
    """Kilograms handed over and revenue received per month, the last `count` months.

    Dated by the events that moved the orders (handover, receipt), not by when they were placed.
    """
    months = _months_back(now or timezone.now(), count)
    start = datetime(months[0].year, months[0].month, 1, tzinfo=timezone.get_current_timezone())
    events = OrderEvent.objects.filter(order__seller=organisation, created_at__gte=start)
    kg_rows = (
        events.filter(to_status=OrderStatus.HANDED_OVER)
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values_list("month")
        .annotate(
            kg=Sum(
                ExpressionWrapper(
                    F("order__quantity") * F("order__lot__weight_kg"),
                    output_field=DecimalField(max_digits=18, decimal_places=3),
                )
            ),
            kg_counted=Sum(
                "order__quantity",
                filter=Q(order__lot__unit=Unit.KG, order__lot__weight_kg__isnull=True),
            ),
        )
    )
    revenue_rows = (
        events.filter(to_status=OrderStatus.RECEIVED)
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values_list("month")
        .annotate(
            revenue=Sum(
                ExpressionWrapper(
                    F("order__quantity") * F("order__unit_price"),
                    output_field=DecimalField(max_digits=18, decimal_places=2),
                )
            )
        )
    )
    kg_by_month = {
        timezone.localdate(m) if isinstance(m, datetime) else m: Decimal(kg or 0)
        + Decimal(counted or 0)
        for m, kg, counted in kg_rows
    }
    revenue_by_month = {
        timezone.localdate(m) if isinstance(m, datetime) else m: Decimal(total or 0)
        for m, total in revenue_rows
    }
    return [
        MonthFigures(
            month=month,
            kg=kg_by_month.get(month, Decimal(0)).quantize(KG_STEP),
            revenue=money(revenue_by_month.get(month, Decimal(0))),
        )
        for month in months
    ]


def seller_dashboard(organisation: Organisation, *, now: datetime | None = None) -> SellerDashboard:
    counts = lot_counts(organisation)
    to_handle = orders_to_handle(organisation)
    sales_counts = _status_counts(Order.objects.filter(seller=organisation))
    this_year, all_time = revenue(organisation, now=now)
    return SellerDashboard(
        lot_counts=counts,
        lots_total=sum(counts.values()),
        orders_to_handle=to_handle,
        pending_count=sales_counts.get(OrderStatus.PENDING, 0),
        accepted_count=sales_counts.get(OrderStatus.ACCEPTED, 0),
        revenue_this_year=this_year,
        revenue_all_time=all_time,
        left=goods_left(organisation),
        months=monthly_figures(organisation, now=now),
    )


def buyer_dashboard(user: User, organisation: Organisation) -> BuyerDashboard:
    counts = _status_counts(Order.objects.filter(buyer=organisation))
    open_orders = list(
        purchases_of(organisation)
        .filter(status__in=BUYER_OPEN_STATUSES)
        .order_by(_rank(BUYER_OPEN_STATUSES), "-created_at", "-id")[:LIST_LIMIT]
    )
    return BuyerDashboard(
        status_counts={status: counts.get(status, 0) for status in OrderStatus.values},
        purchases_total=sum(counts.values()),
        open_orders=open_orders,
        to_receive_count=counts.get(OrderStatus.HANDED_OVER, 0),
        saved_search_count=saved_searches_of(user, organisation).count(),
    )
