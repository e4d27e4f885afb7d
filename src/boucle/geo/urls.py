from __future__ import annotations

from django.urls import path

from boucle.geo import views

app_name = "geo"
urlpatterns = [path("communes/options/", views.commune_options, name="commune_options")]
