from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "boucle.geo"
    label = "geo"
    verbose_name = _("French territories")

    def ready(self) -> None:
        from boucle.geo.loader import load_territories_if_empty

        post_migrate.connect(load_territories_if_empty, sender=self)
