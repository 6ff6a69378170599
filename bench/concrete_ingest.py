"""Benchmark: a concrete plant's feeds through the HTTP API of a real gunicorn server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/geo_server_x .venv/bin/python bench/concrete_ingest.py \
        [--batches 100000] [--materials 7] [--singles 60] [--gzip] [--port 8150]

Makes its own synthetic world once (10 plants BENCH-CP01.. with 3 lines, an approved mix, an order
and a lot per material each), then posts, with a token, one NDJSON body of --batches batches (with a
delivery ticket each) and one of their batching records (--materials per batch), new serials each
run, and reports rows/s. Then --singles times one batch and its records as a plant sends them as
they happen (two requests), reporting the time until each answer: the rows are committed and the
plant's rules evaluated by then (ingest.after_ingest runs on commit, inside the request).
"""

import argparse
import gzip
import http.client
import json
import os
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_server.settings")
django.setup()

from django.contrib.gis.geos import Point  # noqa: E402

from bench.ingest import start_server  # noqa: E402
from geo_server.accounts.models import User  # noqa: E402
from geo_server.accounts.tokens import issue_token  # noqa: E402
from geo_server.features.models import Feature  # noqa: E402
from geo_server.sectors.concrete.models import MaterialLot, MixDesign, MixingLine, Order  # noqa: E402

PLANTS = [f"BENCH-CP{i:02d}" for i in range(1, 11)]
MATERIALS = [("cement", 300), ("fly_ash", 60), ("slag", 30), ("water", 175), ("sand", 780), ("stone", 1050),
             ("admixture", 7), ("machine_sand", 0)]
CST = timezone(timedelta(hours=8))


def world() -> None:
    """The bench's plants and their master data, made once (synthetic)."""
    for i, code in enumerate(PLANTS):
        plant, made = Feature.objects.get_or_create(
            kind="concrete_plant", code=code,
            defaults={"name": f"基准测试搅拌站{i + 1}（合成）", "geom": Point(113.30 + i / 100, 23.12), "synthetic": True})
        if not made:
            continue
        MixingLine.objects.bulk_create([MixingLine(plant=plant, code=f"L{n}", synthetic=True) for n in (1, 2, 3)])
        mix = MixDesign.objects.create(plant=plant, code="M30", grade="C30", exposure_class="dry", cement_kg=300,
                                       water_kg=175, water_binder_ratio="0.45", binder_kg=390,
                                       approval_state="approved", approved_at=datetime(2026, 1, 1, tzinfo=CST))
        Order.objects.create(plant=plant, source_id="O1", customer="合成客户", grade="C30", mix=mix, volume_m3=100000)
        MaterialLot.objects.bulk_create([MaterialLot(
            plant=plant, source_id=f"LOT-{name}", material_type=name, quantity_t=100000,
            arrived_at=datetime(2026, 1, 1, tzinfo=CST), recorded_at=datetime(2026, 1, 1, tzinfo=CST),
            has_certificate=True) for name, _kg in MATERIALS])


def bodies(run: str, batches: int, materials: int, start: datetime) -> tuple[bytes, bytes]:
    batch_lines, record_lines = [], []
    for n in range(batches):
        plant, at = PLANTS[n % len(PLANTS)], (start + timedelta(seconds=n)).isoformat()
        serial = f"{run}-{n:07d}"
        batch_lines.append(json.dumps({
            "serial": serial, "plant": plant, "line": f"L{n % 3 + 1}", "produced_at": at, "mix": "M30",
            "grade": "C30", "volume_m3": 8, "order_no": "O1", "shift": at[:10] + "/day", "ticket_no": "T" + serial,
            "truck": "粤A00000", "delivered_at": at}, ensure_ascii=False))
        for name, kg in MATERIALS[:materials]:
            record_lines.append(json.dumps({
                "record_id": f"{serial}-{name}", "plant": plant, "serial": serial, "material_type": name,
                "lot": f"LOT-{name}", "target_kg": kg * 8, "actual_kg": kg * 8 + 1, "batched_at": at}))
    return ("\n".join(batch_lines) + "\n").encode(), ("\n".join(record_lines) + "\n").encode()


def post(port: int, token: str, feed: str, body: bytes, gzipped: bool) -> tuple[float, dict]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/x-ndjson"}
    if gzipped:
        body, headers["Content-Encoding"] = gzip.compress(body, 6), "gzip"
    headers["Content-Length"] = str(len(body))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
    started = time.perf_counter()
    connection.request("POST", f"/api/concrete/{feed}", body=body, headers=headers)
    response = connection.getresponse()
    answer = json.loads(response.read())
    elapsed = time.perf_counter() - started
    if response.status not in (200, 201):
        raise SystemExit(f"{feed} {response.status}: {answer}")
    return elapsed, answer


def bulk(port, token, run, args) -> None:
    batches, records = bodies(run, args.batches, args.materials, datetime(2026, 6, 1, tzinfo=CST))
    for feed, body in (("batches", batches), ("batching", records)):
        elapsed, answer = post(port, token, feed, body, args.gzip)
        rows = answer["received"]
        print(f"{feed}: {rows:,} rows, {len(body) / 1e6:,.1f} MB NDJSON in {elapsed:.2f} s = {rows / elapsed:,.0f} "
              f"rows/s; inserted {answer['inserted']:,}")


def singles(port, token, run, args) -> None:
    times = []
    for n in range(args.singles):
        batch, records = bodies(f"{run}-s{n}", 1, args.materials, datetime(2026, 7, 1, tzinfo=CST))
        started = time.perf_counter()
        post(port, token, "batches", batch, False)
        post(port, token, "batching", records, False)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(f"one batch + {args.materials} records as they happen, {len(times)} times: median "
          f"{statistics.median(times):.0f} ms, p95 {times[int(len(times) * 0.95) - 1]:.0f} ms, max {times[-1]:.0f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", type=int, default=100_000)
    parser.add_argument("--materials", type=int, default=7)
    parser.add_argument("--singles", type=int, default=60)
    parser.add_argument("--gzip", action="store_true")
    parser.add_argument("--port", type=int, default=8150)
    args = parser.parse_args()
    world()
    user, _ = User.objects.get_or_create(username="bench_concrete", defaults={"is_superuser": True, "is_staff": True})
    token = issue_token(user, "bench")
    run = f"R{int(time.time())}"
    server = start_server(args.port)
    try:
        post(args.port, token, "batches", bodies(run + "-warm", 10, 1, datetime(2026, 5, 1, tzinfo=CST))[0], False)
        bulk(args.port, token, run, args)
        if args.singles:
            singles(args.port, token, run, args)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
