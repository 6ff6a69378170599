"""Benchmark: geo_server vs tipg 1.6.1 vs raw SQL on the same rows, in one run (issue #16, "Speed, side by side").

Usage (a database loaded with `load_demo --scale 200`, migrated, `create_demo_users`, `vacuum analyze`):
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/geo_server_tipg \\
        .venv/bin/python bench/side_by_side.py [--samples 20] [--seconds 10] [--runs 1] [--skip-exports]

What runs:
- geo_server under gunicorn, 2 worker processes (gthread, 8 threads each), as bin/run starts it, with the
  tile cache off (GEO_SERVER_TILE_CACHE_SECONDS=0) and no Celery (exports stream from the web process).
- tipg 1.6.1 on uvicorn, 2 worker processes (bench/tipg/serve.sh makes its venv from PyPI on first use),
  publishing only the schema `bench`, where this script creates the view `bench.building`: the building
  layer's rows as geo_server publishes them (`get_layer("building").rows(admin)`: id, geom and every
  published field, with their joins to districts, streets and basins), unscoped (tipg has no users).
- Raw SQL through psycopg, JIT off and no parallel workers (as geo_server's tiles), one transaction per statement.

geo_server authenticates with Bearer tokens: `city` (all of Guangzhou, so scoping applies) for tiles,
`admin` for exports and OGC items (as bench/exports.py and bench/ogc_paging.py); GDAL with a header file.
Every figure is the median of --samples, taken in turn with its rivals'
(so each sees the same load), unless said; rates alternate in 4 slices. The load average is printed: the machine is shared.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_server.settings")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from geo_server.accounts.models import User  # noqa: E402
from geo_server.accounts.tokens import issue_token  # noqa: E402
from layers.catalogue import get_layer  # noqa: E402
from layers.ogcapi import items  # noqa: E402
from layers.ogcapi.query import parse_items_query  # noqa: E402
from layers.tiles import BUFFER, EXTENT, TileAddress, _columns, render_tile  # noqa: E402

from side_by_side_servers import load, rss_mb, start_geo_server, start_tipg, stop, worker_pids  # noqa: E402
from side_by_side_timing import Http, curl, rates, timed, wall  # noqa: E402

LAYER = "building"
TIPG_COLLECTION = "bench.building"
CENTRE_Z14 = (13349, 7109)  # Tianhe, as bench/tiles.py
TARGET_FEATURES = 4500
DATABASE_URL = os.environ["DATABASE_URL"]
# Raw SQL as geo_server runs its tiles: no JIT, no parallel workers (tiles.TUNING).
RAW_OPTIONS = "-c jit=off -c max_parallel_workers_per_gather=0"

# The hand-written tile: the same columns from the feature table and its joins, the building kind only.
RAW_TILE_SQL = """
WITH bounds AS (SELECT ST_TileEnvelope({z}, {x}, {y}) AS env,
                       ST_Transform(ST_TileEnvelope({z}, {x}, {y}, margin => {margin}), 4326) AS probe),
mvt AS (
    SELECT src.id, {columns}, ST_AsMVTGeom(ST_Transform(src.geom, 3857), bounds.env, {extent}, {buffer}, true) AS geom
    FROM bench.building src, bounds WHERE src.geom && bounds.probe
)
SELECT ST_AsMVT(mvt.*, 'building', {extent}, 'geom', 'id') FROM mvt
"""


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def literal(sql: str, params) -> str:
    with connection.cursor() as cursor:
        return cursor.mogrify(sql, params)


def create_view(admin) -> None:
    sql, params = get_layer(LAYER).rows(admin).order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA IF NOT EXISTS bench")
        cursor.execute("DROP VIEW IF EXISTS bench.building")
        cursor.execute(f"CREATE VIEW bench.building AS {literal(sql, params)}")


def tile_count(address: TileAddress) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM features_feature WHERE kind = %s AND geom && "
                       "ST_Transform(ST_TileEnvelope(%s, %s, %s), 4326)", [LAYER, address.z, address.x, address.y])
        return cursor.fetchone()[0]


def pick_tile() -> TileAddress:
    """The z14 tile near Tianhe whose footprint count is nearest TARGET_FEATURES."""
    x, y = CENTRE_Z14
    candidates = [TileAddress(14, x + dx, y + dy) for dy in range(-2, 3) for dx in range(-2, 3)]
    return min(candidates, key=lambda a: abs(tile_count(a) - TARGET_FEATURES))


def dense_tiles(count: int) -> list[TileAddress]:
    """`count` distinct z14 tiles around Tianhe, densest first (each client asks a different one)."""
    x, y = CENTRE_Z14
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT tx, ty FROM generate_series(%s, %s) tx, generate_series(%s, %s) ty,
                 LATERAL (SELECT count(*) AS n FROM features_feature
                          WHERE kind = %s AND geom && ST_Transform(ST_TileEnvelope(14, tx, ty), 4326)) c
            ORDER BY n DESC LIMIT %s""", [x - 10, x + 10, y - 10, y + 10, LAYER, count])
        return [TileAddress(14, tx, ty) for tx, ty in cursor.fetchall()]


