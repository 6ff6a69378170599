"""Load test: N concurrent clients for T seconds against a running server, as a browser session.

Usage (the server runs already, with the demo loaded and `create_demo_users` done):
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/geo_server_serve \\
        .venv/bin/python bench/load.py http://127.0.0.1:8101 city geo-demo-2026 [--clients 50] [--seconds 60] \\
        [--baseline-seconds 30] [--think 2]

Each client logs in through the login form with its own requests.Session (before the clock
starts), then loops over a fixed mix: vector tiles around Guangzhou (z12-z15), OGC API items in a
small bbox, the hazard list page, feature record pages (ids read from the API first) and
dashboards (a dashboard page, then each of its panels' data, one after the other, as the page asks
for them; ids read from the dashboards index and each page's config). It prints requests/s, p50 and
p95 per kind and overall, errors (non-2xx/3xx and exceptions) and the peak number of PostgreSQL
connections to DATABASE_URL's database, polled every 0.5 s.

With --baseline-seconds, one client first runs the same mix alone for that long; the report then
gives each kind's p95 under load as a multiple of its single-user p95 (issue 16: within 3x).
--think makes the clients users: each waits a random time (exponential, that mean) before its next
action (a dashboard's page and panels are one action). Without it, N clients ask back to back and
saturate the server: on 2 cores their p95 is then queueing (about N times a request's cost), not speed.
The client shares the machine's cores with the server: figures are for comparing setups.
"""

import argparse
import concurrent.futures
import json
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
from proc_cpu import machine_times  # bench/, the script's own directory (sys.path[0])

# Central Guangzhou (Tianhe / Yuexiu / Haizhu), where the demo's features are densest.
CENTRE_LON, CENTRE_LAT = 113.30, 23.13
TILE_LAYERS = ("building", "construction_site", "river_reach", "hazards")
# Of 21 picks: 10 tiles, 6 OGC items pages, 2 hazard lists, 2 record pages, 1 dashboard (its page
# and every panel's data: ~5-10 requests). Pages and panels cost far more than tiles and items.
MIX = ("tile",) * 10 + ("items",) * 6 + ("hazard_list",) * 2 + ("record",) * 2 + ("dashboard",)
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DASHBOARD_LINK = re.compile(r'data-dashboard="([^"]+)"')
DASHBOARD_CONFIG = re.compile(r'<script id="dashboard-config" type="application/json">(.*?)</script>', re.S)


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    retries: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record_retry(self, reason: str) -> None:
        with self.lock:
            self.retries[reason] += 1

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


def dashboards(session: requests.Session, base_url: str) -> dict[str, list[str]]:
    """Each dashboard's panel-data URLs, as its page's config names them (the page's own JavaScript
    fills PANEL in the same way)."""
    index = session.get(f"{base_url}/dashboards/", timeout=60)
    index.raise_for_status()
    panels = {}
    for dashboard_id in DASHBOARD_LINK.findall(index.text):
        page = session.get(f"{base_url}/dashboards/{dashboard_id}/", timeout=60)
        page.raise_for_status()
        config = json.loads(DASHBOARD_CONFIG.search(page.text).group(1))
        panels[dashboard_id] = [config["api"].replace("PANEL", panel["id"]) for panel in config["panels"]]
    if not panels:
        raise SystemExit("the dashboards index lists no dashboards")
    return panels


def fetch(session, base_url: str, path: str, kind: str, results: Results) -> None:
    """One GET, timed. A connection error is retried once, as browsers retry an idempotent request
    whose kept-alive connection the server closed just as it was reused (gunicorn closes idle
    connections after its keep-alive, 2 s); the retry is counted, and a second failure is an error."""
    started, error = time.monotonic(), None
    for attempt in (1, 2):
        try:
            answer = session.get(base_url + path, allow_redirects=False, timeout=60)
            answer.content  # noqa: B018 - the body is part of the response time
            if answer.status_code >= 400:
                error = f"HTTP {answer.status_code} ({kind})"
            break
        except requests.ConnectionError as exception:
            if attempt == 1:
                results.record_retry(f"{type(exception).__name__} ({kind})")
                continue
            error = f"{type(exception).__name__} ({kind})"
        except requests.RequestException as exception:
            error = f"{type(exception).__name__} ({kind})"
            break
    results.record(kind, time.monotonic() - started, error)


