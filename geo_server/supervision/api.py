"""The hazard JSON API: GET /api/hazards, GET /api/hazards/<id>, POST /api/hazards/<id>/transitions,
POST /api/hazards/dispatch (many at once)."""

import json
from datetime import date

from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from geo_server.errors import BadRequest
from geo_server.features.kinds import RiskLevel
from geo_server.supervision import bulk, listing, notices
from geo_server.supervision.evidence import reply_fields, required_evidence
from geo_server.supervision.hazards import actions_for, apply_transition, get_visible
from geo_server.supervision.photos import photo_json
from geo_server.supervision.states import CLOSED_STATES
from geo_server.validation import read_json

_JSON = {"ensure_ascii": False}


def row_json(row: dict, today: date) -> dict:
    open_ = row["state"] not in CLOSED_STATES
    return {
        "id": row["id"], "feature": {"id": row["feature_id"], "code": row["feature__code"], "name": row["feature__name"]},
        "kind": row["kind"], "rule": row["rule_code"], "subject": row["subject"], "level": RiskLevel(row["level"]).name.lower(),
        "state": row["state"], "message": {"zh": row["message_zh"], "en": row["message_en"]},
        "district": {"code": row["district__code"], "name": row["district__name"]} if row["district__code"] else None,
        "organisation": ({"id": row["responsible_organisation_id"], "name": row["responsible_organisation__name"]}
                         if row["responsible_organisation_id"] else None),
        "deadline": row["deadline"].isoformat() if row["deadline"] else None,
        "overdue": open_ and row["deadline"] is not None and row["deadline"] < today,
        "age_days": (today - timezone.localdate(row["created_at"])).days,
        "version": row["version"], "created_at": row["created_at"].isoformat(),
    }


@require_GET
def hazard_list(request):
    rows, following = listing.page(request.user, request.GET)
    today = timezone.localdate()
    links = []
    if following is not None:
        links.append({"rel": "next", "href": f"{reverse('hazard-list')}?"
                      f"{urlencode({**request.GET.dict(), 'after': following})}"})
    return JsonResponse({"hazards": [row_json(r, today) for r in rows], "numberReturned": len(rows),
                         "links": links}, json_dumps_params=_JSON)


def detail_json(user, hazard) -> dict:
    row = listing.filtered(user, {}).filter(pk=hazard.pk).values(*listing.COLUMNS).get()
    events = hazard.events.select_related("actor").order_by("at", "id")
    return {
        **row_json(row, timezone.localdate()),
        "geometry": json.loads(hazard.geom.json),
        "allowed_actions": actions_for(user, hazard),
        "timeline": [{"at": e.at.isoformat(), "actor": e.actor.username if e.actor else None, "action": e.action,
                      "from": e.from_state, "to": e.to_state, "reason": e.reason, "data": e.data} for e in events],
        "evidence_required": list(required_evidence(hazard.rule_code)),
        "notice": _notice_json(notices.latest(hazard)),
        "photos": [photo_json(p) for p in hazard.photos.select_related("uploaded_by")],
    }


def _notice_json(notice) -> dict | None:
    if notice is None:
        return None
    return {"number": notice.number, "issued_at": notice.issued_at.isoformat(),
            "deadline": notice.deadline.isoformat() if notice.deadline else None,
            "html": reverse("hazard-notice", args=[notice.hazard_id]),
            "pdf": reverse("hazard-notice-pdf", args=[notice.hazard_id])}


@require_GET
def hazard_detail(request, hazard_id: int):
    return JsonResponse(detail_json(request.user, get_visible(request.user, hazard_id)), json_dumps_params=_JSON)


def parse_transition(body) -> tuple[str, dict, int]:
    """{"action", "version", "reason"?, "deadline"? (YYYY-MM-DD), "organisation"? (id), "photos"? (ids of
    photos uploaded to the hazard), and a reply's evidence fields, e.g. "payment_ids"?}: every
    registered evidence type's reply field, checked and normalised by evidence.check."""
    if not isinstance(body, dict):
        raise BadRequest(_("Send a JSON object with action and version."), code="bad_json")
    action, version = body.get("action"), body.get("version")
    if not isinstance(action, str) or not action:
        raise BadRequest(_("action is required."), code="action_required")
    if isinstance(version, bool) or not isinstance(version, int):
        raise BadRequest(_("version (the hazard version you saw) is required."), code="version_required")
    payload = {"reason": body.get("reason") or ""}
    if not isinstance(payload["reason"], str):
        raise BadRequest(_("reason must be text."), code="invalid_reason")
    payload["reason"] = payload["reason"].strip()
    if body.get("deadline") is not None:
        try:
            payload["deadline"] = date.fromisoformat(body["deadline"])
        except (TypeError, ValueError):
            raise BadRequest(_("deadline must be a date, YYYY-MM-DD."), code="invalid_deadline") from None
    if body.get("photos") is not None:
        payload["photos"] = body["photos"]  # photo ids, checked by evidence.check
    for field in reply_fields():
        if body.get(field):
            payload[field] = str(body[field]).strip()
    organisation = body.get("organisation")
    if organisation is not None:
        if isinstance(organisation, bool) or not isinstance(organisation, int):
            raise BadRequest(_("organisation must be an organisation id."), code="invalid_organisation")
        payload["organisation"] = organisation
    return action, payload, version


@require_POST
def hazard_transition(request, hazard_id: int):
    action, payload, version = parse_transition(read_json(request))
    hazard = apply_transition(request.user, hazard_id, action, payload, version)
    return JsonResponse(detail_json(request.user, hazard), json_dumps_params=_JSON)


@require_POST
def hazard_dispatch_many(request):
    """{"ids": [...], "deadline"? (YYYY-MM-DD), "reason"?}: all dispatched, or none (bulk.dispatch_many)."""
    body = read_json(request)
    if not isinstance(body, dict):
        raise BadRequest(_("Send a JSON object with ids."), code="bad_json")
    ids = bulk.parse_ids(body.get("ids"))
    _action, payload, _version = parse_transition({**body, "action": "dispatch", "version": 0})
    moved = bulk.dispatch_many(request.user, ids, deadline=payload.get("deadline"), reason=payload["reason"])
    today = timezone.localdate()
    rows = (listing.filtered(request.user, {}).filter(pk__in=[h.pk for h in moved]).order_by("id")
            .values(*listing.COLUMNS))
    return JsonResponse({"dispatched": [row_json(r, today) for r in rows], "numberDispatched": len(moved)},
                        json_dumps_params=_JSON)
