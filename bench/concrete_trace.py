"""The concrete trace (geo_server/sectors/concrete/trace.py): the goal is a failed evaluation traced
to its receiving sites within 200 ms (issue #12).

Usage (a database with the demo loaded: `load_demo`, `load_concrete --scale N`, `create_demo_users`):
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/geo_server_x \\
        .venv/bin/python bench/concrete_trace.py [--runs 30] [--user city]

Traces, as --user, the failed evaluation batch (the demo's one, else the largest evaluation batch),
the construction site that received the most deliveries, and the cement lot used most: each
--runs times after one warm-up, as the function alone and as the trace page through Django's test
client in process; prints the median and p95 and the rows traced.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_server.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.conf import settings  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from geo_server.accounts.models import User  # noqa: E402
from geo_server.sectors.concrete.models import Batch, BatchingRecord, DeliveryTicket, EvaluationBatch  # noqa: E402
from geo_server.sectors.concrete.trace import trace  # noqa: E402


def origins() -> list[tuple[str, int]]:
    evaluation = (EvaluationBatch.objects.filter(passed=False).order_by("-groups").first()
                  or EvaluationBatch.objects.order_by("-groups").first())
    site = (DeliveryTicket.objects.values("site_id").annotate(n=Count("id")).order_by("-n").first())["site_id"]
    lot = (BatchingRecord.objects.filter(material_type="cement").values("lot_id").annotate(n=Count("id"))
           .order_by("-n").first())["lot_id"]
    return [("evaluation", evaluation.pk), ("site", site), ("lot", lot)]


def timed(work, runs: int) -> tuple[float, float]:
    work()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--user", default="city")
    args = parser.parse_args()
    setup_test_environment()
    # Static files under their source names, as in the tests: no collectstatic needed.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()
    user = User.objects.get(username=args.user)
    client = Client()
    client.force_login(user)
    print(f"{Batch.objects.count():,} batches; as {user.username}")
    for direction, origin in origins():
        found = trace(user, direction, origin)
        if found is None:
            print(f"{direction:10} outside {user.username}'s scope")
            continue
        f_median, f_p95 = timed(lambda: trace(user, direction, origin), args.runs)
        url = reverse("concrete-trace", args=[direction, origin])
        p_median, p_p95 = timed(lambda: client.get(url), args.runs)
        print(f"{direction:10} {len(found.rows):6} rows {len(found.sites):4} sites | function {f_median:6.1f} ms "
              f"(p95 {f_p95:6.1f}) | page {p_median:6.1f} ms (p95 {p_p95:6.1f})")


if __name__ == "__main__":
    main()
