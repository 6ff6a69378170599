"""The integrity score's subscriber to hazard events (registered in apps.py)."""

from django.db.models import F, Max
from django.utils import timezone

from geo_server.integrity import scoring, store
from geo_server.integrity.weights import current_weights, rule_weights
from geo_server.supervision.models import HazardEvent

CHUNK = 5000


def on_events(events) -> None:
    ids = [event.pk for event in events if event.action in scoring.SCORED_ACTIONS]
    if not ids:
        return
    weights, by_rule = current_weights(), rule_weights()
    for start in range(0, len(ids), CHUNK):
        store.apply(scoring.entries(_rows(ids[start:start + CHUNK]), weights, by_rule))


def _rows(event_ids: list[int]) -> list[dict]:
    rows = list(HazardEvent.objects.filter(pk__in=event_ids).order_by("id").values(
        "action", "at", "hazard_id", "from_state", event_id=F("id"), level=F("hazard__level"),
        rule_code=F("hazard__rule_code"), organisation_id=F("hazard__responsible_organisation_id"),
        organisation_type=F("hazard__responsible_organisation__type"), owner_id=F("hazard__feature__organisation_id"),
        deadline=F("hazard__deadline")))
    closed = [row["hazard_id"] for row in rows if row["action"] == "close"]
    replied = dict(HazardEvent.objects.filter(hazard_id__in=closed, action="reply").order_by().values("hazard_id")
                   .annotate(last=Max("at")).values_list("hazard_id", "last")) if closed else {}
    for row in rows:
        last = replied.get(row["hazard_id"])
        row["replied_on"] = timezone.localdate(last) if last else None
    return rows

