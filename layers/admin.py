from django.contrib import admin

from layers.models import ExportLog, RasterLayer


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """The log is evidence: it can be read, never written, through the admin."""

    list_display = ("created_at", "requested_by", "format", "crs", "area", "feature_count", "bytes", "complete")
    list_filter = ("format", "crs", "area_kind", "complete")
    search_fields = ("requested_by", "area")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
@admin.register(RasterLayer)
class RasterLayerAdmin(admin.ModelAdmin):
    list_display = ("slug", "title_zh", "title_en", "units", "synthetic", "ramp", "value_min", "value_max")
    list_filter = ("synthetic",)
