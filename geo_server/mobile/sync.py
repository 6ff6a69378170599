"""Applying the phone's queued actions: in order, each atomic, each once.

Every action carries the phone's UUID `id`. An applied action is stored (SyncAction) in the same
transaction as its effect, so "applied" and "logged" cannot part: a replay of the id answers
`duplicate` with the stored result. An action that could not be applied is not stored: `conflict`
(the record changed on the server since the phone saw it; the server's current values come back
and nothing is overwritten) or `error` (code and message); the phone shows both to the user.

Action types and their fields (times ISO 8601):
  start_patrol       patrol (UUID, default id), zone, started_at
  track_points       patrol, points [[lon, lat, time], ...]
  finish_patrol      patrol, finished_at
  checklist_result   result (UUID, default id), template, feature, filled_at, answers, patrol?;
                     version (the one seen) to edit a checklist already sent
  hazard_transition  hazard, action, version, reason?, deadline?, organisation?
  issue_notice       feature, finding, deadline?, level? (1-3, default 2): a numbered notice issued on
                     site (site_notices.py)
  <a sector's form>  feature and the form's fields (Sector.phone_forms: a building's census entry,
                     a curtain-wall inspection), applied by the sector's own `apply`
  photo              (multipart, POST /api/m/photos) result, item, file; or notice (the issue_notice
                     action's id) and file; or record (a sector form's action id) and file
"""

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from geo_server.checklists import results as checklists
from geo_server.errors import ApiError, BadRequest, Conflict, PayloadTooLarge
from geo_server.mobile.models import SyncAction
from geo_server.mobile.site_notices import issue_on_site
from geo_server.patrols import sessions
from geo_server.patrols.tracks import parse_time
from geo_server.sector import PhoneForm, sectors
from geo_server.supervision.api import parse_transition
from geo_server.supervision.hazards import actions_for, apply_transition, get_visible

MAX_ACTIONS = 200


def parse_uuid(value, field: str) -> UUID:
    try:
        if isinstance(value, str):
            return UUID(value)
    except ValueError:
        pass
    raise BadRequest(_("%(field)s must be a UUID.") % {"field": field}, code=f"invalid_{field}")


def _time(value, field: str) -> datetime:
    try:
        return parse_time(value, field)
    except (ValueError, AttributeError):
        raise BadRequest(_("%(field)s must be an ISO 8601 time.") % {"field": field}, code=f"invalid_{field}") from None