def tile_columns(layer) -> list[str]:
    return [c.split(" AS ")[-1].removeprefix("src.") for c in _columns(layer, 14).split(", ")]


def raw_tile_sql(layer, address: TileAddress) -> str:
    columns = ", ".join(f"src.{name}" for name in tile_columns(layer))
    return RAW_TILE_SQL.format(z=address.z, x=address.x, y=address.y, margin=BUFFER / EXTENT, columns=columns,
                               extent=EXTENT, buffer=BUFFER)


def own_tile_sql(layer, user, address: TileAddress) -> list[str]:
    """The statements geo_server runs for this tile (the SET LOCAL and the tile query)."""
    with CaptureQueriesContext(connection) as captured:
        render_tile(layer, user, address)
    return [q["sql"] for q in captured.captured_queries if q["sql"] not in ("BEGIN", "COMMIT")]


def sql_runner(statements: list[str], options: str = RAW_OPTIONS):
    conn = psycopg.connect(DATABASE_URL, options=options, autocommit=True)

    def run():
        with conn.transaction():
            for sql in statements:
                cursor = conn.execute(sql)
                if cursor.description:
                    cursor.fetchall()
    return run


def dense_bbox(target: int) -> tuple[float, float, float, float]:
    """A square around Tianhe whose buildings number about `target` (as bench/ogc_paging.py)."""
    lon, lat, half = 113.33, 23.13, 0.002
    with connection.cursor() as cursor:
        while True:
            box = (lon - half, lat - half, lon + half, lat + half)
            cursor.execute("SELECT count(*) FROM features_feature WHERE kind = %s AND geom && "
                           "ST_MakeEnvelope(%s, %s, %s, %s, 4326)", [LAYER, *box])
            if (found := cursor.fetchone()[0]) >= target:
                return box, found
            half *= 1.05


def ogr_spat(source: str, layer: str, box, env: dict) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.gpkg"
        seconds = wall(["ogr2ogr", "-f", "GPKG", str(out), source, layer, "-spat", *map(str, box)], env)
        info = subprocess.run(["ogrinfo", "-ro", "-so", str(out), layer], capture_output=True, text=True).stdout
        return seconds, int(info.split("Feature Count: ")[1].split()[0])


@dataclass
class Bench:
    """What every measurement needs: the options, the layer, the users' tokens and the two servers."""
    options: argparse.Namespace
    layer: object
    admin: User
    city: User
    admin_auth: dict
    geo_tiles: Http   # as `city`: all of Guangzhou, so scoping applies
    geo_admin: Http   # as `admin`: exports and OGC items
    tipg: Http
    columns: list

    def geo_tile(self, address: TileAddress) -> bytes:
        status, body = self.geo_tiles.get(f"/tiles/{LAYER}/{address}.mvt")
        assert status == 200, status
        return body

    def tipg_tile(self, a: TileAddress) -> bytes:
        status, body = self.tipg.get(f"/collections/{TIPG_COLLECTION}/tiles/WebMercatorQuad/{a.z}/{a.x}/{a.y}"
                                     f"?properties={','.join(self.columns)}")
        assert status == 200, (status, body[:200])
        return body


