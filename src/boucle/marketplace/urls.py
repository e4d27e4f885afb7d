"""Routes of the marketplace. Each view module lists its own; they share one namespace.

Public: /marketplace/ (search), /marketplace/lots/<id>/ … Organisation pages: /o/<slug>/lots/,
/o/<slug>/orders/, /o/<slug>/marketplace/ (the seller's and buyer's dashboard) …
"""

from __future__ import annotations

from boucle.marketplace.views import bulk, dashboard, hire, lots, orders, search

app_name = "marketplace"
urlpatterns = [
    *search.urlpatterns,
    *lots.urlpatterns,
    *bulk.urlpatterns,
    *orders.urlpatterns,
    *hire.urlpatterns,
    *dashboard.urlpatterns,
]
