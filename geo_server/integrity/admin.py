from django.contrib import admin

from geo_server.admin_base import ReadOnlyAdmin
from geo_server.integrity.models import Blacklisting, IntegrityScore, ScoreEvent, ScoreWeight


@admin.register(ScoreWeight)
class ScoreWeightAdmin(admin.ModelAdmin):
    """The weights, one row per reason and rule ('' = every rule); a reason without a row uses the
    code default."""

    list_display = ("reason", "rule_code", "delta")
    list_filter = ("rule_code",)
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


@admin.register(Blacklisting)
class BlacklistingAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "starts_on", "until", "hazard_id", "created_by")
    list_select_related = ("organisation", "created_by")
    search_fields = ("organisation__name",)