def measure_tile(bench: Bench, address: TileAddress) -> str:
    """One z14 tile, p50: geo_server over HTTP, its own SQL, tipg, the hand-written SQL."""
    own_run = sql_runner(own_tile_sql(bench.layer, bench.city, address))
    raw_run = sql_runner([raw_tile_sql(bench.layer, address)])
    sizes = (len(bench.geo_tile(address)), len(bench.tipg_tile(address)))
    geo_p50, tipg_p50, own_p50, raw_p50 = timed([lambda: bench.geo_tile(address), lambda: bench.tipg_tile(address),
                                                 own_run, raw_run], bench.options.samples)
    print(f"tile bytes: geo_server {sizes[0]:,}, tipg {sizes[1]:,}", flush=True)
    return (f"| z14 tile {address} ({tile_count(address):,} footprints), p50 | {ms(geo_p50)} "
            f"(its own SQL {ms(own_p50)}) | {ms(tipg_p50)} | {ms(raw_p50)} | "
            f"{geo_p50 / raw_p50:.2f}x raw SQL, {geo_p50 / tipg_p50:.2f}x tipg |")


def measure_tile_rate(bench: Bench, tiles: list[TileAddress]) -> str:
    """Tiles/s from 8 clients over distinct dense tiles, uncached."""
    connections = {}

    def raw_tile(i):
        conn = connections.get(threading.get_ident())
        if conn is None:
            conn = connections[threading.get_ident()] = psycopg.connect(DATABASE_URL, options=RAW_OPTIONS,
                                                                        autocommit=True)
        conn.execute(raw_tile_sql(bench.layer, tiles[i % len(tiles)])).fetchone()

    try:
        geo_rate, tipg_rate, raw_rate = rates([lambda i: bench.geo_tile(tiles[i % len(tiles)]),
                                               lambda i: bench.tipg_tile(tiles[i % len(tiles)]), raw_tile],
                                              8, bench.options.seconds)
    finally:
        for conn in connections.values():
            conn.close()
    return (f"| z14 tiles/s, 8 clients, {len(tiles)} distinct tiles, uncached | {geo_rate:.0f} | {tipg_rate:.0f} "
            f"| {raw_rate:.0f} | {geo_rate / tipg_rate:.2f}x tipg, {geo_rate / raw_rate:.2f}x raw SQL |")


def measure_items(bench: Bench) -> str:
    """OGC items, first page of 100: geo_server over HTTP, its own SQL, tipg."""
    with CaptureQueriesContext(connection) as captured:
        items.items_page(bench.layer, bench.admin, parse_items_query(bench.layer, QueryDict("limit=100")), {},
                         "http://bench/items")
    # As geo_server's connections run them: JIT off (settings.DATABASES), parallel plans allowed.
    items_sql = sql_runner([q["sql"] for q in captured.captured_queries if "features_feature" in q["sql"]],
                           "-c jit=off")
    geo_items, own_items, tipg_items = timed([lambda: bench.geo_admin.get(f"/ogc/collections/{LAYER}/items?limit=100"),
                                              items_sql,
                                              lambda: bench.tipg.get(f"/collections/{TIPG_COLLECTION}/items?limit=100")],
                                             bench.options.samples)
    return (f"| OGC items, limit 100, first page | {ms(geo_items)} (its own SQL {ms(own_items)}) | "
            f"{ms(tipg_items)} | {ms(own_items)} | {geo_items / own_items:.2f}x its own SQL, "
            f"{geo_items / tipg_items:.2f}x tipg |")


def measure_spat(bench: Bench) -> str:
    """`ogr2ogr -spat` through OAPIF from both servers, GDAL's default page of 10."""
    box, found = dense_bbox(5000)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as header_file:
        header_file.write(f"Authorization: {bench.admin_auth['Authorization']}\n")
    try:
        geo_spat = ogr_spat(f"OAPIF:http://127.0.0.1:{bench.options.port}/ogc", LAYER, box,
                            {"GDAL_HTTP_HEADER_FILE": header_file.name})
        tipg_spat = ogr_spat(f"OAPIF:http://127.0.0.1:{bench.options.tipg_port}", TIPG_COLLECTION, box, {})
    finally:
        os.unlink(header_file.name)
    return (f"| `ogr2ogr -spat` via OAPIF, GDAL's default page of 10 ({found:,} in the box) | "
            f"{geo_spat[0]:.1f} s ({geo_spat[1]:,}) | {tipg_spat[0]:.1f} s ({tipg_spat[1]:,}) | | "
            f"{geo_spat[0] / tipg_spat[0]:.2f}x tipg |")


