"""The plant's master data is kept by hand (lines, mixes, orders, suppliers and their approval);
production rows arrive through the feeds (api.py) and are not edited here."""

from django.contrib import admin

from geo_server.features.admin import DetailAdmin
from geo_server.sectors.concrete.models import (ConcretePlantDetail, MixDesign, MixingLine, Order, Supplier,
                                                SupplierApproval)


@admin.register(ConcretePlantDetail)
class ConcretePlantDetailAdmin(DetailAdmin):
    list_display = ("feature", "enterprise", "licence_no", "licence_expires_on", "lab_qualification_no",
                    "lab_qualification_expires_on", "annual_capacity_m3", "mixer_count")
    search_fields = DetailAdmin.search_fields + ("enterprise", "licence_no")


class PlantChildAdmin(admin.ModelAdmin):
    """A plant's row: the plant picked by id, never from a select of every feature."""

    raw_id_fields = ("plant",)
    list_select_related = ("plant",)
    search_fields = ("plant__code", "code")


@admin.register(MixingLine)
class MixingLineAdmin(PlantChildAdmin):
    list_display = ("plant", "code", "metering_equipment", "last_verified_on", "last_heartbeat_at", "last_serial")


@admin.register(MixDesign)
class MixDesignAdmin(PlantChildAdmin):
    list_display = ("plant", "code", "grade", "exposure_class", "water_binder_ratio", "binder_kg", "approval_state",
                    "approved_at")
    list_filter = ("approval_state", "grade")


@admin.register(Order)
class OrderAdmin(PlantChildAdmin):
    raw_id_fields = ("plant", "site", "mix")
    list_display = ("plant", "source_id", "customer", "site", "part_poured", "grade", "volume_m3", "approved_at")
    search_fields = ("plant__code", "source_id", "customer")


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ("credit_code", "name")
    search_fields = ("credit_code", "name")


@admin.register(SupplierApproval)
class SupplierApprovalAdmin(PlantChildAdmin):
    raw_id_fields = ("plant", "supplier")
    list_display = ("plant", "supplier", "material_type", "approved_on", "expires_on")
    search_fields = ("plant__code", "supplier__name", "supplier__credit_code")
