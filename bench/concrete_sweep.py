"""Benchmark: the full concrete sweep (all 20 rules over every plant, then close, promote, recolour),
as `evaluate_rules --kind concrete_plant` and the nightly job run it, on whatever production the
database holds (issue #12: 5,000,000 batches within 120 s).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/geo_server_x .venv/bin/python bench/concrete_sweep.py [--runs 2]

Load the world first: `load_demo --scale 1` and `load_concrete --scale 76` (about 5,000,000 batches).
Each run is a real sweep (the first creates the warnings, later ones find them again). Printed: the
rows the rules read, then per run the wall time, the PostgreSQL server's CPU (from /proc: the rules
run on GEO_SERVER_SWEEP_LANES connections at once, default 2) and what the sweep did. ANALYZE runs first, as autovacuum would have after a load.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_server.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from bench.proc_cpu import cluster_cpu  # noqa: E402
from geo_server.supervision.evaluation import sweep  # noqa: E402

TABLES = ("concrete_batch", "concrete_batchingrecord", "concrete_deliveryticket", "concrete_specimengroup",
          "concrete_materiallot", "concrete_chloridetest")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (our own table names)
            print(f"{table}: {cursor.fetchone()[0]:,} rows")
        cursor.execute("SELECT count(*) FROM features_feature WHERE kind = 'concrete_plant'")
        print(f"plants: {cursor.fetchone()[0]:,}")
    for run in range(1, args.runs + 1):
        cpu, started = cluster_cpu(connection), time.perf_counter()
        result = sweep("concrete_plant")
        wall = time.perf_counter() - started
        print(f"sweep {run}: {wall:.1f} s wall, PostgreSQL CPU {cluster_cpu(connection) - cpu:.1f} s "
              f"({settings.GEO_SERVER['SWEEP_LANES']} lanes); {result}; "
              f"load {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
