"""Evaluation batches (验收批): gather a period's standard-cured specimen groups per plant and mix, judge
each batch with strength.evaluate_strength (pure) and store the verdict; rule 18 reads the closed ones.

The period is a calendar month [D]: GB/T 50107 §3.0.2 asks for one grade, the same mix and "similar
production conditions", and names no length. A group counts in the month of its cast date; invalid
groups (GB/T 50081) and untested ones do not count. Batches without a mix design cannot be grouped
"same mix" and are left out (rule 11 reports production without an approved mix).

A plant with a σ0 recorded for the grade from the period just before (sigma.py: stable production,
at least 45 groups over 60 to 90 days) has the month judged by the known-sigma method, in consecutive
threes, failing when any three fails; otherwise statistically (n >= 10) or not (n < 10).
"""

from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from geo_server.sectors.concrete.models import EvaluationBatch
from geo_server.sectors.concrete.sigma import judge_in_threes, sigmas_for
from geo_server.sectors.concrete.strength import evaluate_strength

# One row per (plant, mix) with groups cast in the period: the group values in cast order.
_GATHER = """
INSERT INTO concrete_evaluationbatch
    (plant_id, mix_id, grade, period_start, period_end, groups, values_mpa, method, criteria)
SELECT b.plant_id, m.id, m.grade, %(start)s, %(end)s, count(*),
       jsonb_agg(g.group_value_mpa::text ORDER BY g.cast_date, g.id), '', '[]'::jsonb
FROM concrete_specimengroup g
JOIN concrete_batch b ON b.id = g.batch_id
JOIN concrete_mixdesign m ON m.id = b.mix_id
WHERE g.curing = 'standard' AND NOT g.invalid AND g.group_value_mpa IS NOT NULL
  AND g.cast_date BETWEEN %(start)s AND %(end)s
  AND (%(plants)s::bigint[] IS NULL OR b.plant_id = ANY(%(plants)s::bigint[]))
GROUP BY b.plant_id, m.id, m.grade
ON CONFLICT (plant_id, mix_id, period_start)
DO UPDATE SET groups = EXCLUDED.groups, values_mpa = EXCLUDED.values_mpa, period_end = EXCLUDED.period_end
RETURNING id
"""


def month_bounds(day: date) -> tuple[date, date]:
    start = day.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return start, end


def evaluate_period(start: date, end: date, plant_ids: list[int] | None = None,
                    close: bool = False) -> list[EvaluationBatch]:
    """(Re)gather and judge the evaluation batches of one period; `close` marks them closed, which is
    what rule 18 waits for. Returns the batches judged."""
    now = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_GATHER, {"start": start, "end": end, "plants": plant_ids})
            ids = [row[0] for row in cursor.fetchall()]
        batches = list(EvaluationBatch.objects.filter(pk__in=ids).order_by("pk"))
        sigmas = sigmas_for(start, {batch.plant_id for batch in batches})
        for batch in batches:
            judge(batch, now, sigmas.get((batch.plant_id, batch.grade)))
            if close and batch.closed_at is None:
                batch.closed_at = now
        EvaluationBatch.objects.bulk_update(batches, ["method", "passed", "mean_mpa", "minimum_mpa", "sd_mpa",
                                                      "criteria", "evaluated_at", "closed_at"])
    return batches


def close_month(day: date, plant_ids: list[int] | None = None) -> list[EvaluationBatch]:
    """Close the calendar month holding `day` and judge its evaluation batches."""
    start, end = month_bounds(day)
    return evaluate_period(start, end, plant_ids, close=True)


def judge(batch: EvaluationBatch, now, sigma0=None) -> None:
    """Fill one batch's verdict from its stored group values (pure evaluation, no query); with a
    recorded σ0 and at least 3 groups, by the known-sigma method in threes: the criteria name the
    groups each three holds (1-based, in cast order), the figures are those of the first failing
    three, else of the last."""
    threes = judge_in_threes(batch.grade, batch.values_mpa, sigma0) if sigma0 is not None else []
    if threes:
        shown = next((result for _start, result in threes if not result.passed), threes[-1][1])
        passed = all(result.passed for _start, result in threes)
        criteria = [{**criterion, "groups": [start + 1, start + result.groups]}
                    for start, result in threes for criterion in result.criteria_json()]
    else:
        shown = evaluate_strength(batch.grade, batch.values_mpa)
        passed, criteria = shown.passed, shown.criteria_json()
    batch.method, batch.passed, batch.criteria = shown.method, passed, criteria
    batch.mean_mpa, batch.minimum_mpa, batch.sd_mpa = shown.mean, shown.minimum, shown.sd
    batch.evaluated_at = now
