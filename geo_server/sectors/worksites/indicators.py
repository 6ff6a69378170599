"""Worker-month and site-month figures for the worksites pages: set-based SQL, aggregated in the
database, one place for the definitions.

A worker-month is a registered worker's attendance on a site in a month, read from the rollup
(worksites_workermonth, rollup.py). Whether it is *unpaid* is the rule `wage.unpaid`'s to decide
(rules.py: the site's payday, its thresholds, `today`): the pages count its open warnings, so a page
and the map's colour never disagree. "Owed" is attendance days x the daily minimum wage
(MIN_MONTHLY_WAGE / 21.75, DOMAIN.md §3).
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from geo_server.db_router import read_connection

PAID_DAYS_A_MONTH = Decimal("21.75")
UNPAID_RULE = "wage.unpaid"

# Registered workers' months (site_id, id_hash, month, days) on the sites of `{sites}` (a condition
# on m.site_id).
REGISTERED_MONTHS = """
    SELECT m.site_id, m.id_hash, m.month, m.days
    FROM worksites_workermonth m
    JOIN worksites_worker w ON w.site_id = m.site_id AND w.id_hash = m.id_hash
    WHERE {sites}"""

# Open `wage.unpaid` warnings (site_id, month) on the sites of `{sites}` (a condition on
# u.feature_id); their subject is worker:<id>:<YYYY-MM>.
OPEN_UNPAID = """
    SELECT u.feature_id AS site_id, to_date(right(u.subject, 7), 'YYYY-MM') AS month
    FROM supervision_warning u
    WHERE u.rule_code = '""" + UNPAID_RULE + """' AND u.is_open AND {sites}"""

SITE_MONTHS_SQL = """
WITH months AS (
    SELECT att.month, sum(att.days) AS days, count(*) AS worker_months
    FROM (""" + REGISTERED_MONTHS.format(sites="m.site_id = %(site)s") + """) att
    GROUP BY att.month
), unpaid AS (
    SELECT u.month, count(*) AS unpaid
    FROM (""" + OPEN_UNPAID.format(sites="u.feature_id = %(site)s") + """) u
    GROUP BY u.month
), paid AS (
    SELECT p.month, sum(p.amount) AS paid FROM worksites_payment p WHERE p.site_id = %(site)s GROUP BY p.month
)
SELECT COALESCE(months.month, paid.month, unpaid.month), COALESCE(months.days, 0),
       COALESCE(months.worker_months, 0), COALESCE(unpaid.unpaid, 0), COALESCE(paid.paid, 0)
FROM months
FULL JOIN paid ON paid.month = months.month
FULL JOIN unpaid ON unpaid.month = COALESCE(months.month, paid.month)
ORDER BY 1
"""

WORKER_MONTHS_SQL = """
WITH att AS (
    SELECT date_trunc('month', a.day)::date AS month, count(*) AS days
    FROM worksites_dailyattendance a
    WHERE a.site_id = %(site)s AND a.id_hash = %(id_hash)s
    GROUP BY 1
), paid AS (
    SELECT p.month, sum(p.amount) AS paid, count(*) AS payments,
           string_agg(DISTINCT p.payee_name || ' ' || p.payee_account_masked, '; ') AS payees
    FROM worksites_payment p
    WHERE p.site_id = %(site)s AND p.id_hash = %(id_hash)s
    GROUP BY p.month
)
SELECT COALESCE(att.month, paid.month), COALESCE(att.days, 0), COALESCE(paid.paid, 0),
       COALESCE(paid.payments, 0), COALESCE(paid.payees, '')
FROM att FULL JOIN paid ON paid.month = att.month
ORDER BY 1
"""

def daily_minimum() -> Decimal:
    return (Decimal(settings.GEO_SERVER["MIN_MONTHLY_WAGE"]) / PAID_DAYS_A_MONTH).quantize(
        Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class SiteMonth:
    month: date
    days: int
    worker_months: int
    unpaid: int
    owed: Decimal
    paid: Decimal


def site_months(site_id: int) -> list[SiteMonth]:
    """Per month on the site: attendance days, worker-months, unpaid worker-months (open
    `wage.unpaid` warnings), owed, paid."""
    minimum = daily_minimum()
    with read_connection().cursor() as cursor:
        cursor.execute(SITE_MONTHS_SQL, {"site": site_id})
        return [SiteMonth(month, days, worker_months, unpaid, (minimum * days).quantize(Decimal("0.01")), paid)
                for month, days, worker_months, unpaid, paid in cursor.fetchall()]


@dataclass(frozen=True)
class WorkerMonth:
    month: date
    days: int
    paid: Decimal
    payments: int
    payees: str  # payee names with masked accounts


def worker_months(site_id: int, id_hash: str) -> list[WorkerMonth]:
    with read_connection().cursor() as cursor:
        cursor.execute(WORKER_MONTHS_SQL, {"site": site_id, "id_hash": id_hash})
        return [WorkerMonth(*row) for row in cursor.fetchall()]
