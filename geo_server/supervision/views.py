"""Pages: the hazard list and a hazard's detail with its timeline and the user's actions."""

import json

from django.contrib import messages
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.utils import timezone
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from geo_server.errors import ApiError, BadRequest, NotFound
from geo_server.features.kinds import Kind, RiskLevel
from geo_server.supervision import bulk, list_page, listing, notices
from geo_server.supervision.api import parse_transition, row_json
from geo_server.supervision.evidence import evidence_types, label, reply_fields, required_evidence
from geo_server.supervision.hazards import actions_for, apply_transition, get_visible, is_overdue
from geo_server.supervision.photos import store_photo
from geo_server.supervision.recipients import eligible_recipients
from geo_server.supervision.records import timeline, with_details
from geo_server.supervision.rules import rule_title
from geo_server.supervision.states import ACTION_LABELS, CLOSED_STATES, TRANSITIONS, State


def hazard_list_page(request):
    """The list as a table beside a map of the same page of hazards, with sort and export links."""
    try:
        list_page.page_size(request.GET)  # the page's own bound, tighter than the API's
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
        "map_config": list_page.map_config(), "page_sizes": list_page.PAGE_SIZES,
        "page_size": _page_size(query), "back": list_page.safe_back(query.urlencode()),
        "next_query": urlencode({**list_page.kept(query), "after": following}) if following else "",
        "first_query": urlencode(list_page.kept(query)) if query.get("after") else None,
    })


def _page_size(query) -> int:
    try:
        return list_page.page_size(query)
    except ApiError:
        return list_page.DEFAULT_PAGE_SIZE


def _labelled(row: dict) -> dict:
    """The API's codes with their labels and the message in the page's language."""
    language = "en" if get_language().startswith("en") else "zh"
    return {**row, "level_label": RiskLevel[row["level"].upper()].label, "state_label": State(row["state"]).label,
            "kind_label": Kind(row["kind"]).label, "message_text": row["message"][language],
            "rule_title": rule_title(row["rule"])}


@require_POST
def selected_hazards(request):
    """The list's bulk actions on the ticked rows: dispatch them all or none (bulk.dispatch_many) and
    come back to the same filters, or export them through the layers export (a redirect to it)."""
    action = request.POST.get("bulk_action")
    back = f"{reverse('hazard-list-page')}?{list_page.safe_back(request.POST.get('back'))}"
    try:
        ids = bulk.parse_ids(request.POST.getlist("ids"))
        if action in dict(list_page.EXPORT_FORMATS):
            return redirect(list_page.selected_export_url(ids, action))
        if action != "dispatch":
            raise BadRequest(_("Choose dispatch or an export format."), code="invalid_action")
        moved = bulk.dispatch_many(request.user, ids)
    except ApiError as error:
        hazard = error.details.get("hazard")
        messages.error(request, _("Nothing was dispatched: hazard %(hazard)s: %(message)s")
                       % {"hazard": hazard, "message": error.message} if hazard else error.message)
    else:
        messages.success(request, _("%(count)s hazards dispatched.") % {"count": len(moved)})
    return redirect(back)


def hazard_page(request, hazard_id: int):
    try:
        hazard = get_visible(request.user, hazard_id)
    except NotFound:
        raise Http404(_("No such hazard, or not yours to see.")) from None
    if request.method == "POST":
        return _transition_from_form(request, hazard)
    return render(request, "supervision/hazard_detail.html", _detail_context(request.user, hazard))


