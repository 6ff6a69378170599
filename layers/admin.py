from django.contrib import admin

from geo_server.admin_base import ReadOnlyAdmin
from layers.models import ExportLog, RasterLayer


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdmin):
    """The log is evidence: it can be read, never written, through the admin."""

    list_display = ("created_at", "requested_by", "format", "crs", "area", "feature_count", "bytes", "complete")
    list_filter = ("format", "crs", "area_kind", "complete")
    search_fields = ("requested_by", "area")
    date_hierarchy = "created_at"
@admin.register(RasterLayer)
class RasterLayerAdmin(admin.ModelAdmin):
    list_display = ("slug", "title_zh", "title_en", "units", "synthetic", "ramp", "value_min", "value_max")
    list_filter = ("synthetic",)
