from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from boucle.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("boucle.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("boucle.accounts.urls")),
    path("", include("boucle.territory.urls")),
    path("", include("boucle.marketplace.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
# Uploaded files are never served from MEDIA_URL, not even in development: they are private
# to an organisation and go out through views that check access (e.g. a study's files).