def _detail_context(user, hazard) -> dict:
    required = required_evidence(hazard.rule_code)
    photos = list(hazard.photos.select_related("uploaded_by").order_by("uploaded_at", "id"))
    language = "en" if get_language().startswith("en") else "zh"
    return {
        "hazard": hazard, "message": hazard.message_en if language == "en" else hazard.message_zh,
        "overdue": is_overdue(hazard), "notice": notices.latest(hazard),
        "forms": action_forms(actions_for(user, hazard), required),
        "evidence_required": [label(name) for name in required],
        "timeline": timeline(with_details(hazard.events.all()).order_by("at", "id")),
        "photos": photos,
        # Photos uploaded ahead (the API, the phone page) by the user's side, waiting for a reply.
        "pending_photos": [p for p in photos if p.event_id is None and p.uploaded_by is not None
                           and (p.uploaded_by_id == user.pk or (user.organisation_id and
                                p.uploaded_by.organisation_id == user.organisation_id))],
        "organisations": eligible_recipients(hazard).order_by("type", "name").only("pk", "name"),
        "map_data": {
            "hazard": json.loads(hazard.geom.json),
            "photos": [{"lon": p.location.x, "lat": p.location.y, "thumbnail": p.thumbnail.url, "url": p.image.url,
                        "taken_at": timezone.localtime(p.taken_at).strftime("%Y-%m-%d %H:%M") if p.taken_at else ""}
                       for p in photos if p.location is not None],
        },
    }


# Fields each action's form shows besides the reason; `requires` in states.TRANSITIONS marks which
# are mandatory, so the table stays the one source of what an action needs.
_FORM_FIELDS = {"dispatch": ("deadline", "organisation"), "extend": ("deadline",), "refer": ("organisation",),
                "reply": ("photos",)}


def action_forms(actions: list[str], required_evidence_names: tuple[str, ...]) -> list[dict]:
    """Each action's form; a reply's also asks for the evidence fields the hazard's rule requires
    (e.g. a dangerous building's re-appraisal grade), as a choice when the type lists choices."""
    types = evidence_types()
    forms = []
    for action in actions:
        fields = set(_FORM_FIELDS.get(action, ()))
        evidence_fields = []
        if action == "reply":
            for name in required_evidence_names:
                evidence_type = types.get(name)
                if evidence_type is not None and evidence_type.reply_field:
                    fields.add(evidence_type.reply_field)
                    evidence_fields.append({"name": evidence_type.reply_field, "choices": evidence_type.choices,
                                            "label": evidence_type.reply_label or evidence_type.label})
        needs = set(TRANSITIONS[action].requires)
        forms.append({"action": action, "label": ACTION_LABELS[action], "fields": fields,
                      "evidence_fields": evidence_fields,
                      "reason_required": "reason" in needs, "deadline_required": "deadline" in needs,
                      "organisation_required": "organisation" in needs,
                      "ends": TRANSITIONS[action].target in CLOSED_STATES})
    return forms


def _transition_from_form(request, hazard):
    form = request.POST
    body = {"action": form.get("action"), "reason": form.get("reason"), "deadline": form.get("deadline") or None,
            **{field: form.get(field) or None for field in reply_fields()}}
    stored = []
    try:
        body["version"] = int(form.get("version", ""))
        if form.get("organisation"):
            body["organisation"] = int(form["organisation"])
        if form.getlist("photo_ids"):
            body["photos"] = [int(i) for i in form.getlist("photo_ids")]  # uploaded ahead, ticked in the form
        action, payload, version = parse_transition(body)
        with transaction.atomic():
            # Files chosen in the form are stored first, then the transition names them; if it is
            # refused, the rows roll back and the files are removed below.
            stored = [store_photo(upload, request.user, hazard=hazard) for upload in request.FILES.getlist("photos")]
            if stored or payload.get("photos"):
                payload["photos"] = payload.get("photos", []) + [photo.pk for photo in stored]
            apply_transition(request.user, hazard.pk, action, payload, version)
    except ValueError:
        messages.error(request, _("version, organisation and photos must be numbers."))
    except ApiError as error:
        for photo in stored:
            default_storage.delete(photo.image.name)
            default_storage.delete(photo.thumbnail.name)
        messages.error(request, error.message)
    return redirect("hazard-page", hazard.pk)
