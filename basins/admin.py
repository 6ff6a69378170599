from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from basins.models import (
    Basin, MonitoringPoint, Patrol, PatrolRequirement, PollutionSource, Rainfall, ReachChief, RiverReachDetail, WaterSample,
)
from geo_server.features.admin import DetailAdmin


@admin.register(Basin)
class BasinAdmin(LeafletGeoAdmin):
    list_display = ("code", "name", "name_en", "synthetic")
    list_filter = ("synthetic",)
    search_fields = ("code", "name", "name_en")
    ordering = ("code",)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("geom")


@admin.register(RiverReachDetail)
class RiverReachDetailAdmin(DetailAdmin):
    list_display = ("feature", "river_name", "main_stem", "length_m", "width_m")
    list_filter = ("main_stem",)
    search_fields = DetailAdmin.search_fields + ("river_name", "river_name_en")


@admin.register(PatrolRequirement)
class PatrolRequirementAdmin(admin.ModelAdmin):
    """The differentiated patrol-frequency matrix: administrators edit the cells; source says which are [S]."""

    list_display = ("level", "colour", "patrols", "period", "min_minutes", "min_km", "source", "note")
    list_editable = ("patrols", "period", "min_minutes", "min_km", "source")
    list_filter = ("level", "colour", "source")
    ordering = ("level", "colour")


@admin.register(ReachChief)
class ReachChiefAdmin(admin.ModelAdmin):
    list_display = ("reach", "level", "chief")
    list_filter = ("level",)
    list_select_related = ("reach", "chief")
    raw_id_fields = ("reach", "chief")
    search_fields = ("reach__code", "reach__name", "chief__username")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("reach__geom")


@admin.register(MonitoringPoint)
class MonitoringPointAdmin(LeafletGeoAdmin):
    list_display = ("code", "reach", "chainage_m", "synthetic")
    list_select_related = ("reach",)
    raw_id_fields = ("reach",)
    search_fields = ("code", "reach__code")
    readonly_fields = ("chainage_m",)


@admin.register(WaterSample)
class WaterSampleAdmin(admin.ModelAdmin):
    list_display = ("point", "taken_at", "transparency_cm", "dissolved_oxygen_mg_l", "orp_mv", "ammonia_n_mg_l",
                    "depth_cm", "synthetic")
    list_select_related = ("point",)
    raw_id_fields = ("point",)
    search_fields = ("point__code",)
    date_hierarchy = "taken_at"


@admin.register(PollutionSource)
class PollutionSourceAdmin(LeafletGeoAdmin):
    list_display = ("code", "kind", "name", "reach", "synthetic")
    list_filter = ("kind", "synthetic")
    raw_id_fields = ("reach",)
    search_fields = ("code", "name")


@admin.register(Rainfall)
class RainfallAdmin(admin.ModelAdmin):
    list_display = ("basin", "day", "mm", "synthetic")
    list_filter = ("basin",)
    date_hierarchy = "day"


@admin.register(Patrol)
class PatrolAdmin(LeafletGeoAdmin):
    list_display = ("reach", "chief", "started_at", "length_m", "near_share", "valid", "synthetic")
    list_filter = ("valid", "synthetic")
    raw_id_fields = ("reach", "chief")
    readonly_fields = ("length_m", "near_share", "valid", "reasons")
