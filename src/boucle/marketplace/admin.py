from __future__ import annotations

from django.contrib import admin

from boucle.marketplace.models import (
    Category,
    HireBooking,
    Lot,
    LotPhoto,
    Order,
    OrderEvent,
    OrderMessage,
    SavedSearch,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ["code", "name_fr", "name_en", "parent"]
    search_fields = ["code", "name_fr", "name_en"]


class LotPhotoInline(admin.TabularInline[LotPhoto, Lot]):
    model = LotPhoto
    extra = 0
    fields = ["image", "position", "width", "height"]
    readonly_fields = ["width", "height"]


@admin.register(Lot)
class LotAdmin(admin.ModelAdmin[Lot]):
    list_display = ["title", "seller", "status", "offer_type", "quantity_available", "quantity"]
    list_filter = ["status", "offer_type", "condition"]
    search_fields = ["title", "seller__name", "brand"]
    raw_id_fields = ["seller", "site", "created_by", "category"]
    inlines = [LotPhotoInline]


class OrderEventInline(admin.TabularInline[OrderEvent, Order]):
    model = OrderEvent
    extra = 0
    readonly_fields = ["from_status", "to_status", "actor", "organisation", "note", "created_at"]
    can_delete = False


class OrderMessageInline(admin.TabularInline[OrderMessage, Order]):
    model = OrderMessage
    extra = 0
    readonly_fields = ["author", "organisation", "body", "created_at"]
    can_delete = False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin[Order]):
    list_display = ["__str__", "lot", "seller", "buyer", "quantity", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["lot__title", "seller__name", "buyer__name"]
    raw_id_fields = ["lot", "seller", "buyer", "placed_by"]
    inlines = [OrderEventInline, OrderMessageInline]


@admin.register(HireBooking)
class HireBookingAdmin(admin.ModelAdmin[HireBooking]):
    list_display = ["lot", "renter", "start_date", "end_date", "status"]
    list_filter = ["status"]
    raw_id_fields = ["lot", "renter", "requested_by"]


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin[SavedSearch]):
    list_display = ["name", "user", "organisation", "notify", "created_at"]
    raw_id_fields = ["user", "organisation"]
