"""Benchmark: every panel of every registered dashboard, as the panel API answers it.

Usage (on a database loaded with `load_demo [--scale N]` and `create_demo_users`):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/geo_server_x .venv/bin/python bench/dashboards.py

For the province, city and district users it requests /api/dashboards/<id>/panels/<panel> (the
default 12 months, no area) through Django's test client, five times each, and prints the median
and the slowest per panel; then the areas GeoJSON and the hazards report PDF for the city user.
"""

import os
import statistics
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_server.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from geo_server.accounts.models import User  # noqa: E402
from geo_server.dashboards.filters import default_range  # noqa: E402
from geo_server.dashboards.registry import all_dashboards  # noqa: E402

RUNS = 5


def timed(client, path: str) -> list[float]:
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        response = client.get(path, HTTP_HOST="localhost")
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (path, response.status_code, response.content[:200])
    return times


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    for username in ("province", "city", "tianhe"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for dashboard in all_dashboards():
            start, end = default_range(dashboard.default_months)
            for panel in dashboard.panels:
                times = timed(client, f"/api/dashboards/{dashboard.id}/panels/{panel.id}?start={start}&end={end}")
                print(f"{username:9} {dashboard.id:13} {panel.id:22} median {statistics.median(times):6.1f} ms"
                      f"  max {max(times):6.1f} ms")
    client = Client()
    client.force_login(User.objects.get(username="city"))
    for path in ("/dashboards/areas.geojson?level=district", "/dashboards/areas.geojson?level=street",
                 f"/dashboards/hazards/report.pdf?month={default_range(1)[1]}"):
        times = timed(client, path)
        print(f"city      {path:58} median {statistics.median(times):6.1f} ms  max {max(times):6.1f} ms")


if __name__ == "__main__":
    main()
