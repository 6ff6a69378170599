"""Plans driven by risk: a zone's highest risk picks a matrix row; generating a period's tasks is idempotent.

Tasks freeze the requirement when generated: a risk change leaves the current period's tasks as
they were and shapes the next period's.
"""

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Max

from geo_server.patrols.periods import period_bounds
from geo_server.patrols.models import PatrolPlan, PatrolTask, ZoneRequirement

# Every feature touching a zone counts, whoever may see it: the plan is the organisation's.
HIGHEST_RISK_SQL = """
SELECT z.id, COALESCE(MAX(f.risk_level), 0)
FROM patrols_patrolzone z
LEFT JOIN features_feature f ON ST_Intersects(f.geom, z.geom)
WHERE z.id = ANY(%s)
GROUP BY z.id
"""


@dataclass(frozen=True)
class Frequency:
    risk_level: int
    patrols: int
    period: str
    min_minutes: int
    min_km: float


def frequency_for(risk_level: int, matrix: dict[int, Frequency]) -> Frequency | None:
    """The matrix row for a zone's highest risk; a missing row falls back to the next lower level."""
    for level in range(risk_level, -1, -1):
        if level in matrix:
            return matrix[level]
    return None


def matrix() -> dict[int, Frequency]:
    return {r.risk_level: Frequency(r.risk_level, r.patrols, r.period, r.min_minutes, r.min_km)
            for r in ZoneRequirement.objects.all()}


def highest_risks(zone_ids: list[int]) -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(HIGHEST_RISK_SQL, [list(zone_ids)])
        return dict(cursor.fetchall())


def required_frequencies(zone_ids: list[int]) -> dict[int, Frequency | None]:
    """Each zone's required frequency, from the highest risk_level of the features inside it."""
    rows = matrix()
    return {zone_id: frequency_for(risk, rows) for zone_id, risk in highest_risks(zone_ids).items()}


def _last_ends(day: date) -> dict[tuple[int, int], date]:
    """For each (plan, inspector): the end of the task covering `day`, or of the latest one before it."""
    rows = (PatrolTask.objects.filter(starts_on__lte=day).values("plan_id", "inspector_id")
            .annotate(last=Max("ends_before")).values_list("plan_id", "inspector_id", "last"))
    return {(plan_id, inspector_id): last for plan_id, inspector_id, last in rows}


def generate_tasks(day: date) -> int:
    """Create the due tasks of the period containing `day` for every active plan; returns how many are new.

    A task still running on `day` stands (its requirement frozen); a new one starts where the last
    ended, so a period that changed length (weekly -> monthly) does not count the same days twice.
    """
    plans = list(PatrolPlan.objects.filter(active=True).prefetch_related("inspectors"))
    frequencies = required_frequencies([plan.zone_id for plan in plans])
    running = _last_ends(day)
    tasks = []
    for plan in plans:
        frequency = frequencies.get(plan.zone_id)
        bounds = period_bounds(frequency.period, day) if frequency else None
        if bounds is None:  # no matrix row, or a working-day period on a weekend
            continue
        for inspector in plan.inspectors.all():
            last_end = running.get((plan.pk, inspector.pk))
            if last_end is not None and last_end > day:
                continue
            tasks.append(PatrolTask(plan=plan, inspector=inspector, period=frequency.period,
                                    starts_on=max(bounds[0], last_end or bounds[0]), ends_before=bounds[1],
                                    risk_level=frequency.risk_level, patrols=frequency.patrols,
                                    min_minutes=frequency.min_minutes, min_km=frequency.min_km))
    before = PatrolTask.objects.count()
    # ignore_conflicts: a concurrent run may have created the same task since _last_ends read.
    PatrolTask.objects.bulk_create(tasks, ignore_conflicts=True)
    return PatrolTask.objects.count() - before
