"""Pages: draw or import a zone, a zone's page, and the compliance table."""

import json

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from geo_server.errors import ApiError
from geo_server.patrols import calendar
from geo_server.patrols.compliance import STATUS_LABELS, compliance_rows, current_status, walked_days, zone_totals
from geo_server.patrols.zone_files import import_zones
from geo_server.patrols.periods import Period
from geo_server.patrols.plans import required_frequencies
from geo_server.patrols.zones import create_zone, editable_organisation, features_inside, scope_zones, update_zone


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


def zone_edit(request, zone_id: int):
    """Redraw or rename a zone: the same form and checks as a new one, prefilled."""
    zone = get_object_or_404(scope_zones(request.user), pk=zone_id)
    editable_organisation(request.user)
    error = None
    # A one-part zone goes to the editor as a Polygon: leaflet.draw edits polygons, not multi-polygons.
    outline = zone.geom[0].json if len(zone.geom) == 1 else zone.geom.json
    name, geometry = request.POST.get("name", zone.name), request.POST.get("geometry", outline)
    if request.method == "POST":
        try:
            update_zone(request.user, zone, name, geometry or None)
        except ApiError as refused:
            error = refused
        else:
            return redirect("zone-detail", zone.pk)
    return render(request, "patrols/zone_new.html", {"zone": zone, "error": error, "name": name,
                                                     "geometry": geometry}, status=422 if error else 200)


def zone_detail(request, zone_id: int):
    zone = get_object_or_404(scope_zones(request.user).select_related("organisation"), pk=zone_id)
    features, total = features_inside(request.user, zone)
    plan = getattr(zone, "plan", None)
    frequency = required_frequencies([zone.pk]).get(zone.pk)
    return render(request, "patrols/zone_detail.html", {
        "zone": zone, "features": features, "total": total, "plan": plan,
        "inspectors": list(plan.inspectors.all()) if plan else [],
        "frequency": frequency, "period_label": Period(frequency.period).label if frequency else "",
        "can_edit": zone.organisation_id == request.user.organisation_id and _may_edit(request.user)})


def _may_edit(user) -> bool:
    try:
        editable_organisation(user)
    except ApiError:
        return False
    return True


def zone_calendar(request):
    """A month of patrol duties: tasks on their due day (due, done, overdue) and the valid patrols walked."""
    today = timezone.localdate()
    try:
        first = calendar.parse_month(request.GET.get("month"), today)
    except ApiError as error:
        return render(request, "patrols/calendar.html", {"error": error}, status=400)
    after = calendar.shift_month(first, 1)
    rows = [row for row in compliance_rows(request.user, today)
            if first <= row.ends_before and row.starts_on < after]
    weeks = calendar.month_weeks(first, rows, walked_days(request.user, first, after))
    return render(request, "patrols/calendar.html", {
        "first": first, "weeks": weeks, "today": today,
        "previous": calendar.shift_month(first, -1).strftime("%Y-%m"), "next": after.strftime("%Y-%m")})


def compliance(request):
    """Tasks per zone and inspector, summed per district and per inspector, and the zones on a map
    coloured by their current status."""
    today = timezone.localdate()
    rows = compliance_rows(request.user, today)
    status = current_status(rows, today)
    zones = scope_zones(request.user).filter(pk__in=status.keys())
    features = [{"type": "Feature", "id": zone.pk, "geometry": json.loads(zone.geom.json),
                 "properties": {"name": zone.name, "status": status[zone.pk], "label": str(STATUS_LABELS[status[zone.pk]]),
                                "url": reverse("zone-detail", args=[zone.pk])}} for zone in zones]
    return render(request, "patrols/compliance.html", {
        "rows": rows, "by_district": sorted(zone_totals(rows, lambda r: r.district), key=lambda t: t["name"]),
        "by_inspector": sorted(zone_totals(rows, lambda r: r.inspector), key=lambda t: t["name"]),
        "zones": {"type": "FeatureCollection", "features": features}})
