"""Benchmark: the wage sweep (the five set-based wage rules of DOMAIN.md §3) at scale, and the
incremental sweep after one day's new rows.

Usage (on a database with the demo's sites and `load_wages --scale N` reaching 10,000,000
attendance rows and 1,000,000 payments):
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/geo_server_bench_wages \\
        .venv/bin/python bench/wage_sweep.py [--today 2026-12-07]

It prints the row counts, then times: a first full sweep of kind construction_site (warnings and
hazards created), a second full sweep (nothing new: rows updated in place), and the incremental
sweep: one more day of attendance for every worker of 50 sites, their worker-months refreshed
(rollup.py), then evaluate_features on those sites only (what ingestion runs after a commit).
"""

import argparse
import os
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_server.settings")
django.setup()

from django.db import connection  # noqa: E402

from bench.proc_cpu import backend_cpu  # noqa: E402
from geo_server.sectors.worksites.partitions import ensure_months  # noqa: E402
from geo_server.sectors.worksites.rollup import refresh_worker_months  # noqa: E402
from geo_server.supervision import store  # noqa: E402
from geo_server.supervision.evaluation import evaluate_features, sweep  # noqa: E402

COUNTS = """SELECT (SELECT count(*) FROM worksites_dailyattendance), (SELECT count(*) FROM worksites_clockevent),
                   (SELECT count(*) FROM worksites_payment), (SELECT count(*) FROM worksites_worker),
                   (SELECT count(*) FROM worksites_inflow)"""

ONE_MORE_DAY = """
INSERT INTO worksites_dailyattendance (site_id, worker_id, id_hash, day, first_at, last_at, events)
SELECT w.site_id, w.id, w.id_hash, %(day)s, %(first)s, %(last)s, 2
FROM worksites_worker w WHERE w.site_id = ANY(%(sites)s)
ON CONFLICT DO NOTHING
"""


PER_RULE: list[tuple[str, float, float]] = []


def per_rule(upsert):
    """store.upsert_sql_rule, timed per rule (wall and backend CPU) into PER_RULE."""
    def timed_upsert(rule, *args, **kwargs):
        cpu, started = backend_cpu(connection), time.perf_counter()
        written = upsert(rule, *args, **kwargs)
        PER_RULE.append((rule.code, time.perf_counter() - started, backend_cpu(connection) - cpu))
        return written
    return timed_upsert


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - started, value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    parser.add_argument("--sites", type=int, default=50)
    args = parser.parse_args()
    with connection.cursor() as cursor:
        cursor.execute(COUNTS)
        attendance, events, payments, workers, inflows = cursor.fetchone()
        cursor.execute("SELECT max(day) FROM worksites_dailyattendance")
        last_day = cursor.fetchone()[0]
    today = args.today or (last_day + timedelta(days=1) if last_day else date.today())
    print(f"daily attendance {attendance:,}; clock events {events:,}; payments {payments:,}; workers {workers:,}; "
          f"inflows {inflows:,}; today {today}")
    for run in ("first", "second"):
        seconds, result = timed(sweep, "construction_site", today=today)
        print(f"{run} full sweep: {seconds:.1f} s  {result}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT site_id FROM worksites_worker ORDER BY site_id LIMIT %s", [args.sites])
        sites = [row[0] for row in cursor.fetchall()]
        day = today
        ensure_months(day, day)
        first = datetime.combine(day, datetime.min.time(), timezone.utc) + timedelta(hours=0)
        cursor.execute(ONE_MORE_DAY, {"day": day, "first": first, "last": first + timedelta(hours=9),
                                      "sites": sites})
        added = cursor.rowcount
    refresh_seconds, _ = timed(refresh_worker_months, sites, day)  # what ingestion does in its transaction
    store.upsert_sql_rule = per_rule(store.upsert_sql_rule)
    cpu = backend_cpu(connection)
    seconds, results = timed(evaluate_features, sites, today=today + timedelta(days=1))
    print(f"incremental: {added:,} new attendance rows on {len(sites)} sites, worker-months refreshed "
          f"{refresh_seconds:.2f} s, evaluate_features {seconds:.2f} s (database CPU {backend_cpu(connection) - cpu:.2f} s) "
          f"{results}")
    for code, wall, rule_cpu in PER_RULE:
        print(f"  {code}: {wall:.2f} s (database CPU {rule_cpu:.2f} s)")


if __name__ == "__main__":
    main()
