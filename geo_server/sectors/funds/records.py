"""The fund center's section of its record page: the latest month's indicators against the
center's own lines, the last 12 months, and a link to every version of its returns."""

from django.db import connection

from geo_server.features.kinds import RecordSection
from geo_server.sectors.funds.indicators_sql import MONTHS
from geo_server.sectors.funds.models import CenterThresholds
from geo_server.sectors.funds.models.centers import THRESHOLD_DEFAULTS

MONTHS_SHOWN = 12

CENTER_MONTHS = f"""
SELECT to_char(month, 'YYYY-MM') AS month, version, loan_ratio, overdue_rate, net_flow, liquidity_months,
       deposit_balance, loan_balance, withdrawals, deposits_collected
FROM ({MONTHS}) m WHERE center_id = %s ORDER BY month DESC LIMIT %s
"""


def center_months(center_id: int, limit: int = MONTHS_SHOWN) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(CENTER_MONTHS, [center_id, limit])
        columns = [c.name for c in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def lines(center_id: int) -> dict:
    """The center's lines: its own where it set one, else the defaults."""
    own = CenterThresholds.objects.filter(center_id=center_id).values().first() or {}
    return {name: own.get(name) if own.get(name) is not None else default
            for name, default in THRESHOLD_DEFAULTS.items()}


def center_section(feature, user) -> dict:
    """Context for funds/_center.html; the record page has already checked the center is in scope."""
    months = center_months(feature.pk)
    return {"latest": months[0] if months else None, "months": months, "lines": lines(feature.pk)}


CENTER_SECTION = RecordSection("funds/_center.html", center_section)
