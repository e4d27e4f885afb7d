"""`boucle manage marketplace_expire`: the marketplace's periodic sweep, for cron.

Expires the pending orders whose reservation has passed (their units return to their lots),
then the lots whose availability has ended. Each order also schedules its own expiry task;
this sweep catches what a stopped worker missed. Run it every few minutes, for example::

    */10 * * * *  boucle manage marketplace_expire
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from boucle.marketplace.services.lots import lots_expire
from boucle.marketplace.services.orders import orders_expire


class Command(BaseCommand):
    help = "Expires past order reservations (returning their units), then ended lots."

    def handle(self, *args: Any, **options: Any) -> None:
        orders = orders_expire()
        lots = lots_expire()
        self.stdout.write(f"{orders} order(s) expired, {lots} lot(s) expired.")
