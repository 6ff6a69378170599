from django.contrib import admin

from geo_server.mobile.models import SyncAction
from geo_server.patrols.models import PatrolSession


@admin.register(SyncAction)
class SyncActionAdmin(admin.ModelAdmin):
    """What phones synced, read-only: the record that makes a replayed action a duplicate."""

    list_display = ("client_id", "user", "type", "applied_at")
    list_filter = ("type",)
    search_fields = ("client_id",)
    readonly_fields = ("client_id", "user", "type", "result", "applied_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PatrolSession)
class PatrolSessionAdmin(admin.ModelAdmin):
    list_display = ("client_id", "zone", "inspector", "started_at", "finished_at", "patrol")
    readonly_fields = ("client_id", "zone", "inspector", "started_at", "points", "finished_at", "patrol")

    def has_add_permission(self, request):
        return False
