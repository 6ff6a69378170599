"""Benchmark: each panel of the fund dashboard, its data(user, filters) timed at demo scale.

Usage (on a database with the fund demo: `load_demo`, or the fund centers and their history alone):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/geo_server_x .venv/bin/python bench/fund_dashboard.py

For the whole province (a superuser's scope: all 21 centers) and for one center (area 440300,
Shenzhen: the line panels then add its forecast band), over the 12 months to 2026-11, five runs
each: the median and the slowest, and the queries a panel runs.
"""

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

from geo_server.accounts.models import User  # noqa: E402
from geo_server.sector import DashboardFilter, sector_for  # noqa: E402

RUNS = 5


def main() -> None:
    province = User(username="bench-province", is_superuser=True)
    panels = sector_for("fund_center").dashboards[0].panels
    for label, filters in (("province", DashboardFilter(date(2025, 12, 1), date(2026, 11, 30))),
                           ("shenzhen", DashboardFilter(date(2025, 12, 1), date(2026, 11, 30), "440300"))):
        for panel in panels:
            times = []
            for _ in range(RUNS):
                with CaptureQueriesContext(connection) as queries:
                    began = time.perf_counter()
                    panel.data(province, filters)
                    times.append((time.perf_counter() - began) * 1000)
            print(f"{label:9} {panel.id:20} median {statistics.median(times):6.1f} ms  max {max(times):6.1f} ms"
                  f"  queries {len(queries)}")


if __name__ == "__main__":
    main()
