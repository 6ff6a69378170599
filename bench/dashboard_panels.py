"""Benchmark: every registered dashboard panel's data(user, filters) on the demo database, in process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/geo_server_x .venv/bin/python bench/dashboard_panels.py \
        [--users province,tianhe] [--runs 5] [--months 12] [--area 440106]

Needs the demo (`make demo`, or at least load_demo, load_wages, run_risk_model, evaluate_rules and
create_demo_users). For each user and each panel of every dashboard (the core's and every
Sector.dashboards, geo_server.dashboards.registry): one warm-up call, then
the median of --runs calls and the number of SQL statements one call makes (no HTTP, no JSON:
bench/dashboards.py measures the panel API).
The range is the dashboards' default: the last --months months up to today; --area narrows it.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_server.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from geo_server.accounts.models import User  # noqa: E402
from geo_server.dashboards.registry import all_dashboards  # noqa: E402
from geo_server.sector import DashboardFilter  # noqa: E402


def default_range(months: int, today: date) -> DashboardFilter:
    """The first day of the month `months - 1` before today's, to today."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return DashboardFilter(date(index // 12, index % 12 + 1, 1), today)


def time_panel(panel, user, filters: DashboardFilter, runs: int) -> tuple[float, int]:
    panel.data(user, filters)  # warm-up: imports, URL resolver, plans
    with CaptureQueriesContext(connection) as queries:
        panel.data(user, filters)
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        panel.data(user, filters)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", default="province,tianhe")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--area", default=None)
    args = parser.parse_args()
    base = default_range(args.months, timezone.localdate())
    filters = DashboardFilter(base.start, base.end, args.area)
    print(f"range {filters.start}..{filters.end} area {filters.area or '-'}, median of {args.runs}")
    print(f"{'user':10} {'dashboard':14} {'panel':24} {'chart':12} {'ms':>8} {'SQL':>4}")
    with translation.override("zh-hans"):
        for username in args.users.split(","):
            user = User.objects.get(username=username)
            for dashboard in all_dashboards():
                for panel in dashboard.panels:
                    ms, statements = time_panel(panel, user, filters, args.runs)
                    print(f"{username:10} {dashboard.id:14} {panel.id:24} {panel.chart:12} {ms:8.1f} {statements:4}")


if __name__ == "__main__":
    main()
