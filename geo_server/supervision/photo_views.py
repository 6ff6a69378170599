"""Photo upload to a hazard (POST /api/hazards/<id>/photos) and the checked media route (/media/<name>)."""

from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from geo_server.errors import BadRequest, Conflict, Forbidden
from geo_server.supervision.hazards import get_visible, sides
from geo_server.supervision.photos import max_bytes, photo_json, store_photo, too_large, visible_photos
from geo_server.supervision.states import CLOSED_STATES

_JSON = {"ensure_ascii": False}
# Room for the multipart envelope and the other fields around the one photo.
_ENVELOPE_BYTES = 64 * 1024


def may_add_photos(user, hazard) -> bool:
    """Either side of the loop may add photos to an open hazard: the responsible organisation as its
    reply's evidence, the supervisor from an inspection."""
    return hazard.state not in CLOSED_STATES and bool(sides(user, hazard))


@require_http_methods(["GET", "POST"])
def hazard_photos(request, hazard_id: int):
    hazard = get_visible(request.user, hazard_id)
    if request.method == "GET":
        photos = hazard.photos.select_related("uploaded_by").order_by("uploaded_at", "id")
        return JsonResponse({"photos": [photo_json(p) for p in photos]}, json_dumps_params=_JSON)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > max_bytes() + _ENVELOPE_BYTES:
        raise too_large(declared, max_bytes())  # before Django spools the body to disk
    if hazard.state in CLOSED_STATES:
        raise Conflict(_("The hazard is closed; no more photos."), code="hazard_closed")
    if not may_add_photos(request.user, hazard):
        raise Forbidden(_("You may not add photos to this hazard."), code="not_allowed")
    upload = request.FILES.get("photo")
    if upload is None:
        raise BadRequest(_("Send the photo as the multipart field 'photo'."), code="photo_required")
    photo = store_photo(upload, request.user, hazard=hazard, client_id=request.POST.get("client_id") or None)
    if photo.hazard_id != hazard.pk:
        raise Conflict(_("This client_id was used for a photo of another hazard."), code="client_id_taken")
    status = 200 if getattr(photo, "replayed", False) else 201
    return JsonResponse(photo_json(photo), status=status, json_dumps_params=_JSON)


@require_GET
def media(request, name: str):
    """A stored photo or thumbnail, for users who may see the photo's hazard; 404 for everyone else."""
    photo = visible_photos(request.user).filter(Q(image=name) | Q(thumbnail=name)).first()
    if photo is None or not default_storage.exists(name):
        raise Http404(_("No such photo, or not yours to see."))
    content_type = photo.content_type if name == photo.image.name else "image/jpeg"
    response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=86400"
    return response
