from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "boucle.territory"
    label = "territory"
    verbose_name = _("Territorial material flows")
