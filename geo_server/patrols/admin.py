from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from django.utils.translation import gettext_lazy as _

from geo_server.patrols.models import Patrol, PatrolPlan, PatrolTask, PatrolZone, ZoneRequirement


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


class TargetFilter(admin.SimpleListFilter):
    """A river chief's patrol of a reach or an inspector's patrol of a zone."""

    title = _("target")
    parameter_name = "target"

    def lookups(self, request, model_admin):
        return (("reach", _("river reach")), ("zone", _("zone")))

    def queryset(self, request, queryset):
        if self.value() in ("reach", "zone"):
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


@admin.register(Patrol)
class PatrolAdmin(LeafletGeoAdmin):
    list_display = ("walker", "reach", "zone", "started_at", "length_m", "coverage", "valid", "synthetic")
    list_filter = (TargetFilter, "valid", "synthetic")
    raw_id_fields = ("walker", "reach", "zone")
    readonly_fields = ("length_m", "coverage", "valid", "reasons")
