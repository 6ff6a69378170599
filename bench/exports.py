"""Full GeoJSON export of the building layer: HTTP vs the raw COPY stream vs ogr2ogr, and server memory.

Usage (a copy of the 1M database, never geo_server_bench itself):
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/geo_server_bench_exports \\
        .venv/bin/python bench/exports.py [--port 8103] [--runs 2]

Starts `manage.py runserver --noreload` on the port, issues a token for the demo user `admin`,
then times (interleaved, best of --runs): curl of /exports/?layer=building&format=geojson, psql streaming
`COPY (SELECT ST_AsGeoJSON(t.*) FROM (<the same rows>) t) TO STDOUT`, and
`ogr2ogr -f GeoJSON /vsistdout/ PG:... -sql <the same rows>`; all three write to /dev/null.
The server's peak RSS is VmHWM from /proc/<pid>/status after the HTTP runs (and before them, at rest).
"""

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_server.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from geo_server.accounts.models import User  # noqa: E402
from geo_server.accounts.tokens import issue_token  # noqa: E402
from layers.catalogue import get_layer  # noqa: E402


def timed(command: list[str], env: dict | None = None) -> float:
    began = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.monotonic() - began


def rows_sql(user) -> str:
    """The layer's scoped rows as literal SQL, so psql and ogr2ogr read exactly what the server reads."""
    sql, params = get_layer("building").rows(user).query.sql_with_params()
    with connection.cursor() as cursor:
        return cursor.mogrify(sql, params)


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not answer at {url}")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8103)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    db = settings.DATABASES["default"]
    user = User.objects.get(username="admin")
    token = issue_token(user, "bench/exports.py")
    count = get_layer("building").rows(user).count()
    sql = rows_sql(user)
    pg_env = {**os.environ, "PGPASSWORD": db["PASSWORD"]}
    psql = ["psql", "-h", db["HOST"], "-p", db["PORT"] or "5432", "-U", db["USER"], "-d", db["NAME"], "-q", "-c",
            f"COPY (SELECT ST_AsGeoJSON(t.*) FROM ({sql}) t) TO STDOUT"]
    pg = f"PG:host={db['HOST']} port={db['PORT'] or 5432} user={db['USER']} password={db['PASSWORD']} dbname={db['NAME']}"
    ogr = ["ogr2ogr", "-f", "GeoJSON", "/vsistdout/", pg, "-sql", sql]

    server = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{args.port}"],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "GEO_SERVER_DEBUG": "0", "GEO_SERVER_LOG_LEVEL": "WARNING"})
    try:
        wait_for(f"http://127.0.0.1:{args.port}/health")
        at_rest = peak_rss_mb(server.pid)
        url = f"http://127.0.0.1:{args.port}/exports/?layer=building&format=geojson"
        curl = ["curl", "-sf", "-o", "/dev/null", "-H", f"Authorization: Bearer {token}", url]
        # Interleaved, best of each: on a shared 2-core machine the load changes from minute to minute.
        https, copies = [], []
        for _ in range(args.runs):
            https.append(timed(curl))
            copies.append(timed(psql, pg_env))
        http, copy = min(https), min(copies)
        rss = peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait()
    ogr2ogr = timed(ogr, pg_env)
    print(f"| {time.strftime('%Y-%m-%d')} | {count:,} | {http:.1f} s | {copy:.1f} s | {http / copy:.2f}x | "
          f"{ogr2ogr:.1f} s | {ogr2ogr / http:.1f}x | {rss:.0f} MB ({at_rest:.0f} MB at rest) |")


if __name__ == "__main__":
    main()
