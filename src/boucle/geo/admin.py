from __future__ import annotations

from django.contrib import admin

from boucle.geo.models import Commune, Departement, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["code", "name"]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin[Departement]):
    list_display = ["code", "name", "region"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin[Commune]):
    list_display = ["insee_code", "name", "departement", "population"]
    search_fields = ["insee_code", "name", "postcodes__code"]
