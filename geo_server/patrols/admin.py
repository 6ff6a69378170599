from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from geo_server.patrols.models import PatrolPlan, PatrolTask, PatrolZone, ZonePatrol, ZoneRequirement


@admin.register(ZoneRequirement)
class ZoneRequirementAdmin(admin.ModelAdmin):
    """The zone frequency matrix: administrators edit the rows; source says which numbers are [S] or [D]."""

    list_display = ("risk_level", "patrols", "period", "min_minutes", "min_km", "source", "note")
    list_editable = ("patrols", "period", "min_minutes", "min_km", "source")


@admin.register(PatrolZone)
class PatrolZoneAdmin(LeafletGeoAdmin):
    # Geometry is read-only here: zones are drawn or imported through patrols.zones, which checks them.
    list_display = ("name", "organisation", "created_by", "updated_at")
    readonly_fields = ("geom", "organisation", "created_by")
    search_fields = ("name",)

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("geom")


@admin.register(PatrolPlan)
class PatrolPlanAdmin(admin.ModelAdmin):
    list_display = ("zone", "active", "created_at")
    filter_horizontal = ("inspectors",)


@admin.register(PatrolTask)
class PatrolTaskAdmin(admin.ModelAdmin):
    list_display = ("plan", "inspector", "period", "starts_on", "ends_before", "risk_level", "patrols")
    list_filter = ("period", "risk_level")


@admin.register(ZonePatrol)
class ZonePatrolAdmin(LeafletGeoAdmin):
    list_display = ("zone", "inspector", "started_at", "length_m", "inside_share", "valid")
    list_filter = ("valid",)
