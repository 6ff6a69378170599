"""Benchmark: each of the 20 concrete rules alone, as the sweep runs it (store.upsert_sql_rule over every
plant) and as the incremental path runs it (one plant), on whatever production the database holds.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/geo_server_x .venv/bin/python bench/concrete_rules.py \
        [--runs 2] [--explain concrete.usage]

Each rule's upsert runs in a transaction that is rolled back, so runs see the same warnings table.
Times are wall clock, reported with the CPU seconds of this process's PostgreSQL backend (from
/proc) so a busy shared machine shows as wall >> CPU. --explain prints EXPLAIN (ANALYZE, BUFFERS) of
one rule's statement over every plant.
"""

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_server.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.proc_cpu import backend_cpu  # noqa: E402
from geo_server.features.models import Feature  # noqa: E402
from geo_server.sectors.concrete.models import Batch  # noqa: E402
from geo_server.supervision import store  # noqa: E402
from geo_server.supervision.rules import SqlRule, rules_for  # noqa: E402

class Rollback(Exception):
    pass


def timed_rule(rule: SqlRule, today: date, only=None) -> tuple[float, float, int]:
    """(wall s, backend CPU s, findings) of one rule's upsert, rolled back."""
    cpu, started = backend_cpu(connection), time.perf_counter()
    findings = 0
    try:
        with transaction.atomic():
            findings = store.upsert_sql_rule(rule, timezone.now(), today, only)
            wall = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return wall, backend_cpu(connection) - cpu, findings


def explain(rule: SqlRule, today: date) -> None:
    sql = store._SQL_RULE_HEAD + rule.sql.strip().rstrip(";") + store._SQL_RULE_TAIL
    params = {"code": rule.code, "defaults": json.dumps(rule.defaults, default=str), "kind": rule.kind,
              "only": None, "today": today, "now": timezone.now()}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            print("\n".join(row[0] for row in cursor.fetchall()))
            raise Rollback
    except Rollback:
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--explain", default=None)
    args = parser.parse_args()
    today = timezone.localdate()
    rules = [rule for rule in rules_for("concrete_plant") if isinstance(rule, SqlRule)]
    if args.explain:
        explain(next(rule for rule in rules if rule.code == args.explain), today)
        return
    plants = list(Feature.objects.filter(kind="concrete_plant").values_list("pk", flat=True))
    busiest = (Batch.objects.values("plant_id").order_by().annotate(n=Count("id"))
               .order_by("-n").values_list("plant_id", flat=True).first())
    print(f"{len(plants)} plants, {Batch.objects.count():,} batches; load average {os.getloadavg()[0]:.1f}")
    rows, total_wall, total_one = [], 0.0, 0.0
    for rule in rules:
        sweeps = [timed_rule(rule, today) for _ in range(args.runs)]
        ones = [timed_rule(rule, today, [busiest]) for _ in range(args.runs)]
        wall, cpu, findings = min(sweeps)
        one = min(o[0] for o in ones)
        total_wall, total_one = total_wall + wall, total_one + one
        rows.append((wall, cpu, findings, one, rule.code))
    print(f"{'rule':<32} {'sweep s':>8} {'CPU s':>7} {'found':>7} {'1 plant ms':>11}")
    for wall, cpu, findings, one, code in sorted(rows, reverse=True):
        print(f"{code:<32} {wall:8.2f} {cpu:7.2f} {findings:7,} {one * 1000:11.0f}")
    print(f"{'all 20':<32} {total_wall:8.2f} {'':>7} {'':>7} {total_one * 1000:11.0f}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
