"""A construction site's record page with 2,000 workers x 4 months of attendance: the goal is
within 300 ms (issue #11).

Usage (a migrated database with the areas loaded; the script's own rows, code BENCH-SITE, are
replaced on each run):
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/geo_server_x \\
        .venv/bin/python bench/site_page.py [--workers 2000] [--months 4] [--requests 50]

Makes one site in Tianhe with --workers workers, each attending every weekday of --months months
from January 2025 (about 22 days a month), 90% of the worker-months paid; then requests
/features/<id>/ --requests times in process (Django's test client, a district officer logged in)
after two warm-up requests, and prints the median and p95, with the section's SQL alone
(indicators.site_months) for comparison. The worker-month rollup is refreshed and the site's rules
evaluated once after building (the page counts the open wage.unpaid warnings).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_server.settings")

import django  # noqa: E402

django.setup()

from django.contrib.gis.geos import Point  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.conf import settings  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

from geo_server.accounts.models import Organisation, User  # noqa: E402
from geo_server.features.kinds import Kind, register_record_section  # noqa: E402
from geo_server.features.models import AdminArea, Feature  # noqa: E402
from geo_server.sectors.worksites import indicators  # noqa: E402
from geo_server.sectors.worksites.models import Enterprise, Subcontract, WageAccount, Worker  # noqa: E402
from geo_server.sectors.worksites.partitions import ensure_months, next_month  # noqa: E402
from geo_server.sectors.worksites.records import SITE_SECTION  # noqa: E402
from geo_server.sectors.worksites.rollup import refresh_worker_months  # noqa: E402
from geo_server.supervision.evaluation import evaluate_features  # noqa: E402

CODE = "BENCH-SITE"
FIRST = date(2025, 1, 1)


def build(workers: int, months: int) -> Feature:
    last = FIRST
    for _ in range(months):
        last = next_month(last)
    with transaction.atomic():
        Feature.objects.filter(code=CODE).delete()  # workers, subcontracts, payments cascade
        office, _ = Organisation.objects.get_or_create(
            name="BENCH 天河区住房和建设局", defaults={"type": "district_office",
                                                "jurisdiction": AdminArea.objects.get(code="440106")})
        contractor, _ = Organisation.objects.get_or_create(
            name="BENCH 总包建设集团", defaults={"type": "enterprise", "jurisdiction": AdminArea.objects.get(code="440100")})
        enterprise, _ = Enterprise.objects.get_or_create(credit_code="91440106BENCH0001X",
                                                         defaults={"name": "BENCH 总包建设集团", "organisation": contractor})
        site = Feature.objects.create(kind=Kind.CONSTRUCTION_SITE, code=CODE, name="BENCH 工地",
                                      geom=Point(113.3240, 23.1380, srid=4326), organisation=contractor)
        Subcontract.objects.create(site=site, enterprise=enterprise, role="general", starts_on=FIRST)
        WageAccount.objects.create(site=site, bank="BENCH", account_hash="0" * 64, account_masked="6222****0000",
                                   opened_on=FIRST, payday=15)
        Worker.objects.bulk_create([
            Worker(site=site, employer=enterprise, name=f"工人{i:04d}", id_hash=f"bench{site.pk:08d}{i:051d}",
                   id_masked="440106********0000", trade="钢筋工", team=f"{i % 20}班", registered_on=FIRST)
            for i in range(workers)], batch_size=1000)
        ensure_months(FIRST, last)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM worksites_dailyattendance WHERE site_id NOT IN (SELECT id FROM features_feature)")
            cursor.execute("""
                INSERT INTO worksites_dailyattendance (site_id, worker_id, id_hash, day, first_at, last_at, events)
                SELECT w.site_id, w.id, w.id_hash, d::date, d + interval '8 hours', d + interval '17 hours', 2
                FROM worksites_worker w
                CROSS JOIN generate_series(%s::date, %s::date - 1, interval '1 day') d
                WHERE w.site_id = %s AND extract(isodow FROM d) < 6""", [FIRST, last, site.pk])
            cursor.execute("""
                INSERT INTO worksites_payment (source_id, site_id, worker_id, id_hash, month, amount, payee_name,
                                               payee_account_hash, payee_account_masked, paid_at)
                SELECT 'bench-' || w.id || '-' || to_char(m, 'YYYYMM'), w.site_id, w.id, w.id_hash, m::date, 3000,
                       w.name, repeat('1', 64), '6222********0000', m + interval '1 month 10 days'
                FROM worksites_worker w
                CROSS JOIN generate_series(%s::date, %s::date - 1, interval '1 month') m
                WHERE w.site_id = %s AND (w.id + extract(month FROM m)::int) %% 10 <> 0""", [FIRST, last, site.pk])
            cursor.execute("ANALYZE worksites_dailyattendance; ANALYZE worksites_payment; ANALYZE worksites_worker")
        refresh_worker_months([site.pk])
    # The unpaid worker-months the page counts are the sweep's open wage.unpaid warnings.
    evaluate_features([site.pk])
    User.objects.filter(username="bench-site-page").delete()
    User.objects.create_user("bench-site-page", organisation=office, role="district_officer")
    return site


def timed(call, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        out.append((time.perf_counter() - began) * 1000)
    return out


def summary(name: str, times: list[float]) -> str:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return f"{name}: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms over {len(times)}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2000)
    parser.add_argument("--months", type=int, default=4)
    parser.add_argument("--requests", type=int, default=50)
    options = parser.parse_args()

    began = time.perf_counter()
    site = build(options.workers, options.months)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM worksites_dailyattendance WHERE site_id = %s", [site.pk])
        (rows,) = cursor.fetchone()
    print(f"site {site.pk}: {options.workers} workers, {rows} attendance rows, built in {time.perf_counter() - began:.1f} s")

    register_record_section(Kind.CONSTRUCTION_SITE, SITE_SECTION.template, SITE_SECTION.context)
    setup_test_environment()
    # Static files under their source names, as in the tests: no collectstatic needed.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()
    client = Client()
    client.force_login(User.objects.get(username="bench-site-page"))
    path = f"/features/{site.pk}/"

    def get():
        response = client.get(path)
        assert response.status_code == 200 and b'id="worksite"' in response.content, response.status_code

    timed(get, 2)
    print(summary("record page", timed(get, options.requests)))
    print(summary("section SQL (site_months)", timed(lambda: indicators.site_months(site.pk), options.requests)))
    print(summary("ranking page", timed(lambda: client.get("/worksites/ranking/"), max(options.requests // 5, 5))))


if __name__ == "__main__":
    main()
