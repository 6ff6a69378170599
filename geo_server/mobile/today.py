"""What the phone needs for a day in the field, in one document the service worker can keep:
the inspector's tasks (patrols.plans), their zones, the features inside with risk and open hazards,
the checklist templates for those kinds, and the records sectors let the phone take on them."""

import json
from datetime import date

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db.models import Q
from django.db.models.functions import TruncDate

from geo_server.checklists.models import ChecklistTemplate
from geo_server.features.kinds import detail_model
from geo_server.features.scoping import scope_features
from geo_server.patrols.compliance import status
from geo_server.patrols.models import Patrol, PatrolTask, PatrolZone
from geo_server.sector import sectors
from geo_server.supervision.hazards import actions_for, visible_hazards
from geo_server.supervision.states import CLOSED_STATES

FEATURES_PER_ZONE = 500


def _tasks(user, day: date) -> list[dict]:
    tasks = list(PatrolTask.objects.filter(inspector=user, plan__active=True, starts_on__lte=day, ends_before__gt=day)
                 .select_related("plan__zone").order_by("ends_before", "plan__zone__name"))
    walked = set(Patrol.objects.filter(walker=user, valid=True, zone__isnull=False,
                                       zone__in=[t.plan.zone_id for t in tasks])
                 .annotate(day=TruncDate("started_at")).values_list("zone_id", "day"))
    rows = []
    for task in tasks:
        done = len({d for z, d in walked if z == task.plan.zone_id and task.starts_on <= d < task.ends_before})
        rows.append({"id": task.pk, "zone": task.plan.zone_id, "zone_name": task.plan.zone.name,
                     "period": task.period, "starts_on": task.starts_on.isoformat(),
                     "ends_before": task.ends_before.isoformat(), "due": task.patrols, "done": done,
                     "min_minutes": task.min_minutes, "min_km": task.min_km, "risk_level": task.risk_level,
                     "status": status(task.patrols, done, task.ends_before, day)})
    return rows


def _stages(features: list[dict]) -> dict[int, tuple[str, str]]:
    """(stage, its label) of features whose kind's detail row has a stage (water projects do)."""
    stages = {}
    for kind in {f["kind"] for f in features}:
        model = detail_model(kind)
        if model is not None and any(field.name == "stage" for field in model._meta.get_fields()):
            labels = dict(model._meta.get_field("stage").flatchoices)
            ids = [f["id"] for f in features if f["kind"] == kind]
            for feature_id, stage in model.objects.filter(feature_id__in=ids).values_list("feature_id", "stage"):
                stages[feature_id] = (stage, str(labels.get(stage, stage)))
    return stages


def _hazards(user, feature_ids: list[int]) -> dict[int, list[dict]]:
    """Open hazards on these features, which come from scope_features(user): in scope, no query each."""
    by_feature: dict[int, list[dict]] = {}
    for hazard in visible_hazards(user).filter(feature_id__in=feature_ids).exclude(state__in=CLOSED_STATES) \
            .order_by("-level", "id"):
        by_feature.setdefault(hazard.feature_id, []).append({
            "id": hazard.pk, "rule": hazard.rule_code, "level": hazard.level, "state": hazard.state,
            "version": hazard.version, "message": {"zh": hazard.message_zh, "en": hazard.message_en},
            "deadline": hazard.deadline.isoformat() if hazard.deadline else None,
            "allowed_actions": actions_for(user, hazard, in_scope=True)})
    return by_feature


def _templates(kinds: set[str]) -> list[dict]:
    templates = ChecklistTemplate.objects.filter(active=True, kind__in=kinds).prefetch_related("items")
    return [{"id": t.pk, "code": t.code, "kind": t.kind, "stage": t.stage, "name": {"zh": t.name_zh, "en": t.name_en},
             "items": [{"id": i.pk, "order": i.order, "code": i.code, "text": {"zh": i.text_zh, "en": i.text_en},
                        "clause": i.clause, "severity": i.severity} for i in t.items.all()]}
            for t in templates]


