from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from boucle.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("boucle.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("boucle.accounts.urls")),
    path("", include("boucle.territory.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
