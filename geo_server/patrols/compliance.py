"""Compliance per inspector and zone: each task's valid patrols (distinct days) against patrols due."""

from dataclasses import dataclass
from datetime import date

from django.contrib.gis.db.models import MultiPolygonField
from django.contrib.gis.db.models.functions import PointOnSurface
from django.db.models import ExpressionWrapper, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from geo_server.accounts.models import User
from geo_server.features.models import AdminArea
from geo_server.patrols.models import Patrol, PatrolTask
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
    district: str = "—"

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
    # The district a zone lies in: the one holding a point on its surface.
    district = AdminArea.objects.filter(level=AdminArea.Level.DISTRICT,
                                        geom__contains=PointOnSurface(ExpressionWrapper(
                                            OuterRef("plan__zone__geom"), output_field=MultiPolygonField(srid=4326))))
    tasks = list(tasks.select_related("plan__zone", "inspector")
                 .annotate(district_name=Subquery(district.values("name")[:1]))
                 .order_by("plan__zone__name", "inspector__username", "starts_on"))
    if not tasks:
        return []
    walked = set(Patrol.objects.filter(valid=True, zone__isnull=False, zone__in={t.plan.zone_id for t in tasks})
                 .filter(Q(started_at__date__gte=min(t.starts_on for t in tasks)))
                 .annotate(day=TruncDate("started_at")).values_list("zone_id", "walker_id", "day"))
    rows = []
    for task in tasks:
        done = len({d for z, i, d in walked if z == task.plan.zone_id and i == task.inspector_id
                    and task.starts_on <= d < task.ends_before})
        rows.append(Row(task.plan.zone.name, task.plan.zone_id, task.inspector.get_full_name() or
                        task.inspector.username, task.starts_on, task.ends_before, task.patrols, done,
                        status(task.patrols, done, task.ends_before, today), task.district_name or "—"))
    return rows


def walked_days(user, start: date, end: date) -> list[tuple[date, str, str]]:
    """(day, zone name, inspector) of the valid patrols started in [start, end) that the user may see."""
    patrols = Patrol.objects.filter(valid=True, zone__isnull=False, started_at__date__gte=start,
                                    started_at__date__lt=end)
    if user.is_authenticated:
        patrols = patrols.filter(Q(zone__in=scope_zones(user).values("id")) | Q(walker=user))
    else:
        patrols = patrols.none()
    if _own_only(user):
        patrols = patrols.filter(walker=user)
    rows = (patrols.annotate(day=TruncDate("started_at")).order_by("day", "zone__name")
            .values_list("day", "zone__name", "walker__username").distinct())
    return list(rows)


def totals(entries) -> list[dict]:
    """Sum (name, due, done, overdue) entries, one per task, by name: tasks, patrols due and done (done
    capped at due per task) and overdue (what each entry counts: a zone's overdue task is 1, a river
    chief's the patrols missed), with the rate done / due. Shared by zone inspectors and river chiefs."""
    sums: dict = {}
    for name, due, done, overdue in entries:
        total = sums.setdefault(name, {"due": 0, "done": 0, "overdue": 0, "tasks": 0})
        total["tasks"] += 1
        total["due"] += due
        total["done"] += min(done, due)
        total["overdue"] += int(overdue)
    return [{"name": name, **t, "rate": t["done"] / t["due"] if t["due"] else None} for name, t in sums.items()]


def zone_totals(rows: list[Row], key) -> list[dict]:
    return totals((key(row), row.due, row.done, row.status == "overdue") for row in rows)


def current_status(rows: list[Row], today: date) -> dict[int, str]:
    """Each zone's worst status among its tasks running today, or ended short (overdue) before it."""
    order = {"done": 0, "due": 1, "overdue": 2}
    worst: dict[int, str] = {}
    for row in rows:
        if row.starts_on <= today < row.ends_before or row.status == "overdue":
            if order[row.status] > order.get(worst.get(row.zone_id), -1):
                worst[row.zone_id] = row.status
    return worst