def _int(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRequest(_("%(field)s must be an integer id.") % {"field": field}, code=f"invalid_{field}")
    return value


# -- handlers: (user, action) -> result dict; raise ApiError to refuse --------------------------------

def start_patrol(user, action: dict) -> dict:
    patrol_id = parse_uuid(action.get("patrol", action["id"]), "patrol")
    session = sessions.start_session(user, action.get("zone"), patrol_id, _time(action.get("started_at"), "started_at"))
    return {"patrol": str(session.client_id), "zone": session.zone_id}


def track_points(user, action: dict) -> dict:
    session = sessions.add_points(user, parse_uuid(action.get("patrol"), "patrol"), action.get("points"))
    return {"patrol": str(session.client_id), "points": len(session.points)}


def finish_patrol(user, action: dict) -> dict:
    patrol = sessions.finish_session(user, parse_uuid(action.get("patrol"), "patrol"),
                                     _time(action.get("finished_at"), "finished_at"))
    return {"patrol": str(action["patrol"]), "zone_patrol": patrol.pk, "valid": patrol.valid,
            "reasons": patrol.reasons, "reasons_zh": patrol.reasons_zh, "length_m": round(patrol.length_m, 1),
            "inside_share": round(patrol.coverage, 3)}


def checklist_result(user, action: dict) -> dict:
    result_id = parse_uuid(action.get("result", action["id"]), "result")
    answers = checklists.parse_answers(action.get("answers"))
    filled_at = _time(action.get("filled_at"), "filled_at")
    if "version" in action:
        result = checklists.amend_result(user, result_id, _int(action["version"], "version"), filled_at, answers)
    else:
        feature = checklists.visible_feature(user, action.get("feature"))
        template = checklists.active_template(action.get("template"), feature)
        session = sessions.own_session(user, parse_uuid(action["patrol"], "patrol")) if action.get("patrol") else None
        result = checklists.record_result(user, template=template, feature=feature, client_id=result_id,
                                          filled_at=filled_at, answers=answers, session=session)
    return checklists.result_json(result)


def _hazard_now(user, hazard_id: int) -> dict:
    hazard = get_visible(user, hazard_id)
    return {"hazard": hazard.pk, "version": hazard.version, "state": hazard.state, "level": hazard.level,
            "deadline": hazard.deadline.isoformat() if hazard.deadline else None,
            "responsible_organisation": hazard.responsible_organisation_id,
            "allowed_actions": actions_for(user, hazard)}


def hazard_transition(user, action: dict) -> dict:
    hazard_id = _int(action.get("hazard"), "hazard")
    verb, payload, version = parse_transition({k: v for k, v in action.items() if k not in ("id", "type", "hazard")})
    try:
        apply_transition(user, hazard_id, verb, payload, version)
    except Conflict as conflict:
        raise Conflict(conflict.message, code=conflict.code, details={"current": _hazard_now(user, hazard_id)}) from None
    return _hazard_now(user, hazard_id)


HANDLERS: dict[str, Callable[[object, dict], dict]] = {
    "start_patrol": start_patrol,
    "track_points": track_points,
    "finish_patrol": finish_patrol,
    "checklist_result": checklist_result,
    "hazard_transition": hazard_transition,
    "issue_notice": issue_on_site,
}


def phone_forms() -> dict[str, PhoneForm]:
    """The records sectors let the phone take, by action type (the core's own types win)."""
    return {form.action: form for sector in sectors() for form in sector.phone_forms if form.action not in HANDLERS}


def handlers() -> dict[str, Callable[[object, dict], dict]]:
    return {**HANDLERS, **{action: form.apply for action, form in phone_forms().items()}}


# -- the envelope and the per-action loop ------------------------------------------------------------

def parse_batch(body) -> list[dict]:
    """{"actions": [{"id": UUID, "type": ..., ...}, ...]}: a malformed envelope refuses the whole batch."""
    if not isinstance(body, dict) or not isinstance(body.get("actions"), list):
        raise BadRequest(_('Send {"actions": [...]}.'), code="bad_batch")
    actions, known = body["actions"], handlers()
    if len(actions) > MAX_ACTIONS:
        raise PayloadTooLarge(_("At most %(max_actions)s actions per request.")
                              % {"max_actions": MAX_ACTIONS}, code="too_many_actions")
    for index, action in enumerate(actions):
        if not isinstance(action, dict):
            raise BadRequest(_("Action %(index)s is not an object.")
                             % {"index": index}, code="bad_action", details={"index": index})
        if not isinstance(action.get("id"), str):
            raise BadRequest(_("Action %(index)s has no id.")
                             % {"index": index}, code="bad_action_id", details={"index": index})
        try:
            UUID(action["id"])
        except ValueError:
            raise BadRequest(_("Action %(index)s: id must be a UUID.") % {"index": index}, code="bad_action_id",
                             details={"index": index}) from None
        if not isinstance(action.get("type"), str) or action["type"] not in known:
            raise BadRequest(_("Action %(index)s: unknown type %(type)r; known: %(handlers)s.")
                             % {"index": index, "type": action.get("type"), "handlers": ", ".join(known)},
                             code="bad_action_type", details={"index": index})
    return actions


def _duplicate(done: SyncAction, user, client_id: UUID) -> tuple[dict, int]:
    if done.user_id != user.pk:
        return {"id": str(client_id), "status": "error", "code": "id_taken",
                "message": _("This id belongs to another user's action.")}, 409
    return {"id": str(client_id), "status": "duplicate", "type": done.type, "result": done.result}, 200


def _hold_client_id(client_id: UUID) -> None:
    """Wait for any other transaction applying this id, until it ends. Without it, concurrent copies
    (a phone retrying while the first request still runs) all pass the "already applied?" check and
    the losers report the winner's effect as a conflict (a stale hazard version) instead of duplicate."""
    key = (client_id.int >> 64) - (1 << 63)  # the UUID's first 64 bits as a signed bigint
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def apply_action(user, action_type: str, client_id: UUID, handler: Callable[[], dict]) -> tuple[dict, int]:
    """Apply one action at most once: the outcome as the phone reads it, and its HTTP status when the
    action is a request of its own (201 applied, 200 duplicate, 409 conflict, the error's status)."""
    key = str(client_id)
    try:
        with transaction.atomic():
            _hold_client_id(client_id)
            done = SyncAction.objects.filter(client_id=client_id).first()
            if done is not None:
                return _duplicate(done, user, client_id)
            result = handler()
            SyncAction.objects.create(client_id=client_id, user=user, type=action_type, result=result)
    except IntegrityError:
        # The same id applied by a concurrent request (a retry while the first was still running).
        done = SyncAction.objects.filter(client_id=client_id).first()
        if done is not None:
            return _duplicate(done, user, client_id)
        return {"id": key, "status": "error", "code": "concurrent_write",
                "message": _("The record was written at the same time by another request; retry.")}, 409
    except Conflict as conflict:
        return {"id": key, "status": "conflict", "code": conflict.code, "message": conflict.message,
                "current": conflict.details.get("current", conflict.details)}, 409
    except ApiError as error:
        outcome = {"id": key, "status": "error", "code": error.code, "message": error.message}
        if error.details:
            outcome["details"] = error.details
        return outcome, error.http_status
    return {"id": key, "status": "applied", "type": action_type, "result": result}, 201


def apply_batch(user, actions: list[dict]) -> list[dict]:
    """Each action in the order sent; one that fails does not stop the next (they answer for themselves:
    points for a patrol that never started answer patrol_not_found)."""
    known = handlers()
    return [apply_action(user, a["type"], UUID(a["id"]), lambda a=a: known[a["type"]](user, a))[0]
            for a in actions]
