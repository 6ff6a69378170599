"""Benchmark: building tiles over central Guangzhou through HTTP vs the same SQL alone.

Usage (on a copy of the 1M-feature database, migrated, with demo users):
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/geo_server_bench_tiles \\
        .venv/bin/python bench/tiles.py [--port 8101] [--samples 30] [--seconds 10]

It starts a WSGI server twice (tile cache off, then on): the standard library's wsgiref with a
fixed pool of 2 threads, so each thread keeps its database connection (runserver opens a new
thread, hence a new connection, per request: ~25 ms each). It authenticates with a Bearer token of the `city` user (all of Guangzhou), and times each zoom's tiles through HTTP and
their exact SQL (captured from the server code) through psycopg. Figures are noisy on 2 cores.
"""

import argparse
import concurrent.futures
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import django
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_server.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from geo_server.accounts.models import User  # noqa: E402
from geo_server.accounts.tokens import issue_token  # noqa: E402
from layers.catalogue import get_layer  # noqa: E402
from layers.tiles import TUNING, TileAddress, render_tile  # noqa: E402

LAYER = "building"
# Tianhe, ~113.33E 23.13N: the tile under it and, from z10, its eight neighbours.
CENTRES = {6: (52, 27), 8: (208, 111), 10: (834, 444), 14: (13349, 7109)}


def tiles_at(z: int) -> list[TileAddress]:
    x, y = CENTRES[z]
    if z < 10:
        return [TileAddress(z, x, y)]
    return [TileAddress(z, x + dx, y + dy) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def tile_sql(user, address: TileAddress) -> str:
    with CaptureQueriesContext(connection) as queries:
        render_tile(get_layer(LAYER), user, address)
    return next(q["sql"] for q in queries.captured_queries if "ST_AsMVT" in q["sql"])


def time_sql(statements: list[str], samples: int) -> list[float]:
    timings = []
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        for _ in range(samples):
            for sql in statements:
                started = time.perf_counter()
                with conn.transaction():
                    conn.execute(TUNING)
                    conn.execute(sql).fetchone()
                timings.append(time.perf_counter() - started)
    return timings


def get(conn: http.client.HTTPConnection, token: str, address: TileAddress) -> int:
    conn.request("GET", f"/tiles/{LAYER}/{address}.mvt", headers={"Authorization": f"Bearer {token}"})
    response = conn.getresponse()
    response.read()
    return response.status


def time_http(port: int, token: str, addresses: list[TileAddress], samples: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    timings = []
    for _ in range(samples):
        for address in addresses:
            started = time.perf_counter()
            assert get(conn, token, address) in (200, 204)
            timings.append(time.perf_counter() - started)
    return timings


def rate(port: int, token: str, addresses: list[TileAddress], clients: int, seconds: float) -> float:
    done = [0] * clients
    deadline = time.monotonic() + seconds

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port)
        while time.monotonic() < deadline:
            get(conn, token, addresses[(done[i] + i) % len(addresses)])
            done[i] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / seconds


class PooledServer(ThreadingMixIn, WSGIServer):
    """wsgiref answering on a fixed pool of threads, like a production server's workers."""

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)

    def process_request(self, request, client_address):
        self.pool.submit(self.process_request_thread, request, client_address)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def serve(port: int) -> None:
    from django.core.wsgi import get_wsgi_application

    make_server("127.0.0.1", port, get_wsgi_application(), PooledServer, QuietHandler).serve_forever()


def server(port: int, cache_seconds: int) -> subprocess.Popen:
    env = {**os.environ, "GEO_SERVER_TILE_CACHE_SECONDS": str(cache_seconds), "GEO_SERVER_DEBUG": "0",
           "GEO_SERVER_LOG_LEVEL": "WARNING"}
    process = subprocess.Popen([sys.executable, __file__, "--serve", str(port)],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/health")
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    sys.exit(f"the server on port {port} did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve:
        serve(options.serve)
        return
    user = User.objects.get(username="city")
    token = issue_token(user, "bench/tiles.py")

    process = server(options.port, cache_seconds=0)
    try:
        print("| zoom | tiles | HTTP p50 | HTTP p95 | SQL p50 | SQL p95 | HTTP/SQL (p50) |")
        print("|---|---|---|---|---|---|---|")
        for z in CENTRES:
            addresses = tiles_at(z)
            sql = time_sql([tile_sql(user, address) for address in addresses], options.samples)
            web = time_http(options.port, token, addresses, options.samples)
            (h50, h95), (s50, s95) = percentiles(web), percentiles(sql)
            print(f"| z{z} | {len(addresses)} | {h50 * 1000:.1f} ms | {h95 * 1000:.1f} ms | {s50 * 1000:.1f} ms "
                  f"| {s95 * 1000:.1f} ms | {h50 / s50:.2f}x |")
        z14 = tiles_at(14)
        uncached = rate(options.port, token, z14, 8, options.seconds)
    finally:
        process.terminate()
        process.wait()
    process = server(options.port, cache_seconds=600)
    try:
        cached = rate(options.port, token, z14, 8, options.seconds)
    finally:
        process.terminate()
        process.wait()
    print(f"z14, 8 clients: {uncached:.0f} tiles/s uncached, {cached:.0f} tiles/s with the tile cache")


if __name__ == "__main__":
    main()
