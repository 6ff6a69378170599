"""Benchmark: time `load_demo --scale N` into a fresh database; the goal is 1,000,000 features
at scale 200 in under 15 minutes. Usage: .venv/bin/python bench/load_demo.py [--scale 200]

It drops and recreates the database named by --database (default geo_server_bench) on the same
server as DATABASE_URL, so the demo database is left alone.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres:postgres@127.0.0.1:5432/geo_server"


def run(args: list[str], env: dict) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def psql(url: str, sql: str) -> str:
    return subprocess.run(["psql", url, "-Atqc", sql], capture_output=True, text=True, check=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=200)
    parser.add_argument("--database", default="geo_server_bench")
    options = parser.parse_args()

    base = urlsplit(os.environ.get("DATABASE_URL", DEFAULT_URL))
    admin_url = urlunsplit(base._replace(path="/postgres"))
    bench_url = urlunsplit(base._replace(path=f"/{options.database}"))
    psql(admin_url, f'DROP DATABASE IF EXISTS "{options.database}"')
    psql(admin_url, f'CREATE DATABASE "{options.database}"')
    env = {**os.environ, "DATABASE_URL": bench_url}
    run(["migrate", "--noinput", "-v", "0"], env)

    started = time.monotonic()
    output = run(["load_demo", "--scale", str(options.scale)], env)
    first = time.monotonic() - started
    started = time.monotonic()
    run(["load_demo", "--scale", str(options.scale)], env)
    second = time.monotonic() - started

    total = int(psql(bench_url, "SELECT count(*) FROM features_feature"))
    size = psql(bench_url, "SELECT pg_size_pretty(pg_database_size(current_database()))")
    print(output.split("added")[-1].split("\n", 1)[1].rstrip())
    print(f"scale {options.scale}: {total:,} features loaded in {first:.0f} s ({total / first:,.0f} features/s); "
          f"second run (adds nothing) {second:.1f} s; database {size}")


if __name__ == "__main__":
    main()
