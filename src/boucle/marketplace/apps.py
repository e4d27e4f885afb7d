from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "boucle.marketplace"
    label = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self) -> None:
        from boucle.marketplace.categories import load_categories
        from boucle.marketplace.search import search_index_repair

        # Like content types: the shipped taxonomy is (re)loaded after every migrate, so it is
        # there in a new database and after a transactional test's flush.
        post_migrate.connect(load_categories, sender=self)
        # A later migration that rebuilds the lot table on SQLite drops the index's triggers.
        post_migrate.connect(search_index_repair, sender=self)
