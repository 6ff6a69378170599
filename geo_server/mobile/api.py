"""The phone's endpoints: GET /api/m/today, POST /api/m/sync (a batch of queued actions) and
POST /api/m/photos (one photo, multipart, under its own UUID)."""

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from geo_server.mobile import photos, sync
from geo_server.mobile.today import today_payload
from geo_server.validation import read_json

_JSON = {"ensure_ascii": False}


@require_GET
def today(request):
    response = JsonResponse(today_payload(request.user, timezone.localdate()), json_dumps_params=_JSON)
    response["Cache-Control"] = "private, no-cache"  # the service worker keeps its own copy for offline use
    return response


@require_POST
def sync_actions(request):
    actions = sync.parse_batch(read_json(request))
    return JsonResponse({"results": sync.apply_batch(request.user, actions)}, json_dumps_params=_JSON)


@require_POST
def photo_upload(request):
    """multipart: id (the photo's UUID), result (the checklist's UUID), item (the item id), file."""
    outcome, http_status = photos.upload(request.user, request.POST, request.FILES)
    return JsonResponse(outcome, status=http_status, json_dumps_params=_JSON)
