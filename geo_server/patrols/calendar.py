"""A month of patrol duties: each day lists the tasks whose period covers it, with the task's state
(due, done or overdue, as patrols.compliance decides it) and whether a valid patrol was walked that day."""

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.db.models.functions import TruncDate

from geo_server.patrols.compliance import status
from geo_server.patrols.models import PatrolTask, ZonePatrol
from geo_server.patrols.zones import scope_zones


@dataclass
class Entry:
    task_id: int
    zone_id: int
    zone: str
    inspector: str
    status: str
    walked: bool


@dataclass
class Day:
    day: date
    in_month: bool
    entries: list[Entry] = field(default_factory=list)


def month_weeks(year: int, month: int) -> list[list[date]]:
    """Monday-first weeks covering the month, with the neighbouring months' days that fill them."""
    return calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)


def month_calendar(user, year: int, month: int, *, today: date, zone_id: int | None = None,
                   inspector_id: int | None = None) -> list[list[Day]]:
    weeks = month_weeks(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    tasks = PatrolTask.objects.filter(plan__zone__in=scope_zones(user).values("id"), starts_on__lte=last,
                                      ends_before__gt=first)
    if zone_id is not None:
        tasks = tasks.filter(plan__zone_id=zone_id)
    if inspector_id is not None:
        tasks = tasks.filter(inspector_id=inspector_id)
    tasks = list(tasks.select_related("plan__zone", "inspector").order_by("plan__zone__name", "inspector__username"))
    walked = set()
    if tasks:
        walked = set(ZonePatrol.objects.filter(valid=True, zone__in={t.plan.zone_id for t in tasks},
                                               started_at__date__gte=min(t.starts_on for t in tasks),
                                               started_at__date__lt=max(t.ends_before for t in tasks))
                     .annotate(day=TruncDate("started_at")).values_list("zone_id", "inspector_id", "day"))
    states = {}
    for task in tasks:
        done = len({d for z, i, d in walked if z == task.plan.zone_id and i == task.inspector_id
                    and task.starts_on <= d < task.ends_before})
        states[task.pk] = status(task.patrols, done, task.ends_before, today)
    grid = []
    for week in weeks:
        row = []
        for day in week:
            cell = Day(day, day.month == month)
            for task in tasks:
                if task.starts_on <= day < task.ends_before:
                    cell.entries.append(Entry(task.pk, task.plan.zone_id, task.plan.zone.name,
                                              task.inspector.get_full_name() or task.inspector.username,
                                              states[task.pk], (task.plan.zone_id, task.inspector_id, day) in walked))
            row.append(cell)
        grid.append(row)
    return grid
