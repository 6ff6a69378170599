"""Each center's forecast of 个贷率 and 逾期率 (forecast.py) over its current returns, against its own
line, stored as one ForecastRun per center and indicator: refreshed after a filing, by the demo and
by `manage.py fund_forecasts`; the forecast rules and the dashboard's band read them."""

from django.db import connection, transaction

from geo_server.sectors.funds.forecast import forecast, months_to_cross
from geo_server.sectors.funds.indicators_sql import MONTHS
from geo_server.sectors.funds.models import ForecastRun
from geo_server.sectors.funds.models.centers import THRESHOLD_DEFAULTS

HORIZON = 6
LEVEL = 0.8
# indicator -> its CenterThresholds column (and THRESHOLD_DEFAULTS key)
INDICATORS = {"loan_ratio": "loan_ratio_line", "overdue_rate": "overdue_rate_line"}

HISTORY = f"""
SELECT m.center_id, m.month, m.loan_ratio::float8, m.overdue_rate::float8,
       COALESCE(t.loan_ratio_line, %(loan_ratio_line)s)::float8,
       COALESCE(t.overdue_rate_line, %(overdue_rate_line)s)::float8
FROM ({MONTHS}) m LEFT JOIN funds_centerthresholds t ON t.center_id = m.center_id
WHERE %(only)s::bigint[] IS NULL OR m.center_id = ANY(%(only)s)
ORDER BY m.center_id, m.month
"""


def histories(center_ids=None) -> dict[int, dict]:
    """center -> {"months", "loan_ratio", "overdue_rate", "lines"}, oldest month first."""
    params = {"only": sorted(center_ids) if center_ids is not None else None,
              **{key: THRESHOLD_DEFAULTS[key] for key in INDICATORS.values()}}
    with connection.cursor() as cursor:
        cursor.execute(HISTORY, params)
        found: dict[int, dict] = {}
        for center_id, month, loan_ratio, overdue_rate, loan_line, overdue_line in cursor.fetchall():
            series = found.setdefault(center_id, {"months": [], "loan_ratio": [], "overdue_rate": [],
                                                  "lines": {"loan_ratio": loan_line, "overdue_rate": overdue_line}})
            series["months"].append(month)
            series["loan_ratio"].append(loan_ratio)
            series["overdue_rate"].append(overdue_rate)
    return found


def run(values: list[float], line: float) -> dict:
    fc = forecast(values, horizon=HORIZON, level=LEVEL)
    return {"mean": fc.mean, "lower": fc.lower, "upper": fc.upper, "method": fc.method[:40],
            "months_to_cross": months_to_cross(fc, line, above=True)}


def refresh_forecasts(center_ids=None) -> int:
    """Forecast every (center, indicator) with a complete history; returns the runs stored."""
    stored = 0
    with transaction.atomic():
        for center_id, series in histories(center_ids).items():
            for indicator in INDICATORS:
                values = series[indicator]
                if not values or any(value is None for value in values):
                    continue
                line = series["lines"][indicator]
                ForecastRun.objects.update_or_create(center_id=center_id, indicator=indicator, defaults={
                    "last_month": series["months"][-1], "last_value": values[-1], "line": line,
                    **run(values, line)})
                stored += 1
    return stored