def _sector_tasks(user, day: date) -> dict[str, list[dict]]:
    """The patrol tasks sectors give the user (a river chief's reaches), per kind: the same rows as
    the sector's own API (Sector.phone_tasks)."""
    return {sector.kind: rows for sector in sectors() if sector.phone_tasks is not None
            for rows in [sector.phone_tasks(user, day)] if rows}


def _documents(user, features: list[dict]) -> dict[int, list[dict]]:
    """The documents sectors keep on their features (Sector.phone_documents), for offline reading."""
    rows: dict[int, list[dict]] = {}
    for sector in sectors():
        if sector.phone_documents is not None:
            ids = [f["id"] for f in features if f["kind"] == sector.kind]
            if ids:
                rows.update(sector.phone_documents(user, ids))
    return rows


def _forms(user, features: list[dict]) -> tuple[list[dict], dict[int, list[str]]]:
    """The records sectors let the phone take (Sector.phone_forms), as the phone renders them, and
    which of them each listed feature is offered (one query per form with a `where`)."""
    specs, offered = [], {}
    for sector in sectors():
        ids = [f["id"] for f in features if f["kind"] == sector.kind]
        for form in sector.phone_forms:
            specs.append({"action": form.action, "kind": sector.kind, "title": str(form.title), "fields": [
                {"name": f.name, "type": f.type, "label": str(f.label), "required": f.required,
                 "choices": [[value, str(label)] for value, label in f.choices], "min": f.minimum, "max": f.maximum,
                 "default": f.default} for f in form.fields]})
            if form.where is not None and ids:
                chosen = scope_features(user).filter(form.where, pk__in=ids).values_list("pk", flat=True)
            else:
                chosen = ids
            for feature_id in chosen:
                offered.setdefault(feature_id, []).append(form.action)
    return specs, offered


def today_payload(user, day: date) -> dict:
    tasks = _tasks(user, day)
    # Zones of today's tasks, and of the user's other active plans (tasks may not be generated yet).
    zones = list(PatrolZone.objects.filter(Q(pk__in=[t["zone"] for t in tasks])
                                           | Q(plan__active=True, plan__inspectors=user)).distinct()
                 .annotate(geojson=AsGeoJSON("geom", precision=6)).order_by("name"))
    features, seen = [], set()
    for zone in zones:
        rows = (scope_features(user).filter(geom__intersects=zone.geom).order_by("-risk_level", "code")
                .annotate(geojson=AsGeoJSON("geom", precision=6))
                .values("id", "code", "name", "name_en", "kind", "risk_level", "geojson")[:FEATURES_PER_ZONE])
        for row in rows:
            if row["id"] not in seen:
                seen.add(row["id"])
                features.append({**row, "zone": zone.pk})
    stages, hazards = _stages(features), _hazards(user, [f["id"] for f in features])
    documents = _documents(user, features)
    forms, offered = _forms(user, features)
    return {
        "date": day.isoformat(),
        "user": {"username": user.username, "name": user.get_full_name() or user.username},
        "tasks": tasks,
        "sector_tasks": _sector_tasks(user, day),
        "zones": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": z.pk, "geometry": json.loads(z.geojson), "properties": {"name": z.name}}
            for z in zones]},
        "features": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": f["id"], "geometry": json.loads(f["geojson"]), "properties": {
                "code": f["code"], "name": f["name"], "name_en": f["name_en"], "kind": f["kind"],
                "risk_level": f["risk_level"], "zone": f["zone"], "stage": stages.get(f["id"], ("", ""))[0],
                "stage_label": stages.get(f["id"], ("", ""))[1],
                "hazards": hazards.get(f["id"], []), "documents": documents.get(f["id"], []),
                "forms": offered.get(f["id"], [])}}
             for f in features]},
        "templates": _templates({f["kind"] for f in features}),
        "forms": forms,
    }
