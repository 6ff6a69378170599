"""Benchmark: batches arriving at a steady rate, one per request, each judged by the incremental rule
path (concrete/incremental.py): inside the request, or with --coalesce in the server's rounds.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/geo_server_x .venv/bin/python bench/concrete_rate.py \
        [--rate 50] [--seconds 60] [--senders 16] [--port 8151] [--workers 1] [--coalesce]

Its own world (10 synthetic plants RATE-CP01.., an approved mix and an approved order for a
permitted site each): most batches are clean, and every --flag-every'th comes without its volume,
which raises rule 12 (concrete.production_info, subject "batch:<serial>"): that warning is what is
waited for. Every batch's rules run all the same. Open loop: batch i is due at start + i / rate, whatever the answers before it. A poller
reads the new warnings every 50 ms; a batch's latency is from when it was due (its arrival) to
when the poller first sees its warning committed. The gunicorn worker's and this database's
PostgreSQL backends' CPU seconds (from /proc) are reported, since the machine is shared.
"""

import argparse
import json
import os
import statistics
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.concrete_ingest import CST, MATERIALS, post  # noqa: E402  (sets up Django)
from bench.ingest import start_server  # noqa: E402
from bench.proc_cpu import children, cpu_seconds  # noqa: E402
from django.contrib.gis.geos import Point  # noqa: E402
from django.db import connection  # noqa: E402
from geo_server.accounts.models import User  # noqa: E402
from geo_server.accounts.tokens import issue_token  # noqa: E402
from geo_server.features.models import Feature  # noqa: E402
from geo_server.sectors.concrete.models import MaterialLot, MixDesign, MixingLine, Order  # noqa: E402
from geo_server.supervision.models import Warning  # noqa: E402

PLANTS = [f"RATE-CP{i:02d}" for i in range(1, 11)]
APPROVED = datetime(2026, 1, 1, tzinfo=CST)

def workers_cpu(master: int) -> float:
    """CPU seconds of gunicorn's worker processes."""
    return sum(cpu_seconds(pid) for pid in children(master))


def postgres_cpu(database: str) -> float:
    """CPU seconds of the PostgreSQL backends connected to `database` (their titles name it), alive
    at the time: sample before and after while the server's connections persist."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                title = (entry / "cmdline").read_bytes().decode(errors="replace")
                if title.startswith("postgres: ") and f" {database} " in title:
                    total += cpu_seconds(int(entry.name))
            except OSError:
                continue
    return total


def world() -> None:
    """The bench's plants, made once (synthetic); their orders go to a demo site with a permit."""
    site = (Feature.objects.filter(kind="construction_site").exclude(construction_site_detail__permit_no="")
            .order_by("pk").first())
    if site is None:
        raise SystemExit("no construction site with a permit: load_demo first")
    for i, code in enumerate(PLANTS):
        plant, made = Feature.objects.get_or_create(
            kind="concrete_plant", code=code,
            defaults={"name": f"速率测试搅拌站{i + 1}（合成）", "geom": Point(113.30 + i / 100, 23.10), "synthetic": True})
        if not made:
            continue
        MixingLine.objects.bulk_create([MixingLine(plant=plant, code=f"L{n}", synthetic=True) for n in (1, 2, 3)])
        mix = MixDesign.objects.create(plant=plant, code="M30", grade="C30", exposure_class="dry", cement_kg=300,
                                       water_kg=175, water_binder_ratio="0.45", binder_kg=390,
                                       approval_state="approved", approved_at=APPROVED)
        Order.objects.create(plant=plant, source_id="O1", customer="合成客户", grade="C30", mix=mix, volume_m3=100000,
                             site=site, part_poured="合成部位", approved_at=APPROVED)
        MaterialLot.objects.bulk_create([MaterialLot(
            plant=plant, source_id=f"LOT-{name}", material_type=name, quantity_t=100000, arrived_at=APPROVED,
            recorded_at=APPROVED, has_certificate=True) for name, _kg in MATERIALS])


def body(serial: str, n: int, flagged: bool, at: datetime) -> bytes:
    row = {"serial": serial, "plant": PLANTS[n % len(PLANTS)], "line": f"L{n % 3 + 1}", "produced_at": at.isoformat(),
           "mix": "M30", "grade": "C30", "volume_m3": 8, "order_no": "O1", "shift": at.date().isoformat() + "/day"}
    if flagged:
        del row["volume_m3"]
    return (json.dumps(row, ensure_ascii=False) + "\n").encode()