def client_loop(session, base_url: str, ids: list[int], panels: dict[str, list[str]], seed: int, stop_at: float,
                results: Results, think: float = 0.0) -> None:
    rng = random.Random(seed)
    while time.monotonic() < stop_at:
        if think:
            # A person reads what they opened before the next click or pan (exponential, mean `think`).
            time.sleep(min(rng.expovariate(1 / think), max(0.0, stop_at - time.monotonic())))
            if time.monotonic() >= stop_at:
                break
        kind = rng.choice(MIX)
        if kind == "dashboard":
            dashboard_id = rng.choice(sorted(panels))
            fetch(session, base_url, f"/dashboards/{dashboard_id}/", "dashboard", results)
            for path in panels[dashboard_id]:
                fetch(session, base_url, path, "panel", results)
        else:
            fetch(session, base_url, PATHS[kind](rng, ids), kind, results)


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


def by_kind(results: Results) -> list[tuple[str, list[float]]]:
    """Each kind's latencies, sorted by kind, and then all of them as the kind "all"."""
    everything = [value for values in results.latencies.values() for value in values]
    return sorted(results.latencies.items()) + [("all", everything)]


def p95s(results: Results) -> dict[str, float]:
    return {kind: percentile(values, 0.95) for kind, values in by_kind(results)}


def report(results: Results, seconds: float, peak_connections: int, baseline: dict[str, float] | None = None) -> None:
    print(f"{'kind':<12} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}"
          + (f" {'alone p95':>10} {'x alone':>8}" if baseline else ""))
    for kind, values in by_kind(results):
        p95 = percentile(values, 0.95)
        line = (f"{kind:<12} {len(values):>9} {len(values) / seconds:>8.1f} "
                f"{statistics.median(values) * 1000:>8.1f} {p95 * 1000:>8.1f}")
        if baseline and kind in baseline:
            line += f" {baseline[kind] * 1000:>10.1f} {p95 / baseline[kind]:>8.2f}"
        print(line)
    print(f"errors: {sum(results.errors.values())} {dict(results.errors) or ''}")
    print(f"connection errors retried once: {sum(results.retries.values())} "
          f"{dict(results.retries) or ''}")
    print(f"peak database connections (other than the poller): {peak_connections}")


def run(sessions, base_url: str, ids, panels, seconds: float, database_url: str,
        think: float = 0.0) -> tuple[Results, float, int]:
    """Every session loops over the mix for `seconds`; the results, the time taken and the peak
    number of database connections. Prints how busy the machine was (the client included: its own
    CPU is given apart) and its steal time: the noise that makes one run differ from the next."""
    idle_before, steal_before, total_before = machine_times()
    client_before = sum(os.times()[:2])
    results, stop, peak = Results(), threading.Event(), [0]
    poller = threading.Thread(target=poll_connections, args=(database_url, stop, peak), daemon=True)
    poller.start()
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(len(sessions)) as pool:
        clients = [pool.submit(client_loop, session, base_url, ids, panels, seed, started + seconds, results, think)
                   for seed, session in enumerate(sessions)]
    for client in clients:
        client.result()  # a bug in the client itself stops the run instead of hiding
    elapsed = time.monotonic() - started
    stop.set()
    poller.join()
    idle, steal, total = (after - before for after, before in zip(machine_times(),
                                                                  (idle_before, steal_before, total_before)))
    print(f"machine: {1 - idle / max(1, total):.0%} busy, steal {steal / max(1, total):.1%}; "
          f"this client's own CPU {sum(os.times()[:2]) - client_before:.1f} s of {elapsed * os.cpu_count():.0f} s")
    return results, elapsed, peak[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", help="e.g. http://127.0.0.1:8101")
    parser.add_argument("username")
    parser.add_argument("password")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0,
                        help="mean seconds a user waits between actions (exponential); 0: none, every client "
                             "asks again as soon as it has its answer")
    parser.add_argument("--baseline-seconds", type=float, default=0,
                        help="first run one client alone this long, to compare each kind's p95 with")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="where to count connections (default: DATABASE_URL)")
    args = parser.parse_args()
    base_url = args.url.rstrip("/")
    if not args.database_url:
        raise SystemExit("set DATABASE_URL or --database-url: the peak connection count needs it")
    # Logging in hashes the password (PBKDF2, ~0.3 s of CPU): done before the clock starts.
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        sessions = list(pool.map(lambda _: log_in(base_url, args.username, args.password), range(args.clients)))
    ids, panels = feature_ids(sessions[0], base_url), dashboards(sessions[0], base_url)
    baseline = None
    if args.baseline_seconds:
        alone, elapsed, peak = run(sessions[:1], base_url, ids, panels, args.baseline_seconds, args.database_url,
                                   args.think)
        print(f"one client alone, {elapsed:.0f} s:")
        report(alone, elapsed, peak)
        baseline = p95s(alone)
    results, elapsed, peak = run(sessions, base_url, ids, panels, args.seconds, args.database_url, args.think)
    print(f"{args.clients} clients, {elapsed:.0f} s{f', think time {args.think} s' if args.think else ''}:")
    report(results, elapsed, peak, baseline)


if __name__ == "__main__":
    main()
