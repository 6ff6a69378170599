"""Benchmark: OGC API items pages at the start and near the end of the 840,000 buildings, a bbox
page of 1,000, each through HTTP vs its SQL alone, and GDAL's `ogr2ogr -spat` of ~2,500 features.

Usage: DATABASE_URL=postgres://.../geo_server_bench_<part> .venv/bin/python bench/ogc_paging.py [--runs 30]
The database must hold `load_demo --scale 200` (a copy of geo_server_bench, migrated). The script
starts its own single-threaded WSGI server (DEBUG off) on --port and authenticates as --user
with a Bearer token it issues (HTTP Basic pays a password hash per request; timed separately).
"""

import argparse
import base64
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import django
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_server.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from geo_server.accounts.models import User  # noqa: E402
from geo_server.accounts.tokens import issue_token  # noqa: E402
from layers.catalogue import get_layer  # noqa: E402
from layers.ogcapi import items  # noqa: E402
from layers.ogcapi.crs import CRS84  # noqa: E402
from layers.ogcapi.query import parse_items_query  # noqa: E402

LAYER = "building"


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def http_times(url: str, headers: dict, runs: int) -> list[float]:
    times = []
    for i in range(runs + 3):  # three warm-ups
        start = time.perf_counter()
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
            response.read()
        if i >= 3:
            times.append(time.perf_counter() - start)
    return times


def captured_sql(user, query_string: str) -> list[str]:
    """The statements the items core runs for this page (the catalogue's scoping lookups left out)."""
    layer = get_layer(LAYER)
    query = parse_items_query(layer, QueryDict(query_string))
    with CaptureQueriesContext(connection) as captured:
        items.items_page(layer, user, query, {}, "http://bench/items")
    return [q["sql"] for q in captured.captured_queries if "features_feature" in q["sql"]]


def sql_times(statements: list[str], runs: int) -> list[float]:
    times = []
    with psycopg.connect(os.environ["DATABASE_URL"]) as db:
        for i in range(runs + 3):
            start = time.perf_counter()
            for sql in statements:
                db.execute(sql).fetchall()
            if i >= 3:
                times.append(time.perf_counter() - start)
    return times


def offset_sql(user, offset: int, limit: int) -> list[str]:
    """The same page fetched the way OFFSET paging would (pygeoapi, tipg), for reference."""
    layer = get_layer(LAYER)
    with CaptureQueriesContext(connection) as captured:
        items.feature_texts(layer, layer.rows(user)[offset:offset + limit], CRS84)
    return [q["sql"] for q in captured.captured_queries]


def dense_bbox(target: int) -> tuple[float, float, float, float]:
    """A square around Tianhe whose buildings number about `target`."""
    lon, lat, half = 113.33, 23.13, 0.002
    with connection.cursor() as cursor:
        while True:
            box = (lon - half, lat - half, lon + half, lat + half)
            cursor.execute("SELECT count(*) FROM features_feature WHERE kind = %s AND geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326)",
                           [LAYER, *box])
            if cursor.fetchone()[0] >= target:
                return box
            half *= 1.1


def ogr2ogr(base: str, box: tuple, auth_env: dict, page_size: int | None) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.gpkg"
        args = ["ogr2ogr", "-f", "GPKG", str(out), f"OAPIF:{base}/ogc", LAYER, "-spat", *map(str, box)]
        if page_size:
            args += ["-oo", f"PAGE_SIZE={page_size}"]
        start = time.perf_counter()
        subprocess.run(args, env={**os.environ, **auth_env}, check=True, capture_output=True)
        elapsed = time.perf_counter() - start
        count = subprocess.run(["ogrinfo", "-ro", "-so", str(out), LAYER], capture_output=True, text=True).stdout
        return elapsed, int(count.split("Feature Count: ")[1].split()[0])


# One process, one thread, one kept database connection: what a gunicorn sync worker does. Django's
# runserver opens a new thread, hence a new database connection, for every request (~15 ms more).
SERVER = """
from wsgiref.simple_server import WSGIRequestHandler, make_server
from geo_server.wsgi import application
class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass
make_server("127.0.0.1", {port}, application, handler_class=Quiet).serve_forever()
"""


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "GEO_SERVER_DEBUG": "0"}
    server = subprocess.Popen([sys.executable, "-c", SERVER.format(port=port)], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health")
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("the server did not start")


def row(name: str, http: list[float], sql: list[float] | None) -> str:
    h50, h95 = percentile(http, 0.5) * 1000, percentile(http, 0.95) * 1000
    if sql is None:
        return f"| {name} | {h50:.1f} | {h95:.1f} | - | - |"
    s50 = percentile(sql, 0.5) * 1000
    return f"| {name} | {h50:.1f} | {h95:.1f} | {s50:.1f} | {h50 / s50:.2f}× |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--port", type=int, default=8102)
    parser.add_argument("--user", default="admin")
    options = parser.parse_args()
    user = User.objects.get(username=options.user)
    token = issue_token(user, "bench/ogc_paging.py")
    bearer = {"Authorization": f"Bearer {token}"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM features_feature WHERE kind = %s ORDER BY id DESC OFFSET 150 LIMIT 1", [LAYER])
        near_end = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM features_feature WHERE kind = %s", [LAYER])
        total = cursor.fetchone()[0]
    box = dense_bbox(2500)
    bbox = ",".join(f"{v:.6f}" for v in box)
    cases = [("first page, limit 100", "limit=100"),
             (f"near the end (after={near_end}), limit 100", f"limit=100&after={near_end}"),
             (f"bbox ({bbox}), limit 1000", f"limit=1000&bbox={bbox}")]
    server = start_server(options.port)
    base = f"http://127.0.0.1:{options.port}"
    try:
        lines = ["| request | HTTP p50 ms | HTTP p95 ms | SQL alone p50 ms | HTTP / SQL |", "|---|---|---|---|---|"]
        for name, query in cases:
            url = f"{base}/ogc/collections/{LAYER}/items?{query}"
            lines.append(row(name, http_times(url, bearer, options.runs), sql_times(captured_sql(user, query), options.runs)))
        offset = percentile(sql_times(offset_sql(user, total - 150, 100), options.runs), 0.5) * 1000
        lines.append(f"| reference: the same page by OFFSET {total - 150:,} | - | - | {offset:.1f} | - |")
        basic = {"Authorization": "Basic " + base64.b64encode(f"{options.user}:geo-demo-2026".encode()).decode()}
        lines.append(row("first page, limit 100, HTTP Basic", http_times(f"{base}/ogc/collections/{LAYER}/items?limit=100", basic, 10), None))
        print("\n".join(lines))
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as header_file:
            header_file.write(f"Authorization: Bearer {token}\n")
        print(f"\nogr2ogr -spat {' '.join(f'{v:.6f}' for v in box)} (GDAL {subprocess.run(['gdalinfo', '--version'], capture_output=True, text=True).stdout.split(',')[0]})")
        print("| GDAL page size | seconds | features |\n|---|---|---|")
        for page_size in (None, 1000, 10000):
            elapsed, count = ogr2ogr(base, box, {"GDAL_HTTP_HEADER_FILE": header_file.name}, page_size)
            print(f"| {page_size or 'default (10)'} | {elapsed:.2f} | {count:,} |")
        elapsed, count = ogr2ogr(base, box, {"GDAL_HTTP_AUTH": "BASIC", "GDAL_HTTP_USERPWD": f"{options.user}:geo-demo-2026"}, 1000)
        print(f"| 1000, HTTP Basic | {elapsed:.2f} | {count:,} |")
        os.unlink(header_file.name)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
