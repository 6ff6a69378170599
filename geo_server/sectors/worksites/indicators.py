"""Worker-month and site-month figures for the worksites pages: set-based SQL, aggregated in the
database, one place for the definitions.

A worker-month is a registered worker's attendance on a site in a month. It is *unpaid* when the
site's payday for that month (the `payday`-th of the next month, Asia/Shanghai; 15 without a wage
account) has passed and no payment to that person (id_hash) on that site is recorded for the month.
"Owed" is attendance days x the daily minimum wage (MIN_MONTHLY_WAGE / 21.75, DOMAIN.md §3).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

PAID_DAYS_A_MONTH = Decimal("21.75")
DEFAULT_PAYDAY = 15

# Daily attendance is partitioned by month (migration 0003, partitions.ensure_months: one partition
# a month, no default partition), so a row's partition *is* its month: grouping by tableoid and
# reading each partition's lower bound once is half the cost of date_trunc on every row (172,000
# rows for a site of 2,000 workers over 4 months).
PARTITION_MONTHS = """parts AS MATERIALIZED (
    SELECT i.inhrelid AS part,
           substring(pg_get_expr(c.relpartbound, c.oid) FROM '\\d{4}-\\d{2}-\\d{2}')::date AS month
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'worksites_dailyattendance'::regclass)"""

# The instant a month's payday has passed: the start of the day after the payday, local time.
# `att` is a row with site_id, id_hash and month; `wa` the site's wage account (may be NULL).
PAYDAY_PASSED = """((att.month + interval '1 month' + COALESCE(wa.payday, {default}) * interval '1 day')::timestamp
                     AT TIME ZONE 'Asia/Shanghai') <= %(now)s""".format(default=DEFAULT_PAYDAY)
NOT_PAID = """NOT EXISTS (SELECT 1 FROM worksites_payment p
                          WHERE p.site_id = att.site_id AND p.id_hash = att.id_hash AND p.month = att.month)"""

# Registered workers' months on the sites of `{sites}` (a condition on a.site_id): site_id,
# worker_id, id_hash, month, days. Follows PARTITION_MONTHS in a WITH list.
WORKER_MONTH_ROWS = f"""
    SELECT g.site_id, g.worker_id, w.id_hash, parts.month, g.days
    FROM (SELECT a.site_id, a.worker_id, a.tableoid AS part, count(*) AS days
          FROM worksites_dailyattendance a
          WHERE {{sites}} AND a.worker_id IS NOT NULL
          GROUP BY a.site_id, a.worker_id, a.tableoid) g
    JOIN parts ON parts.part = g.part
    JOIN worksites_worker w ON w.id = g.worker_id"""

SITE_MONTHS_SQL = f"""
WITH {PARTITION_MONTHS},
att AS ({WORKER_MONTH_ROWS.replace("{sites}", "a.site_id = %(site)s")}
), months AS (
    SELECT att.month, sum(att.days) AS days, count(*) AS worker_months,
           count(*) FILTER (WHERE {PAYDAY_PASSED} AND {NOT_PAID}) AS unpaid
    FROM att LEFT JOIN worksites_wageaccount wa ON wa.site_id = att.site_id
    GROUP BY att.month
), paid AS (
    SELECT p.month, sum(p.amount) AS paid FROM worksites_payment p WHERE p.site_id = %(site)s GROUP BY p.month
)
SELECT COALESCE(months.month, paid.month), COALESCE(months.days, 0), COALESCE(months.worker_months, 0),
       COALESCE(months.unpaid, 0), COALESCE(paid.paid, 0)
FROM months FULL JOIN paid ON paid.month = months.month
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

@contextmanager
def page_cursor() -> Iterator:
    """A cursor for a page's aggregate, with JIT off for its transaction: PostgreSQL's cost estimate
    for ~200,000 rows switches JIT on, and compiling takes longer (~90 ms) than the query gains."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        yield cursor


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


def site_months(site_id: int, now: datetime | None = None) -> list[SiteMonth]:
    """Per month on the site: attendance days, worker-months, unpaid worker-months, owed, paid."""
    minimum = daily_minimum()
    with page_cursor() as cursor:
        cursor.execute(SITE_MONTHS_SQL, {"site": site_id, "now": now or timezone.now()})
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
    with connection.cursor() as cursor:
        cursor.execute(WORKER_MONTHS_SQL, {"site": site_id, "id_hash": id_hash})
        return [WorkerMonth(*row) for row in cursor.fetchall()]
