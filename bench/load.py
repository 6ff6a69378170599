"""Load test: N concurrent clients for T seconds against a running server, as a browser session.

Usage (the server runs already, with the demo loaded and `create_demo_users` done):
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/geo_server_serve \\
        .venv/bin/python bench/load.py http://127.0.0.1:8101 city geo-demo-2026 [--clients 50] [--seconds 60]

Each client logs in through the login form with its own requests.Session (before the clock
starts), then loops over a fixed mix: vector tiles around Guangzhou (z12-z15), OGC API items in a
small bbox, the hazard list page and feature record pages (ids read from the API first). It
prints requests/s, p50 and p95 per kind and overall, errors (non-2xx/3xx and exceptions) and the
peak number of PostgreSQL connections to DATABASE_URL's database, polled every 0.5 s.
The client shares the machine's cores with the server: figures are for comparing setups.
"""

import argparse
import concurrent.futures
import math
import os
import random
import re
import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import psycopg
import requests

# Central Guangzhou (Tianhe / Yuexiu / Haizhu), where the demo's features are densest.
CENTRE_LON, CENTRE_LAT = 113.30, 23.13
TILE_LAYERS = ("building", "construction_site", "river_reach", "hazards")
# Half tiles, 30% OGC items, 10% each page kind (pages cost far more than tiles and items).
MIX = ("tile",) * 10 + ("items",) * 6 + ("hazard_list",) * 2 + ("record",) * 2
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors[error] += 1


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The XYZ (web mercator) tile holding a point."""
    n = 2**z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2
    return int((lon + 180) / 360 * n), int(y * n)


def tile_path(rng: random.Random, ids: list[int]) -> str:
    z = rng.randint(12, 15)
    x, y = tile_of(CENTRE_LON, CENTRE_LAT, z)
    spread = 2 ** (z - 11)  # about the same ground area at every zoom
    x, y = x + rng.randint(-spread, spread), y + rng.randint(-spread, spread)
    return f"/tiles/{rng.choice(TILE_LAYERS)}/{z}/{x}/{y}.mvt"


def items_path(rng: random.Random, ids: list[int]) -> str:
    lon, lat = CENTRE_LON + rng.uniform(-0.08, 0.08), CENTRE_LAT + rng.uniform(-0.06, 0.06)
    bbox = f"{lon:.4f},{lat:.4f},{lon + 0.02:.4f},{lat + 0.02:.4f}"
    return f"/ogc/collections/building/items?limit=10&bbox={bbox}"


PATHS = {
    "tile": tile_path,
    "items": items_path,
    "hazard_list": lambda rng, ids: "/hazards/",
    "record": lambda rng, ids: f"/features/{rng.choice(ids)}/",
}


def log_in(base_url: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    form = session.get(f"{base_url}/accounts/login/", timeout=60)
    token = CSRF_INPUT.search(form.text)
    if token is None:
        raise SystemExit(f"no login form at {base_url}/accounts/login/ (HTTP {form.status_code})")
    answer = session.post(f"{base_url}/accounts/login/", allow_redirects=False, timeout=60,
                          data={"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)},
                          headers={"Referer": f"{base_url}/accounts/login/"})
    if answer.status_code != 302 or "sessionid" not in session.cookies:
        raise SystemExit(f"login as {username} failed: HTTP {answer.status_code}")
    return session


def feature_ids(session: requests.Session, base_url: str) -> list[int]:
    answer = session.get(f"{base_url}/api/features?kind=building&limit=200", timeout=60)
    answer.raise_for_status()
    ids = [feature["id"] for feature in answer.json()["features"]]
    if not ids:
        raise SystemExit("the API lists no buildings for this user: load the demo first")
    return ids


def client_loop(session, base_url: str, ids: list[int], seed: int, stop_at: float, results: Results) -> None:
    rng = random.Random(seed)
    while time.monotonic() < stop_at:
        kind = rng.choice(MIX)
        path = PATHS[kind](rng, ids)
        started, error = time.monotonic(), None
        try:
            answer = session.get(base_url + path, allow_redirects=False, timeout=60)
            answer.content  # noqa: B018 - the body is part of the response time
            if answer.status_code >= 400:
                error = f"HTTP {answer.status_code} ({kind})"
        except requests.RequestException as exception:
            error = f"{type(exception).__name__} ({kind})"
        results.record(kind, time.monotonic() - started, error)


def poll_connections(database_url: str, stop: threading.Event, peak: list[int]) -> None:
    name = urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(database_url, autocommit=True) as connection:
        while not stop.is_set():
            count = connection.execute("select count(*) from pg_stat_activity where datname = %s and pid <> "
                                       "pg_backend_pid()", (name,)).fetchone()[0]
            peak[0] = max(peak[0], count)
            stop.wait(0.5)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(results: Results, seconds: float, peak_connections: int) -> None:
    everything = [value for values in results.latencies.values() for value in values]
    print(f"{'kind':<12} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, values in sorted(results.latencies.items()) + [("all", everything)]:
        print(f"{kind:<12} {len(values):>9} {len(values) / seconds:>8.1f} "
              f"{statistics.median(values) * 1000:>8.1f} {percentile(values, 0.95) * 1000:>8.1f}")
    print(f"errors: {sum(results.errors.values())} {dict(results.errors) or ''}")
    print(f"peak database connections (other than the poller): {peak_connections}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", help="e.g. http://127.0.0.1:8101")
    parser.add_argument("username")
    parser.add_argument("password")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="where to count connections (default: DATABASE_URL)")
    args = parser.parse_args()
    base_url = args.url.rstrip("/")
    if not args.database_url:
        raise SystemExit("set DATABASE_URL or --database-url: the peak connection count needs it")
    # Logging in hashes the password (PBKDF2, ~0.3 s of CPU): done before the clock starts.
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        sessions = list(pool.map(lambda _: log_in(base_url, args.username, args.password), range(args.clients)))
    ids = feature_ids(sessions[0], base_url)
    results, stop, peak = Results(), threading.Event(), [0]
    poller = threading.Thread(target=poll_connections, args=(args.database_url, stop, peak), daemon=True)
    poller.start()
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
        clients = [pool.submit(client_loop, session, base_url, ids, seed, started + args.seconds, results)
                   for seed, session in enumerate(sessions)]
    for client in clients:
        client.result()  # a bug in the client itself stops the run instead of hiding
    elapsed = time.monotonic() - started
    stop.set()
    poller.join()
    report(results, elapsed, peak[0])


if __name__ == "__main__":
    main()
