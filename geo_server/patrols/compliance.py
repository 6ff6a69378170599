"""Compliance per inspector and zone: each task's valid patrols (distinct days) against patrols due."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from geo_server.accounts.models import User
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

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


STATUS_LABELS = {"done": pgettext_lazy("patrol status", "Done"), "due": pgettext_lazy("patrol status", "Due"),
                 "overdue": pgettext_lazy("patrol status", "Overdue")}


def status(due: int, done: int, ends_before: date, today: date) -> str:
    """done when enough valid patrols; overdue once the period ended short; due otherwise."""
    if done >= due:
        return "done"
    return "overdue" if ends_before <= today else "due"


def _own_only(user) -> bool:
    """Inspectors see their own duties; supervisors everything in their zones."""
    return getattr(user, "role", None) == User.Role.INSPECTOR and not user.is_superuser


def compliance_rows(user, today: date | None = None) -> list[Row]:
    """Every task of the zones the user may see (an inspector: their own tasks), with its valid patrol
    days counted."""
    today = today or timezone.localdate()
    zones = scope_zones(user).values("id")
    tasks = PatrolTask.objects.filter(Q(plan__zone__in=zones) | Q(inspector=user) if user.is_authenticated
                                      else Q(pk__lt=0))
    if _own_only(user):
        tasks = tasks.filter(inspector=user)
    tasks = list(tasks.select_related("plan__zone", "inspector")
                 .order_by("plan__zone__name", "inspector__username", "starts_on"))
    if not tasks:
        return []
    walked = set(ZonePatrol.objects.filter(valid=True, zone__in={t.plan.zone_id for t in tasks})
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


def walked_days(user, start: date, end: date) -> list[tuple[date, str, str]]:
    """(day, zone name, inspector) of the valid patrols started in [start, end) that the user may see."""
    patrols = ZonePatrol.objects.filter(valid=True, started_at__date__gte=start, started_at__date__lt=end)
    if user.is_authenticated:
        patrols = patrols.filter(Q(zone__in=scope_zones(user).values("id")) | Q(inspector=user))
    else:
        patrols = patrols.none()
    if _own_only(user):
        patrols = patrols.filter(inspector=user)
    rows = (patrols.annotate(day=TruncDate("started_at")).order_by("day", "zone__name")
            .values_list("day", "zone__name", "inspector__username").distinct())
    return list(rows)
