"""Benchmark: CPU per clock event of ingest() in process, Python's and PostgreSQL's backend's apart.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/geo_server_x .venv/bin/python bench/ingest_cpu.py \
        FILE.ndjson [--tree /path/to/another/checkout]

On a shared machine the wall time of bench/ingest.py moves with the load; CPU seconds move far less.
This runs one body (written by bench/wage_data.py) through the ingestion of the checkout given by
--tree (default this one; an older one, e.g. from `git archive`, for an A/B), rolls it back, and
prints the Python process's CPU and the database backend's CPU per row. The per-request fixed costs
(the worker-month refresh, the rules run after the commit) are left out: they do not grow with rows.
"""

import argparse
import os
import sys
import time
from pathlib import Path

from proc_cpu import cpu_seconds  # bench/, the script's own directory (sys.path[0])


class RolledBack(Exception):
    pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--tree", default=str(Path(__file__).resolve().parent.parent))
    args = parser.parse_args()
    body = Path(args.file).resolve()
    sys.path.insert(0, args.tree)
    os.chdir(args.tree)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_server.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from geo_server.sectors.worksites import ingest

    ingest.refresh_worker_months = lambda *args: 0
    ingest.evaluate_features = lambda *args: None
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    backend, python, wall = cpu_seconds(pid), time.process_time(), time.perf_counter()
    try:
        with transaction.atomic(), body.open("rb") as stream:
            rows = ingest.ingest("attendance", stream, "ndjson", False).received
            raise RolledBack
    except RolledBack:
        pass
    print(f"{rows:,} rows from {args.tree}: Python {(time.process_time() - python) / rows * 1e6:.2f} µs/row, "
          f"backend {(cpu_seconds(pid) - backend) / rows * 1e6:.2f} µs/row, wall {time.perf_counter() - wall:.1f} s, "
          f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
