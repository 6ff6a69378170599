"""Pages: the hazard list and a hazard's detail with its timeline and the user's actions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language

from geo_server.errors import ApiError, NotFound
from geo_server.features.kinds import Kind, RiskLevel
from geo_server.supervision import list_page, listing
from geo_server.supervision.api import parse_transition, row_json
from geo_server.supervision.hazards import actions_for, apply_transition, get_visible
from geo_server.supervision.states import State


def hazard_list_page(request):
    """The list as a table beside a map of the same page of hazards, with sort and export links."""
    try:
        rows, following = listing.page(request.user, request.GET)
    except ApiError as error:
        messages.error(request, error.message)
        rows, following = [], None
    today = timezone.localdate()
    hazards = [_labelled(row_json(r, today)) for r in rows]
    query = request.GET
    return render(request, "supervision/hazard_list.html", {
        "hazards": hazards, "query": query, "choices": list_page.choices(), "sorts": list_page.sort_links(query),
        "exports": list_page.export_links(query), "map_data": list_page.map_data(hazards),
        "map_config": list_page.map_config(),
        "next_query": urlencode({**list_page.kept(query), "after": following}) if following else "",
        "first_query": urlencode(list_page.kept(query)) if query.get("after") else None,
    })


def _labelled(row: dict) -> dict:
    """The API's codes with their labels and the message in the page's language."""
    language = "en" if get_language().startswith("en") else "zh"
    return {**row, "level_label": RiskLevel[row["level"].upper()].label, "state_label": State(row["state"]).label,
            "kind_label": Kind(row["kind"]).label, "message_text": row["message"][language]}


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
    body = {"action": form.get("action"), "reason": form.get("reason"), "deadline": form.get("deadline") or None}
    try:
        body["version"] = int(form.get("version", ""))
        if form.get("organisation"):
            body["organisation"] = int(form["organisation"])
        action, payload, version = parse_transition(body)
        apply_transition(request.user, hazard.pk, action, payload, version)
    except ValueError:
        messages.error(request, "version and organisation must be numbers.")
    except ApiError as error:
        messages.error(request, error.message)
    return redirect("hazard-page", hazard.pk)
