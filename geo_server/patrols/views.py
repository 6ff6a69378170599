"""Pages: draw or import a zone, a zone's page, and the compliance table."""

from datetime import date, timedelta

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_server.errors import ApiError
from geo_server.accounts.models import User
from geo_server.patrols.calendar import month_calendar
from geo_server.patrols.compliance import compliance_rows
from geo_server.patrols.models import PatrolTask
from geo_server.patrols.zone_files import import_zones
from geo_server.patrols.zones import create_zone, editable_organisation, features_inside, scope_zones


def zone_new(request):
    editable_organisation(request.user)
    error, name = None, request.POST.get("name", "")
    if request.method == "POST":
        try:
            if request.FILES.get("file"):
                zone = import_zones(request.user, request.FILES["file"], name)[0]
            else:
                zone = create_zone(request.user, name, request.POST.get("geometry") or None)
        except ApiError as refused:
            error = refused
        else:
            return redirect("zone-detail", zone.pk)
    return render(request, "patrols/zone_new.html", {
        "error": error, "name": name, "geometry": request.POST.get("geometry", "")}, status=422 if error else 200)


def zone_detail(request, zone_id: int):
    zone = get_object_or_404(scope_zones(request.user).select_related("organisation"), pk=zone_id)
    features, total = features_inside(request.user, zone)
    return render(request, "patrols/zone_detail.html", {"zone": zone, "features": features, "total": total})


def compliance(request):
    return render(request, "patrols/compliance.html", {"rows": compliance_rows(request.user)})


def _month(raw: str, today: date) -> date:
    if not raw:
        return today.replace(day=1)
    year, _dash, month = raw.partition("-")
    return date(int(year), int(month), 1)


def _optional_id(raw: str) -> int | None:
    return int(raw) if raw else None


def calendar_page(request):
    """/zones/calendar/?month=YYYY-MM&zone=<id>&inspector=<id>: due, done and overdue tasks per day."""
    today = timezone.localdate()
    error = None
    try:
        first = _month(request.GET.get("month", ""), today)
        zone_id, inspector_id = _optional_id(request.GET.get("zone", "")), _optional_id(request.GET.get("inspector", ""))
    except ValueError:
        error = _("Give the month as YYYY-MM and the zone and inspector as numbers.")
        first, zone_id, inspector_id = today.replace(day=1), None, None
    if inspector_id is None and "inspector" not in request.GET and request.user.role == User.Role.INSPECTOR:
        inspector_id = request.user.pk  # an inspector first sees their own duties
    zones = scope_zones(request.user)
    tasks = PatrolTask.objects.filter(plan__zone__in=zones.values("id"))
    inspectors = User.objects.filter(pk__in=tasks.values("inspector_id")).order_by("username")
    previous = (first.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return render(request, "patrols/calendar.html", {
        "weeks": month_calendar(request.user, first.year, first.month, today=today, zone_id=zone_id,
                                inspector_id=inspector_id),
        "month": first, "previous": previous, "following": following, "today": today, "error": error,
        "zones": zones.order_by("name"), "inspectors": inspectors, "zone_id": zone_id, "inspector_id": inspector_id,
    }, status=400 if error else 200)
