"""Benchmark: attendance ingestion through the HTTP API of a real gunicorn server.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/geo_server_x .venv/bin/python bench/ingest.py \
        [--rows 1000000] [--repeat 3] [--gigabyte] [--gzip] [--port 8765] [--broker redis://127.0.0.1:6379/7]

Needs the demo's construction sites (`load_demo`). Starts gunicorn as `make run` does (gthread), but
with one worker process so that its memory is the server's, posts NDJSON files written by
bench/wage_data.py (new event ids each run) with a token, and reports rows/s and the worker's peak
RSS (VmHWM from /proc, which covers the whole request, not a sample). --gigabyte adds a ~1 GB upload.
--repeat posts the --rows body that many times (each into the same month, the bench's earlier rows of
that month deleted first, so every run does the same work) and prints the median.
Each request's CPU seconds and the machine's steal time (a virtual machine's CPUs waiting for the
host, from /proc/stat) are reported too (the machine is shared: steadier than the wall time):
the gunicorn worker's (user + system, /proc/<pid>/stat) and the database backends' serving this
database other than the bench's own connection (the server's pool; PostgreSQL on the same machine).
As `make run`, a Celery worker runs beside the server: the affected sites' rules run there once a
request's rows are committed. The bench waits for them after each request and reports their time
apart (`--broker ''`: no worker, the rules run inside each request, as before).
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import django
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_server.settings")
django.setup()

from bench.proc_cpu import children, cpu_seconds, machine_ticks, tree_cpu_seconds  # noqa: E402
from bench.wage_data import persons, write  # noqa: E402
from geo_server.accounts.models import User  # noqa: E402
from geo_server.accounts.tokens import issue_token  # noqa: E402
from django.db import connection  # noqa: E402

from geo_server.features.models import Feature  # noqa: E402
from geo_server.sectors.worksites.identity import id_hash  # noqa: E402


def start_server(port: int, workers: int = 1, broker: str | None = None) -> subprocess.Popen:
    """gunicorn as bin/run starts it; `broker`: the Celery broker (None: as the environment says)."""
    env = {**os.environ, "GEO_SERVER_DB_POOL_MAX": "2"}
    if broker is not None:
        env["CELERY_BROKER_URL"] = broker
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "geo_server.wsgi", "--bind", f"127.0.0.1:{port}",
         "--worker-class", "gthread", "--workers", str(workers), "--threads", "2", "--no-control-socket"],
        cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/health")
            return server
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def start_celery(broker: str) -> subprocess.Popen:
    """One Celery worker beside the server, as bin/run starts it, on a Redis database of the bench's own."""
    redis.Redis.from_url(broker).flushdb()
    return subprocess.Popen([str(ROOT / ".venv/bin/celery"), "-A", "geo_server", "worker", "--concurrency", "1",
                             "--loglevel", "WARNING", "-n", "bench_ingest@%h"],
                            cwd=ROOT, env={**os.environ, "CELERY_BROKER_URL": broker},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_drained(broker: str) -> float:
    """Seconds until the worker has run every queued task (the queue empty, nothing unacknowledged)."""
    client, started = redis.Redis.from_url(broker), time.perf_counter()
    while client.llen("geo_server") or client.hlen("unacked"):
        time.sleep(0.05)
    return time.perf_counter() - started


def worker_pid(master: int) -> int:
    return children(master)[0]


def memory_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def backend_cpu() -> dict[int, float]:
    """CPU seconds of each backend connected to this database, except the bench's own."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                       " AND backend_type = 'client backend'")
        return {pid: cpu_seconds(pid) for (pid,) in cursor.fetchall()}


def post(port: int, token: str, path: Path, gzipped: bool) -> tuple[float, dict]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/x-ndjson",
               "Content-Length": str(path.stat().st_size)}
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3600, blocksize=1 << 20)
    started = time.perf_counter()
    with path.open("rb") as body:
        connection.request("POST", "/api/worksites/attendance", body=body, headers=headers)
        response = connection.getresponse()
        answer = json.loads(response.read())
    elapsed = time.perf_counter() - started
    if response.status not in (200, 201):
        raise SystemExit(f"{response.status}: {answer}")
    return elapsed, answer


def forget(month: str) -> None:
    """Delete what earlier bench runs stored for `month` (clock events, daily attendance and
    worker-months of the bench's persons), so that a repeat inserts as much as the first run."""
    hashes = [id_hash(number) for number in persons()]
    start = f"{month}-01"
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM worksites_clockevent WHERE source_id LIKE 'bench:%%' AND at >= %s::date - 1"
                       " AND at < (%s::date + interval '1 month' + interval '1 day')", [start, start])
        cursor.execute("DELETE FROM worksites_dailyattendance WHERE id_hash = ANY(%s) AND day >= %s::date"
                       " AND day < %s::date + interval '1 month'", [hashes, start, start])
        cursor.execute("DELETE FROM worksites_workermonth WHERE id_hash = ANY(%s) AND month = %s::date", [hashes, start])
        cursor.execute("VACUUM ANALYZE worksites_clockevent, worksites_dailyattendance")


def run(label: str, port: int, token: str, pid: int, rows: int, path: Path, sites, month, seed, gzipped,
        celery: subprocess.Popen | None = None, broker: str = ""):
    size = write(path, rows, sites, month, seed)
    worker_before, backends_before = cpu_seconds(pid), backend_cpu()
    celery_before = tree_cpu_seconds(celery.pid) if celery else 0.0
    steal_before, total_before = machine_ticks()
    elapsed, answer = post(port, token, path, gzipped)
    steal, total = machine_ticks()
    steal_share = (steal - steal_before) / max(1, total - total_before)
    worker = cpu_seconds(pid) - worker_before
    backends = sum(cpu - backends_before.get(backend, 0.0) for backend, cpu in backend_cpu().items())
    path.unlink()
    rules = ""
    if celery:
        # The sites' rules, run by the Celery worker after the answer: waited for before the next run.
        drained = wait_drained(broker)
        rules = (f"; rules on the Celery worker {drained:.1f} s after the answer"
                 f" ({tree_cpu_seconds(celery.pid) - celery_before:.1f} s CPU in Celery, the SQL's not counted)")
    print(f"{label}: {rows:,} rows, {size / 1e6:,.0f} MB NDJSON{' (gzip ' + str(path.stat().st_size // 10**6) + ' MB)' if gzipped else ''}"
          f" in {elapsed:.1f} s = {rows / elapsed:,.0f} rows/s; inserted {answer['inserted']:,}; "
          f"CPU worker {worker:.1f} s, database {backends:.1f} s; "
          f"worker peak RSS {memory_mb(pid, 'VmHWM'):.0f} MB; load {os.getloadavg()[0]:.1f}, "
          f"steal {steal_share:.0%}{rules}")
    return rows / elapsed, worker, backends


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--gigabyte", action="store_true")
    parser.add_argument("--gzip", action="store_true")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--tmp", default="/tmp")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/7",
                        help="Celery broker for the worker beside the server, as make run has; '' for none "
                             "(the rules then run inline, inside each request)")
    args = parser.parse_args()
    sites = list(Feature.objects.filter(kind="construction_site").order_by("code").values_list("code", flat=True)[:50])
    if not sites:
        raise SystemExit("Load the demo first (manage.py load_demo).")
    user, _ = User.objects.get_or_create(username="bench_ingest", defaults={"is_superuser": True, "is_staff": True})
    token = issue_token(user, "bench")
    seed = int(time.time())
    suffix = ".ndjson.gz" if args.gzip else ".ndjson"
    server = start_server(args.port, broker=args.broker)
    celery = start_celery(args.broker) if args.broker else None
    print(f"rules after each request: {'on a Celery worker (' + args.broker + ')' if celery else 'inline'}")
    try:
        pid = worker_pid(server.pid)
        print(f"worker RSS after start {memory_mb(pid, 'VmRSS'):.0f} MB")
        run("warm-up", args.port, token, pid, 1000, Path(args.tmp) / f"warm{suffix}", sites, "2026-08", seed, args.gzip,
            celery, args.broker)
        print(f"worker RSS at rest {memory_mb(pid, 'VmRSS'):.0f} MB")
        figures = []
        for repeat in range(args.repeat):
            forget("2026-09")
            figures.append(run(f"run {repeat + 1}", args.port, token, pid, args.rows, Path(args.tmp) / f"rows{suffix}",
                               sites, "2026-09", seed + repeat, args.gzip, celery, args.broker))
        if args.repeat > 1:
            rate, worker, database = (statistics.median(figure[i] for figure in figures) for i in range(3))
            print(f"median of {args.repeat}: {rate:,.0f} rows/s, CPU worker {worker:.1f} s, database {database:.1f} s")
        if args.gigabyte:
            forget("2026-10")
            run("1 GB", args.port, token, pid, 6_300_000, Path(args.tmp) / f"gigabyte{suffix}", sites, "2026-10",
                seed, args.gzip, celery, args.broker)
    finally:
        for process in (server, celery):
            if process:
                process.terminate()
                process.wait()


if __name__ == "__main__":
    main()
