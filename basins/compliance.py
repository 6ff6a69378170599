"""Patrol compliance: each chief's tasks per reach in the current period, summed per chief and district.
The ORM side of basins/frequency.py: it loads assignments and valid patrol days, the rules decide."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf, TruncDate
from django.utils import timezone

from basins.frequency import Task, task_for
from basins.models import ReachChief
from basins.patrols import matrix
from geo_server.accounts.models import User
from geo_server.features.kinds import RiskLevel
from geo_server.features.models import Feature
from geo_server.features.scoping import scope_features
from geo_server.patrols.compliance import totals as sum_totals
from geo_server.patrols.models import Patrol
from geo_server.patrols.periods import Period

# Enough history for the previous quarter, the longest period.
LOOKBACK_DAYS = 190


@dataclass
class Row:
    chief: str
    chief_id: int
    district: str
    task: Task
    district_code: str | None = None  # for the dashboard's area filter and map
    district_en: str = ""

    # Labels in the page's language, never the stored codes ("district", "xun").
    @property
    def level_label(self) -> str:
        return str(User.ChiefLevel(self.task.level).label) if self.task.level in User.ChiefLevel.values \
            else self.task.level

    @property
    def colour_label(self) -> str:
        return str(RiskLevel(self.task.colour).label) if self.task.colour in RiskLevel.values else "—"

    @property
    def period_label(self) -> str:
        requirement = self.task.requirement
        if requirement is None:
            return "—"
        return str(Period(requirement.period).label) if requirement.period in Period.values else requirement.period


def patrol_days(assignments, today: date) -> dict[tuple[int, int], list[date]]:
    """(chief id, reach id) -> local days of their valid patrols in the look-back window."""
    since = timezone.make_aware(timezone.datetime.combine(today - timedelta(LOOKBACK_DAYS), timezone.datetime.min.time()))
    rows = (Patrol.objects.filter(valid=True, started_at__gte=since, reach__isnull=False,
                                  reach__in={a.reach_id for a in assignments},
                                  walker__in={a.chief_id for a in assignments})
            .annotate(day=TruncDate("started_at")).values_list("walker_id", "reach_id", "day"))
    days = defaultdict(list)
    for chief_id, reach_id, day in rows:
        days[(chief_id, reach_id)].append(day)
    return days


@dataclass(frozen=True)
class Assignment:
    chief_id: int
    chief: str
    reach_id: int
    reach_name: str
    colour: int
    level: str
    district: str | None
    district_en: str | None
    district_code: str | None


# A chief by name where the account has one (河长 accounts are named for their reach and level).
CHIEF_NAME = Coalesce(NullIf("chief__first_name", Value("")), "chief__username")
ASSIGNMENT_COLUMNS = ("chief_id", CHIEF_NAME, "reach_id", "reach__name", "reach__risk_level", "level",
                      "reach__district__name", "reach__district__name_en", "reach__district__code")


def compliance_rows(assignments, today: date | None = None) -> list[Row]:
    today = today or timezone.localdate()
    # Plain tuples of the columns the rows use: model instances of the chief, reach and district per
    # assignment cost more than the rules themselves over a city's ~850 assignments.
    assignments = [Assignment(*row) for row in assignments.order_by("reach__district__code", "reach__code", "level")
                   .values_list(*ASSIGNMENT_COLUMNS)]
    cells, days = matrix(), patrol_days(assignments, today)
    return [Row(a.chief, a.chief_id, a.district or "—",
                task_for(a.reach_id, a.reach_name, a.level, a.colour, cells.get((a.level, a.colour)),
                         days.get((a.chief_id, a.reach_id), []), today),
                a.district_code, a.district_en or "")
            for a in assignments]


def chief_tasks(user, today: date | None = None) -> list[Row]:
    return compliance_rows(ReachChief.objects.filter(chief=user), today)


def chief_task_rows(user, today: date | None = None) -> list[dict]:
    """A chief's reach tasks as JSON rows: what /api/patrols/tasks answers and the phone (/m/, through
    Sector.phone_tasks) lists, so the two cannot disagree."""
    return [{"reach": r.task.reach_id, "reach_name": r.task.reach_name, "level": r.task.level,
             "colour": r.task.colour, "period_start": r.task.period and r.task.period[0].isoformat(),
             "period_end": r.task.period and r.task.period[1].isoformat(), "due": r.task.due, "done": r.task.done,
             "outstanding": r.task.outstanding, "overdue": r.task.overdue}
            for r in chief_tasks(user, today)]


def reach_compliance(reach: Feature, today: date | None = None) -> list[Row]:
    return compliance_rows(ReachChief.objects.filter(reach=reach), today)


def visible_compliance(user, today: date | None = None) -> list[Row]:
    reaches = scope_features(user, Feature.objects.filter(kind="river_reach"))
    return compliance_rows(ReachChief.objects.filter(reach__in=reaches), today)


def totals(rows: list[Row], key) -> list[dict]:
    """Due vs done summed by key (e.g. district or chief); done is capped at due per task."""
    return sum_totals((key(row), row.task.due, row.task.done, row.task.overdue) for row in rows)
