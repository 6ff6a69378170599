"""Pages: the hazard list and a hazard's detail with its timeline and the user's actions."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from geo_server.errors import ApiError, NotFound
from geo_server.features.kinds import RiskLevel
from geo_server.supervision import listing
from geo_server.supervision.api import parse_transition, row_json
from geo_server.supervision.hazards import actions_for, apply_transition, get_visible
from geo_server.supervision.photos import store_photo
from geo_server.supervision.states import State


def hazard_list_page(request):
    try:
        rows, following = listing.page(request.user, request.GET)
    except ApiError as error:
        messages.error(request, error.message)
        rows, following = [], None
    today = timezone.localdate()
    return render(request, "supervision/hazard_list.html",
                  {"hazards": [_labelled(row_json(r, today)) for r in rows], "following": following,
                   "query": request.GET})


def _labelled(row: dict) -> dict:
    """The API's codes with their labels and the message in the page's language."""
    language = "en" if get_language().startswith("en") else "zh"
    return {**row, "level_label": RiskLevel[row["level"].upper()].label, "state_label": State(row["state"]).label,
            "message_text": row["message"][language]}


def hazard_page(request, hazard_id: int):
    try:
        hazard = get_visible(request.user, hazard_id)
    except NotFound:
        raise Http404("No such hazard, or not yours to see.") from None
    if request.method == "POST":
        return _transition_from_form(request, hazard)
    context = {"hazard": hazard, "actions": actions_for(request.user, hazard),
               "events": hazard.events.select_related("actor").order_by("at", "id")}
    return render(request, "supervision/hazard_detail.html", context)


def _transition_from_form(request, hazard):
    form = request.POST
    body = {"action": form.get("action"), "reason": form.get("reason"), "deadline": form.get("deadline") or None,
            "reappraisal_grade": form.get("reappraisal_grade") or None}
    stored = []
    try:
        body["version"] = int(form.get("version", ""))
        if form.get("organisation"):
            body["organisation"] = int(form["organisation"])
        action, payload, version = parse_transition(body)
        with transaction.atomic():
            # Files chosen in the form are stored first, then the transition names them; if it is
            # refused, the rows roll back and the files are removed below.
            stored = [store_photo(upload, request.user, hazard=hazard) for upload in request.FILES.getlist("photos")]
            if stored:
                payload["photos"] = [photo.pk for photo in stored]
            apply_transition(request.user, hazard.pk, action, payload, version)
    except ValueError:
        messages.error(request, _("version and organisation must be numbers."))
    except ApiError as error:
        for photo in stored:
            default_storage.delete(photo.image.name)
            default_storage.delete(photo.thumbnail.name)
        messages.error(request, error.message)
    return redirect("hazard-page", hazard.pk)
