"""Admin for areas and features, kept fast on a million features: no geometry or 1M-row select on a list."""

from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from geo_server.features.models import AdminArea, Feature


class DistrictListFilter(admin.RelatedFieldListFilter):
    """Districts only: the default lists every area, boundaries and all."""

    def field_choices(self, field, request, model_admin):
        return list(AdminArea.objects.filter(level=AdminArea.Level.DISTRICT).order_by("code").values_list("pk", "name"))


@admin.register(AdminArea)
class AdminAreaAdmin(LeafletGeoAdmin):
    list_display = ("code", "name", "name_en", "level", "parent", "synthetic_geometry")
    list_filter = ("level", "synthetic_geometry")
    list_select_related = ("parent",)
    search_fields = ("code", "name", "name_en")
    ordering = ("code",)
    # load_areas owns codes, levels and the hierarchy; the admin only corrects names and shapes.
    readonly_fields = ("code", "level", "parent", "source")

    def get_queryset(self, request):
        # A city's boundary is megabytes; lists and autocompletes need only names.
        return super().get_queryset(request).defer("geom", "parent__geom")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Feature)
class FeatureAdmin(LeafletGeoAdmin):
    list_display = ("code", "name", "kind", "district", "risk_level", "status")
    list_filter = ("kind", "risk_level", "status", ("district", DistrictListFilter))
    list_select_related = ("district",)
    search_fields = ("code", "name")
    # The areas are set by a database trigger from the geometry; pick them by id when overriding.
    raw_id_fields = ("city", "district", "street")
    autocomplete_fields = ("basin", "organisation")
    readonly_fields = ("created_at", "updated_at")
    # A second COUNT(*) over a million rows on every list page buys nothing.
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("geom", "district__geom")


class DetailAdmin(admin.ModelAdmin):
    """Base for a kind's detail model: the feature is picked by id, never from a million-row select."""

    raw_id_fields = ("feature",)
    list_select_related = ("feature",)
    search_fields = ("feature__code", "feature__name")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("feature__geom")
