from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "boucle.geo"
    label = "geo"
    verbose_name = _("French territories")