def measure_exports(bench: Bench, workers: list[int]) -> list[str]:
    """GeoJSON against psql's COPY of ST_AsGeoJSON; GeoPackage against ogr2ogr, with the workers' memory."""
    export_sql = literal(*bench.layer.rows(bench.admin).query.sql_with_params())
    url = f"http://127.0.0.1:{bench.options.port}/exports/?layer={LAYER}&format="
    geojson, copy = [], []
    for _ in range(bench.options.runs):
        geojson.append(curl(url + "geojson", bench.admin_auth))
        copy.append(wall(["psql", DATABASE_URL, "-Atqc",
                          f"COPY (SELECT ST_AsGeoJSON(t.*) FROM ({export_sql}) t) TO STDOUT"], {"PGOPTIONS": "-c jit=off"}))
    best, copy_best = min(geojson), min(copy)
    rows = [f"| GeoJSON export of {bench.layer.rows(bench.admin).count():,} | {best[0]:.1f} s ({best[2] / 1e6:.0f} MB) "
            f"| not run (over 100 s paging) | COPY of ST_AsGeoJSON {copy_best:.1f} s | {best[0] / copy_best:.2f}x COPY |"]
    print(rows[-1], f"load {load()}", flush=True)
    before = [rss_mb(pid) for pid in workers]
    gpkg, ogr = [], []
    for _ in range(bench.options.runs):
        gpkg.append(curl(url + "gpkg", bench.admin_auth))
        with tempfile.TemporaryDirectory() as tmp:
            ogr.append(wall(["ogr2ogr", "-f", "GPKG", "-nln", LAYER, f"{tmp}/out.gpkg",
                             f"PG:{DATABASE_URL.replace('postgres://', 'postgresql://', 1)}",
                             "-sql", export_sql], {"PGOPTIONS": "-c jit=off"}))
    after = [rss_mb(pid) for pid in workers]
    best, ogr_best = min(gpkg), min(ogr)
    rss = ", ".join(f"{b:.0f} -> {a:.0f} MB" for b, a in zip(before, after))
    rows.append(f"| GeoPackage export | {best[0]:.1f} s, first byte at {best[1]:.1f} s, worker RSS {rss} | | "
                f"ogr2ogr {ogr_best:.1f} s | {best[0] / ogr_best:.2f}x ogr2ogr |")
    return rows


def print_table(rows: list[str]) -> None:
    print(f"\nload average at the end: {load()}\n")
    print("| work | geo_server | tipg 1.6.1 | raw SQL (jit off) | ratio |\n|---|---|---|---|---|")
    print("\n".join(rows))


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--runs", type=int, default=1, help="runs of each export (the best is kept)")
    parser.add_argument("--port", type=int, default=8201)
    parser.add_argument("--tipg-port", type=int, default=8202)
    parser.add_argument("--skip-exports", action="store_true")
    parser.add_argument("--skip-spat", action="store_true")
    return parser.parse_args()


def main() -> None:
    options = parse_options()
    admin, city = User.objects.get(username="admin"), User.objects.get(username="city")
    admin_auth = {"Authorization": f"Bearer {issue_token(admin, 'bench/side_by_side.py')}"}
    city_auth = {"Authorization": f"Bearer {issue_token(city, 'bench/side_by_side.py')}"}
    layer = get_layer(LAYER)
    create_view(admin)
    address, tiles = pick_tile(), dense_tiles(200)
    columns = tile_columns(layer)
    print(f"load average at start: {load()}", flush=True)
    print(f"z14 tile {address}: {tile_count(address):,} footprints; columns id, {', '.join(columns)}", flush=True)

    rows = []

    def add(*new_rows: str) -> None:
        rows.extend(new_rows)
        print(new_rows[-1], f"load {load()}", flush=True)

    geo = start_geo_server(options.port)
    tipg = start_tipg(options.tipg_port, DATABASE_URL, TIPG_COLLECTION, BUFFER)
    try:
        bench = Bench(options, layer, admin, city, admin_auth, Http(options.port, city_auth),
                      Http(options.port, admin_auth), Http(options.tipg_port, {}), columns)
        add(measure_tile(bench, address))
        add(measure_tile_rate(bench, tiles))
        add(measure_items(bench))
        if not options.skip_spat:
            add(measure_spat(bench))
        if not options.skip_exports:
            add(*measure_exports(bench, worker_pids(geo.pid)))
    finally:
        stop(geo)
        stop(tipg)
    print_table(rows)


if __name__ == "__main__":
    main()
