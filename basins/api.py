"""Machine endpoints: bulk samples (POST /api/samples), patrol tracks (POST /api/patrols), a chief's tasks."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from basins.compliance import chief_task_rows
from basins.imports import import_samples
from basins.patrols import record_patrol
from geo_server.patrols.tracks import make_track
from geo_server.errors import BadRequest, NotFound, PayloadTooLarge
from geo_server.features.models import Feature
from geo_server.features.scoping import scope_features
from geo_server.validation import read_json

MAX_SAMPLES = 10_000


@require_POST
def samples(request):
    """A JSON list of samples; ?partial=1 saves the good ones and lists the bad ones."""
    rows = read_json(request)
    if not isinstance(rows, list):
        raise BadRequest(_("Send a JSON list of samples."), code="bad_json")
    if len(rows) > MAX_SAMPLES:
        raise PayloadTooLarge(_("At most %(max_samples)s samples per request.") % {"max_samples": MAX_SAMPLES})
    outcome = import_samples(enumerate(rows), user=request.user, position_name="index",
                             partial=request.GET.get("partial") == "1")
    return JsonResponse(outcome.as_dict(), status=201 if outcome.added else 200)


def visible_reach(user, reach_id) -> Feature:
    if isinstance(reach_id, bool) or not isinstance(reach_id, int):
        raise BadRequest(_("reach must be a feature id."), code="bad_reach")
    reach = scope_features(user).filter(pk=reach_id, kind="river_reach").first()
    if reach is None:
        raise NotFound(_("No such river reach, or not within your jurisdiction."))
    return reach


def patrol_json(patrol) -> dict:
    return {"id": patrol.pk, "reach": patrol.reach_id, "valid": patrol.valid, "reasons": patrol.reasons, "reasons_zh": patrol.reasons_zh,
            "length_m": round(patrol.length_m, 1), "near_share": round(patrol.coverage, 3),
            "started_at": patrol.started_at.isoformat(), "ended_at": patrol.ended_at.isoformat()}


@require_POST
def patrols(request):
    """{"reach": id, "track": GeoJSON LineString, "times": [ISO 8601 per vertex]}."""
    body = read_json(request)
    if not isinstance(body, dict):
        raise BadRequest(_("Send a JSON object with reach, track and times."), code="bad_json")
    reach = visible_reach(request.user, body.get("reach"))
    patrol = record_patrol(request.user, reach, make_track(body.get("track"), body.get("times")))
    return JsonResponse(patrol_json(patrol), status=201)


@require_GET
def my_tasks(request):
    return JsonResponse({"tasks": chief_task_rows(request.user)}, json_dumps_params={"ensure_ascii": False})
