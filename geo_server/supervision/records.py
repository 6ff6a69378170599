"""Hazard timelines as pages show them: on a hazard's page and in every feature's record page (the
hazards section, registered for every kind in apps.py, which also lists the feature's open warnings:
they are what its colour on the map is made of)."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language

from geo_server.accounts.models import Organisation
from geo_server.supervision.evidence import reply_fields
from geo_server.supervision.hazards import visible_hazards
from geo_server.supervision.models import HazardEvent, Photo, RectificationNotice, Warning
from geo_server.supervision.rules import rule_title
from geo_server.supervision.states import ACTION_LABELS, State


def _state_label(value: str) -> str:
    return State(value).label if value in State.values else value


def with_details(events: QuerySet) -> QuerySet:
    """Events with their actor, photos and notice loaded in three queries."""
    return events.select_related("actor", "notice").prefetch_related(
        Prefetch("photos", queryset=Photo.objects.order_by("id")))


def timeline(events) -> list[dict]:
    """Events (from with_details) as rows: when, who, the action and the states by their labels, the
    reason, what the event set (deadline, organisation, evidence fields such as a re-appraisal grade),
    its photos and notice."""
    events = list(events)
    organisation_ids = {e.data.get("responsible_organisation") for e in events} - {None}
    names = dict(Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "name"))
    fields = reply_fields()
    rows = []
    for event in events:
        notice = event.notice if _has_notice(event) else None
        rows.append({
            "event": event, "hazard_id": event.hazard_id, "at": event.at,
            "actor": event.actor.username if event.actor else None,
            "action": event.action, "action_label": ACTION_LABELS.get(event.action, event.action),
            "from_label": _state_label(event.from_state), "to_label": _state_label(event.to_state),
            "reason": event.reason, "deadline": event.data.get("deadline"),
            "organisation": names.get(event.data.get("responsible_organisation")),
            "evidence": [(t.reply_label or t.label, event.data[field]) for field, t in fields.items()
                         if event.data.get(field)],
            "photos": list(event.photos.all()), "notice": notice,
        })
    return rows


def _has_notice(event) -> bool:
    try:
        return event.notice is not None
    except RectificationNotice.DoesNotExist:
        return False


WARNINGS_SHOWN = 50


def open_warnings(feature) -> list[Warning]:
    """The feature's open warnings, worst first, each with its subject ('' when about the feature),
    its rule's title and its message in the page's language."""
    warnings = list(Warning.objects.filter(feature=feature, is_open=True)
                    .order_by("-level", "rule_code", "subject", "id")[:WARNINGS_SHOWN])
    return _in_language(warnings)


def _in_language(rows: list) -> list:
    english = (get_language() or "").startswith("en")
    for row in rows:
        row.rule_title = rule_title(row.rule_code)
        row.message_text = (row.message_en if english else row.message_zh) or row.message_zh or row.message_en
    return rows


def hazard_section(feature, user) -> dict:
    hazards = _in_language(list(visible_hazards(user).filter(feature=feature).order_by("-id")[:20]))
    events = with_details(HazardEvent.objects.filter(hazard__in=hazards)).order_by("-at", "-id")[:50]
    return {"hazards": hazards, "events": timeline(events), "warnings": open_warnings(feature)}
