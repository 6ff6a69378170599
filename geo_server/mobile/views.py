"""The phone page /m/ and its service worker /m/sw.js (scope /m/)."""

import hashlib
from functools import lru_cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.templatetags.static import static

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie

from geo_server.features.kinds import Kind, RiskLevel
from geo_server.supervision.states import ACTION_LABELS, State

# The static files the service worker keeps; their content names its cache, so a changed script
# makes installed phones drop the old shell and fetch the new one.
SHELL_STATIC = ("leaflet/leaflet.js", "leaflet/leaflet.css", "geo_server/dom.js", "geo_server/site.js",
                "geo_server/mobile.js", "geo_server/mobile.css")


@lru_cache(maxsize=1)
def shell_version() -> str:
    digest = hashlib.sha256()
    for path in SHELL_STATIC:
        found = finders.find(path)
        digest.update(Path(found).read_bytes() if found else path.encode())
    return digest.hexdigest()[:12]


def strings() -> dict:
    """The words mobile.js shows, in the page's language."""
    return {
        "pass": _("Pass"), "fail": _("Fail"), "na": _("N/A"), "note": _("Note"), "photos": _("Photos"),
        "online": _("Online"), "offline": _("Offline"), "queued": _("waiting to sync"),
        "syncing": _("Syncing…"), "synced": _("All synced"), "no_tasks": _("No patrol tasks today."),
        "start_here": _("Start patrol here"), "patrolling": _("Patrolling"), "fixes": _("GPS fixes"),
        "no_gps": _("This device gives no position; the patrol is recorded without a track."),
        "gps_error": _("Position unavailable"), "due": _("due"), "done": _("done"), "overdue": _("overdue"),
        "saved": _("Checklist saved on this phone; it syncs when online."), "answer_one": _("Answer at least one item."),
        "clause": _("Clause"), "open_hazards": _("Open hazards"), "none": _("None"),
        "conflict": _("Changed on the server meanwhile"), "error": _("Not accepted by the server"),
        "server_now": _("Server now"), "discard": _("Discard mine"), "resend": _("Send mine again"),
        "retry": _("Retry"), "login_again": _("Your session has ended: log in again to sync."),
        "finished": _("Patrol finished; it syncs when online."), "version": _("version"),
        "stage": _("Stage"), "risk": _("Risk"), "patrol_result": _("Patrol judged"), "valid": _("counts"),
        "not_valid": _("does not count"), "photo_waiting": _("photo waiting"), "choose_zone": _("Choose a task to start a patrol."),
        "documents": _("Site documents"), "notice_saved": _("Notice saved on this phone; it is issued when online."),
        "notice_issued": _("Rectification notice issued"), "finding_needed": _("Write what you found."),
        "save_record": _("Save record"), "record_saved": _("Record saved on this phone; it syncs when online."),
        "record_synced": _("Record synced"), "kept_offline": _("(kept on this phone)"),
        "kinds": {k.value: str(k.label) for k in Kind}, "levels": {str(r.value): str(r.label) for r in RiskLevel},
        "states": {s.value: str(s.label) for s in State},
        "actions": {action: str(label) for action, label in ACTION_LABELS.items()},
    }


@ensure_csrf_cookie
def page(request):
    return render(request, "mobile/index.html", {"strings": strings()})


@never_cache
def service_worker(request):
    response = render(request, "mobile/sw.js", {"shell_version": shell_version(),
                                                "shell_static": [static(path) for path in SHELL_STATIC]},
                      content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/m/"
    return response