class Poller(threading.Thread):
    """Notes when each of the run's warnings is first seen committed."""

    def __init__(self, run: str):
        super().__init__(daemon=True)
        self.run_prefix, self.seen, self.stop = f"batch:{run}-", {}, threading.Event()

    def run(self):
        last = Warning.objects.order_by("-id").values_list("id", flat=True).first() or 0
        while not self.stop.is_set():
            found = list(Warning.objects.filter(id__gt=last, rule_code="concrete.production_info",
                                                subject__startswith=self.run_prefix).values_list("id", "subject"))
            now = time.perf_counter()
            for pk, subject in found:
                self.seen.setdefault(subject, now)
                last = max(last, pk)
            time.sleep(0.05)
        connection.close()


def drive(port: int, token: str, run: str, args) -> dict[str, float]:
    """Each flagged batch's serial -> when it was due."""
    rate, count = args.rate, int(args.rate * args.seconds)
    day = datetime.now(CST).replace(hour=8, minute=0, second=0, microsecond=0) - timedelta(days=1)
    serials = [f"{run}-{n:05d}" for n in range(count)]
    payloads = [body(serial, n, n % args.flag_every == 0, day + timedelta(seconds=n)) for n, serial in enumerate(serials)]
    results: dict[str, float] = {}
    lock, next_index = threading.Lock(), iter(range(count))
    start = time.perf_counter() + 0.5

    def sender():
        while True:
            with lock:
                n = next(next_index, None)
            if n is None:
                return
            due = start + n / rate
            time.sleep(max(0.0, due - time.perf_counter()))
            post(port, token, "batches", payloads[n], False)
            if n % args.flag_every == 0:
                with lock:
                    results[serials[n]] = due

    threads = [threading.Thread(target=sender) for _ in range(args.senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--senders", type=int, default=16)
    parser.add_argument("--port", type=int, default=8151)
    parser.add_argument("--workers", type=int, default=1, help="gunicorn worker processes (2 threads each)")
    parser.add_argument("--flag-every", type=int, default=10, help="every n-th batch lacks its volume (rule 12)")
    parser.add_argument("--coalesce", action="store_true", help="GEO_SERVER_CONCRETE_RULES_COALESCE=1 for the server")
    args = parser.parse_args()
    os.environ["GEO_SERVER_CONCRETE_RULES_COALESCE"] = "1" if args.coalesce else "0"
    world()
    user, _ = User.objects.get_or_create(username="bench_concrete", defaults={"is_superuser": True, "is_staff": True})
    token = issue_token(user, "bench")
    run = f"Q{int(time.time())}"
    server = start_server(args.port, args.workers)
    try:
        post(args.port, token, "batches", body(run + "-warm", 0, False, APPROVED + timedelta(days=1)), False)
        database = connection.settings_dict["NAME"]
        cpu_before, pg_before, load_before = workers_cpu(server.pid), postgres_cpu(database), os.getloadavg()[0]
        poller = Poller(run)
        poller.start()
        started = time.perf_counter()
        results = drive(args.port, token, run, args)
        wall = time.perf_counter() - started
        deadline = time.perf_counter() + 30
        while len(poller.seen) < len(results) and time.perf_counter() < deadline:
            time.sleep(0.1)
        poller.stop.set()
        cpu, pg, load_after = workers_cpu(server.pid) - cpu_before, postgres_cpu(database) - pg_before, os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait()
    latencies = sorted((poller.seen[f"batch:{serial}"] - due) * 1000 for serial, due in results.items()
                       if f"batch:{serial}" in poller.seen)
    mode = "coalesced rounds" if args.coalesce else "inside each request"
    count = int(args.rate * args.seconds)
    print(f"{count} batches due at {args.rate:g}/s over {args.seconds:g} s, answered within {wall:.1f} s "
          f"({count / wall:.1f}/s); rules {mode}; warnings seen for {len(latencies)} of {len(results)} flagged")
    print(f"arrival -> warning committed: median {statistics.median(latencies):.0f} ms, "
          f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.0f} ms, max {latencies[-1]:.0f} ms")
    print(f"CPU: gunicorn workers {cpu:.1f} s, this database's PostgreSQL backends {pg:.1f} s over {wall:.1f} s; "
          f"load average {load_before:.1f} -> {load_after:.1f}")


if __name__ == "__main__":
    main()
