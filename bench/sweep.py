"""Benchmark: the rule sweep (evaluate_rules) over the 1M-feature demo, then the hazards layer.

Usage (on a database loaded with `load_demo --scale 200` and `create_demo_users`):
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/geo_server_bench .venv/bin/python bench/sweep.py

It times, per kind: the first sweep (warnings and hazards created), a second sweep (nothing new:
warnings updated in place), the per-feature re-evaluation that runs when one record is saved, and
a hazards-layer vector tile at z10, z12 and z14 over central Guangzhou rendered for the `city`
user (SQL and encoding, no HTTP).
"""

import os
import statistics
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_server.settings")
django.setup()

from geo_server.accounts.models import User  # noqa: E402
from geo_server.features.kinds import Kind  # noqa: E402
from geo_server.features.models import Feature  # noqa: E402
from geo_server.supervision.evaluation import evaluate_features, sweep  # noqa: E402
from geo_server.supervision.models import Hazard, Warning  # noqa: E402
from layers.catalogue import get_layer  # noqa: E402
from layers.tiles import TileAddress, render_tile  # noqa: E402

# Tiles containing Tianhe Sports Center (113.324 E, 23.138 N).
TILES = {10: (834, 444), 12: (3337, 1777), 14: (13349, 7109)}


def timed(fn, *args):
    started = time.perf_counter()
    value = fn(*args)
    return time.perf_counter() - started, value


def main() -> None:
    print(f"features: {Feature.objects.count():,}")
    for run in ("first", "second"):
        total = 0.0
        for kind in Kind.values:
            seconds, result = timed(sweep, kind)
            total += seconds
            print(f"{run} sweep {kind:<18} {seconds:7.2f} s  {result}")
        print(f"{run} sweep, all kinds: {total:.1f} s; open warnings {Warning.objects.filter(is_open=True).count():,}, "
              f"hazards {Hazard.objects.count():,}")
    one = Feature.objects.filter(kind="building").order_by("id").values_list("id", flat=True)[500]
    samples = [timed(evaluate_features, [one])[0] for _ in range(20)]
    print(f"re-evaluation of one saved building: p50 {statistics.median(samples) * 1000:.1f} ms")
    city = User.objects.get(username="city")
    layer = get_layer("hazards")
    for z, (x, y) in TILES.items():
        samples, size = [], 0
        for _ in range(15):
            seconds, tile = timed(render_tile, layer, city, TileAddress(z, x, y))
            samples.append(seconds)
            size = len(tile) if tile else 0
        print(f"hazards tile z{z}: p50 {statistics.median(samples) * 1000:.1f} ms, {size:,} bytes")


if __name__ == "__main__":
    main()
