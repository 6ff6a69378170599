"""Pages: the compliance table, a chief's task list, and the patrol upload form."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from basins.api import visible_reach
from basins.compliance import chief_tasks, totals, visible_compliance
from basins.patrols import record_patrol
from geo_server.patrols.tracks import track_from_geojson, track_from_gpx
from geo_server.errors import ApiError
from geo_server.patrols.judging import reasons_for_language

MAX_TRACK_BYTES = 5 * 1024 * 1024


def compliance(request):
    rows = visible_compliance(request.user)
    return render(request, "basins/compliance.html", {
        "rows": rows,
        "districts": totals(rows, lambda r: r.district),
        "chiefs": totals(rows, lambda r: r.chief),
        "tasks": chief_tasks(request.user),
    })


def _track_from_upload(upload):
    if upload is None:
        raise ApiError(_("Choose a GeoJSON or GPX file."), code="no_file")
    if upload.size > MAX_TRACK_BYTES:
        raise ApiError(_("The file is larger than 5 MB."), code="file_too_large")
    text = upload.read().decode("utf-8", errors="replace")
    return track_from_gpx(text) if upload.name.lower().endswith(".gpx") else track_from_geojson(text)


def patrol_upload(request):
    if request.method == "POST":
        try:
            reach = visible_reach(request.user, int(request.POST.get("reach") or 0))
            patrol = record_patrol(request.user, reach, _track_from_upload(request.FILES.get("track")))
        except (ApiError, ValueError) as error:
            messages.error(request, getattr(error, "message", str(error)))
        else:
            level = messages.SUCCESS if patrol.valid else messages.WARNING
            messages.add_message(request, level, "; ".join(reasons_for_language(patrol.reasons, patrol.reasons_zh)))
            return redirect("feature-record", reach.pk)
    return render(request, "basins/patrol_upload.html", {
        "tasks": chief_tasks(request.user), "reach": request.GET.get("reach", "")})
