import csv
import json

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo_server.admin_base import ReadOnlyAdmin
from geo_server.audit.models import SecurityEvent

CSV_COLUMNS = ("time", "event", "user", "username", "ip", "path", "details")


@admin.action(description=_("Export selected events as CSV"))
def export_csv(modeladmin, request, queryset):
    # The byte-order mark makes Excel read the file as UTF-8 (Chinese names stay readable).
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="security-events-{timezone.localdate()}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for event in queryset.select_related("user").order_by("time").iterator(chunk_size=2000):
        writer.writerow([timezone.localtime(event.time).isoformat(), event.event,
                         event.user.get_username() if event.user else "", event.username, event.ip or "",
                         event.path, json.dumps(event.details, ensure_ascii=False)])
    return response


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ("time", "event", "user", "username", "ip", "path")
    list_filter = ("event", ("user", admin.RelatedOnlyFieldListFilter), "time")
    date_hierarchy = "time"
    search_fields = ("username", "ip", "path")
    list_select_related = ("user",)
    actions = [export_csv]
