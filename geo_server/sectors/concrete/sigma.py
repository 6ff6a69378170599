"""The known-sigma method's σ0 (GB/T 50107-2010 §5.1.2): recorded per plant and grade from one
inspection period, used for the evaluation batches of the period after it.

    σ0 = sqrt((Σ fcu,i² - n mfcu²) / (n - 1)) over the previous inspection period's n groups, n >= 45,
    the period 60 to 90 days long [S, as remembered]

Stable production [D]: every evaluation batch of the plant and grade closed in the period was judged
statistically (at least 10 groups a month, i.e. continuous production), and together they hold at
least 45 groups. A record serves the evaluation periods starting within 31 days after its end [D].
With it, a month's groups (in cast order) are judged in consecutive threes; a trailing 1 or 2 groups
are judged with the 2 or 1 groups before them, as the last 3 [D], so that every group is judged.
sigma0, triples and judge_in_threes are pure; record_sigma0 and sigmas_for read and write rows.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils import timezone

from geo_server.sectors.concrete.models import EvaluationBatch, StrengthSigma
from geo_server.sectors.concrete.strength import KNOWN_SIGMA_GROUPS, StrengthResult, evaluate_strength

HISTORY_MIN_GROUPS = 45
PERIOD_DAYS = (60, 90)
SERVES_DAYS = 31


def sigma0(values_mpa: Sequence) -> Decimal | None:
    """The sample standard deviation (n - 1) of at least 45 group values, to 0.01 MPa; None with fewer.
    Not floored: evaluate_strength takes 2.5 MPa when it is smaller."""
    values = [Fraction(Decimal(str(v))) for v in values_mpa]
    if len(values) < HISTORY_MIN_GROUPS:
        return None
    mean = sum(values) / len(values)
    variance = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
    exact = Decimal(variance.numerator) / Decimal(variance.denominator)
    return exact.sqrt().quantize(Decimal("0.01"), ROUND_HALF_UP)


def triples(values: Sequence) -> list[tuple[int, list]]:
    """(index of the first group, its 3 values) for each consecutive three; none under 3 values."""
    n = len(values)
    if n < KNOWN_SIGMA_GROUPS:
        return []
    starts = list(range(0, n - KNOWN_SIGMA_GROUPS + 1, KNOWN_SIGMA_GROUPS))
    if n % KNOWN_SIGMA_GROUPS:
        starts.append(n - KNOWN_SIGMA_GROUPS)
    return [(start, list(values[start:start + KNOWN_SIGMA_GROUPS])) for start in starts]


def judge_in_threes(grade: str, values: Sequence, sigma0_mpa) -> list[tuple[int, StrengthResult]]:
    """Each consecutive three judged by the known-sigma method."""
    return [(start, evaluate_strength(grade, three, sigma0_mpa)) for start, three in triples(values)]


def period_days(start: date, end: date) -> int:
    return (end - start).days + 1


def record_sigma0(start: date, end: date, plant_ids: list[int] | None = None) -> list[StrengthSigma]:
    """Record σ0 per plant and grade from the evaluation batches closed in [start, end] (60 to 90
    days), where production was stable; returns the records made or renewed."""
    if not PERIOD_DAYS[0] <= period_days(start, end) <= PERIOD_DAYS[1]:
        raise ValueError(f"an inspection period is {PERIOD_DAYS[0]} to {PERIOD_DAYS[1]} days, "
                         f"not {period_days(start, end)}")
    batches = EvaluationBatch.objects.filter(closed_at__isnull=False, period_start__gte=start, period_end__lte=end)
    if plant_ids is not None:
        batches = batches.filter(plant_id__in=plant_ids)
    unstable = set(batches.exclude(method="statistical").values_list("plant_id", "grade"))
    values: dict[tuple[int, str], list] = {}
    for plant_id, grade, batch_values in batches.order_by("period_start", "pk").values_list("plant_id", "grade",
                                                                                              "values_mpa"):
        values.setdefault((plant_id, grade), []).extend(batch_values)
    now, recorded = timezone.now(), []
    for (plant_id, grade), group_values in sorted(values.items()):
        sigma = sigma0(group_values)
        if sigma is None or (plant_id, grade) in unstable:
            continue
        record, _created = StrengthSigma.objects.update_or_create(
            plant_id=plant_id, grade=grade, period_start=start,
            defaults={"period_end": end, "groups": len(group_values), "sigma0_mpa": sigma, "recorded_at": now})
        recorded.append(record)
    return recorded


def sigmas_for(period_start: date, plant_ids) -> dict[tuple[int, str], Decimal]:
    """(plant, grade) -> the σ0 recorded for the period ending latest within SERVES_DAYS before
    `period_start`."""
    records = (StrengthSigma.objects.filter(plant_id__in=plant_ids, period_end__lt=period_start,
                                            period_end__gte=period_start - timedelta(days=SERVES_DAYS))
               .order_by("plant_id", "grade", "period_end"))
    return {(r.plant_id, r.grade): r.sigma0_mpa for r in records}  # the latest wins

