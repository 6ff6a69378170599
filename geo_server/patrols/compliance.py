"""Compliance per inspector and zone: each task's valid patrols (distinct days) against patrols due."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from geo_server.patrols.models import PatrolTask, ZonePatrol
from geo_server.patrols.zones import scope_zones


@dataclass
class Row:
    zone: str
    zone_id: int
    inspector: str
    starts_on: date
    ends_before: date
    due: int
    done: int
    status: str


def status(due: int, done: int, ends_before: date, today: date) -> str:
    """done when enough valid patrols; overdue once the period ended short; due otherwise."""
    if done >= due:
        return "done"
    return "overdue" if ends_before <= today else "due"


def compliance_rows(user, today: date | None = None) -> list[Row]:
    """Every task of the zones the user may see, with its valid patrol days counted."""
    today = today or timezone.localdate()
    zones = scope_zones(user).values("id")
    tasks = list(PatrolTask.objects.filter(plan__zone__in=zones).select_related("plan__zone", "inspector")
                 .order_by("plan__zone__name", "inspector__username", "starts_on"))
    if not tasks:
        return []
    walked = set(ZonePatrol.objects.filter(valid=True, zone__in=zones)
                 .filter(Q(started_at__date__gte=min(t.starts_on for t in tasks)))
                 .annotate(day=TruncDate("started_at")).values_list("zone_id", "inspector_id", "day"))
    rows = []
    for task in tasks:
        done = len({d for z, i, d in walked if z == task.plan.zone_id and i == task.inspector_id
                    and task.starts_on <= d < task.ends_before})
        rows.append(Row(task.plan.zone.name, task.plan.zone_id, task.inspector.get_full_name() or
                        task.inspector.username, task.starts_on, task.ends_before, task.patrols, done,
                        status(task.patrols, done, task.ends_before, today)))
    return rows
