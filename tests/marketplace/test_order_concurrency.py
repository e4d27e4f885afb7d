"""Stock is never oversold, whatever the concurrency.

Twenty buyers order one unit each, all at once, from a lot of seven: exactly seven orders go
through, the stock ends at zero, the thirteen others are told nothing is left. On PostgreSQL
a naive read-then-write in the same situation does oversell (shown below, so the test of the
real service is known to be able to fail); on SQLite no "database is locked" reaches anyone.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest
from django.conf import settings
from django.db import connection, transaction

from boucle.accounts.models import Organisation, User
from boucle.core.errors import ConflictError
from boucle.marketplace.models import Lot, LotStatus, Order, OrderStatus
from boucle.marketplace.services.lots import lot_update
from boucle.marketplace.services.orders import order_cancel, order_place

pytestmark = pytest.mark.django_db(transaction=True)

ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]
ON_SQLITE = "sqlite" in settings.DATABASES["default"]["ENGINE"]
needs_postgresql = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="needs PostgreSQL, CI runs it (DATABASE_URL=postgres://...)"
)

BUYERS = 20
UNITS = 7
T = TypeVar("T")


def in_threads(work: Callable[[threading.Barrier], T], count: int = BUYERS) -> list[T]:
    """Runs `work` in `count` threads released together; each closes its own connection."""
    barrier = threading.Barrier(count, timeout=30)

    def run() -> T:
        try:
            return work(barrier)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return [future.result() for future in [pool.submit(run) for _ in range(count)]]


def in_a_thread(read: Callable[[], T]) -> T:
    """Reads through a fresh connection, as the threads saw the database."""
    return in_threads(lambda _barrier: read(), count=1)[0]


@pytest.fixture
def seven_units(owner: User, lot: Lot) -> Lot:
    return lot_update(actor=owner, lot=lot, quantity=UNITS)


def order_one(buyer: User, buyer_org: Organisation, lot: Lot) -> Callable[[threading.Barrier], str]:
    def work(barrier: threading.Barrier) -> str:
        barrier.wait()
        try:
            order_place(actor=buyer, buyer=buyer_org, lot=lot, quantity=1)
        except ConflictError as refused:
            return refused.message
        return "ordered"

    return work


def stock_and_orders(lot: Lot) -> tuple[int, str, int]:
    current = Lot.objects.get(pk=lot.pk)
    held = Order.objects.filter(lot=lot, status=OrderStatus.PENDING).count()
    return current.quantity_available, current.status, held


@needs_postgresql
def test_twenty_buyers_on_seven_units_make_exactly_seven_orders(
    buyer: User, buyer_org: Organisation, seven_units: Lot
) -> None:
    outcomes = in_threads(order_one(buyer, buyer_org, seven_units))
    assert outcomes.count("ordered") == UNITS
    assert outcomes.count("No units of this lot are left.") == BUYERS - UNITS
    assert stock_and_orders(seven_units) == (0, LotStatus.RESERVED, UNITS)


@needs_postgresql
def test_a_naive_read_then_write_does_oversell(seven_units: Lot) -> None:
    """What the conditional UPDATE prevents: every buyer reads seven units left before any
    writes, each checks its one unit against that, and each writes "six left" over the
    others' writes. The lost updates sell far more than the stock."""

    def naive_order(barrier: threading.Barrier) -> str:
        with transaction.atomic():
            lot = Lot.objects.get(pk=seven_units.pk)
            barrier.wait()  # everyone has read the stock; now everyone writes
            if lot.quantity_available < 1:
                return "refused"
            lot.quantity_available -= 1
            lot.save(update_fields=["quantity_available"])
        return "ordered"

    outcomes = in_threads(naive_order)
    assert outcomes.count("ordered") > UNITS
    seven_units.refresh_from_db()
    assert seven_units.quantity_available == UNITS - 1  # and the stock says six are left


@pytest.fixture
def sqlite_file_database(tmp_path: Path) -> Iterator[None]:
    """Gives the threads a database file, like the one Boucle runs on.

    pytest-django's SQLite test database lives in memory with a shared cache, where SQLite
    locks whole tables and answers "table is locked" at once instead of waiting on the busy
    timeout: not what a deployed Boucle does. So the test data is copied into a file and new
    connections (the threads') open that file for the duration of the test; the main thread
    keeps its in-memory connection open and untouched, and reads through a thread.
    """
    if not ON_SQLITE:
        pytest.skip("checks SQLite's locking; PostgreSQL has its own test above")
    if not connection.is_in_memory_db():
        yield
        return
    connection.ensure_connection()
    copy = sqlite3.connect(tmp_path / "orders.sqlite3")
    connection.connection.backup(copy)
    # A deployed database is in WAL mode from its first migration on (the mode is kept in the
    # file). A copy starts in rollback-journal mode, and twenty connections each switching it
    # to WAL at once race for the switch: SQLite answers "database is locked" to the losers
    # without waiting on the busy timeout. That race is the copy's, not Boucle's.
    copy.execute("PRAGMA journal_mode=WAL")
    copy.close()
    name = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = str(tmp_path / "orders.sqlite3")
    try:
        yield
    finally:
        connection.settings_dict["NAME"] = name


# The database fixture comes last: it copies what the fixtures before it wrote.
def test_on_sqlite_concurrent_orders_wait_their_turn_and_none_is_told_the_database_is_locked(
    buyer: User, buyer_org: Organisation, seven_units: Lot, sqlite_file_database: None
) -> None:
    # Any OperationalError ("database is locked") would propagate out of a thread and fail this.
    outcomes = in_threads(order_one(buyer, buyer_org, seven_units))
    assert outcomes.count("ordered") == UNITS
    assert outcomes.count("No units of this lot are left.") == BUYERS - UNITS
    assert in_a_thread(lambda: stock_and_orders(seven_units)) == (0, LotStatus.RESERVED, UNITS)


@pytest.fixture
def database_for_threads(request: pytest.FixtureRequest) -> None:
    """PostgreSQL as it is; on SQLite, the database file of `sqlite_file_database`."""
    if ON_SQLITE:
        request.getfixturevalue("sqlite_file_database")


@pytest.fixture
def four_ordered(buyer: User, buyer_org: Organisation, lot: Lot) -> Order:
    return order_place(actor=buyer, buyer=buyer_org, lot=lot, quantity=4)


# The database fixture comes last: on SQLite it copies what the fixtures before it wrote.
def test_ten_clicks_on_cancel_cancel_once_and_return_the_units_once(
    buyer: User, lot: Lot, four_ordered: Order, database_for_threads: None
) -> None:
    order = four_ordered

    def click(barrier: threading.Barrier) -> str:
        barrier.wait()
        try:
            order_cancel(actor=buyer, order=order)
        except ConflictError as refused:
            return refused.message
        return "cancelled"

    outcomes = in_threads(click, count=10)
    assert outcomes.count("cancelled") == 1
    assert outcomes.count("This order is cancelled: it cannot be changed this way.") == 9

    def state() -> tuple[int, list[str]]:
        current = Lot.objects.get(pk=lot.pk)
        return current.quantity_available, list(
            Order.objects.get(pk=order.pk).events.values_list("to_status", flat=True)
        )

    assert in_a_thread(state) == (10, ["pending", "cancelled"])
