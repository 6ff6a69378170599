from django.contrib import admin

from geo_server.admin_base import ReadOnlyAdmin
from geo_server.integrity.models import IntegrityScore, ScoreEvent, ScoreWeight


@admin.register(ScoreWeight)
class ScoreWeightAdmin(admin.ModelAdmin):
    """The weights, one row per reason; a reason without a row uses the code default."""

    list_display = ("reason", "delta")
    list_editable = ("delta",)



@admin.register(IntegrityScore)
class IntegrityScoreAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "score", "updated_at")
    list_select_related = ("organisation",)
    search_fields = ("organisation__name",)
    ordering = ("-score",)


@admin.register(ScoreEvent)
class ScoreEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "organisation", "reason", "delta", "score", "hazard_id")
    list_filter = ("reason",)
    list_select_related = ("organisation",)
    search_fields = ("organisation__name",)
