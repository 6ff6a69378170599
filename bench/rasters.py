"""Benchmark: raster layers on the demo data. Not a timed test; figures go in bench/README.md.

Usage: DATABASE_URL=... .venv/bin/python bench/rasters.py [--reaches 3000] [--tiles 40]

- synthetic generation (impervious + population, including the PostGIS building count);
- zonal statistics of the impervious raster over N river reaches buffered 100 m, with
  layers.zonal (one read, a window per geometry) vs rasterio.mask.mask per geometry on the
  same open dataset (the usual recipe);
- PNG tiles at z8, z10, z12 and z14 over Guangzhou: p50/p95 of the renderer alone and through
  the Django view (middleware, auth, ETag) in-process.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_server.settings")
django.setup()

import numpy as np  # noqa: E402
import rasterio  # noqa: E402
import rasterio.mask  # noqa: E402
from django.test import Client  # noqa: E402

from geo_server.accounts.models import User  # noqa: E402
from geo_server.features.models import Feature  # noqa: E402
from layers import synthetic_rasters  # noqa: E402
from layers.rasters import register_rasters  # noqa: E402
from layers.zonal import prepare, valid_mask, zonal_stats_of_file  # noqa: E402

TILE_CENTRE = (113.30, 23.12)


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def naive(path, geoms):
    """rasterio.mask.mask per geometry: one windowed read and one mask per polygon."""
    out = []
    with rasterio.open(path) as src:
        for geom in geoms:
            values, _ = rasterio.mask.mask(src, [geom], crop=True, filled=False)
            data = values[0].compressed()
            out.append(float(data[valid_mask(data, src.nodata)].mean()) if data.size else None)
    return out


def bench_zonal(path: Path, count: int) -> None:
    lines = [f.geom for f in Feature.objects.filter(kind="river_reach").order_by("id").only("geom")[:count]]
    geoms = prepare(lines, 100)
    ours, ours_s = timed(zonal_stats_of_file, path, geoms)
    theirs, theirs_s = timed(naive, path, geoms)
    agree = sum(1 for a, b in zip(ours, theirs) if b is not None and a["mean"] is not None
                and abs(a["mean"] - b) < 1e-6)
    print(f"zonal, {len(geoms)} reaches buffered 100 m: layers.zonal {ours_s:.2f} s "
          f"({ours_s / len(geoms) * 1000:.2f} ms each); rasterio.mask per geometry {theirs_s:.2f} s; "
          f"ratio {theirs_s / ours_s:.1f}x; identical means {agree}/{len(geoms)}")


def tile_of(lon, lat, z):
    n = 2**z
    y = (1 - np.arcsinh(np.tan(np.radians(lat))) / np.pi) / 2 * n
    return int((lon + 180) / 360 * n), int(y)


def percentiles(samples):
    samples = sorted(samples)
    return statistics.median(samples) * 1000, samples[int(len(samples) * 0.95) - 1] * 1000


def bench_tiles(per_zoom: int) -> None:
    from layers.raster_tiles import render_tile
    from layers.rasters import get_raster

    client = Client()
    client.force_login(User.objects.filter(is_superuser=True).first())
    for slug in ("impervious", "dem"):
        raster = get_raster(slug)
        for z in (8, 10, 12, 14):
            cx, cy = tile_of(*TILE_CENTRE, z)
            # A block of tiles around central Guangzhou, all inside the synthetic rasters' extent at z>=10.
            tiles = [(cx + dx, cy + dy) for dx in range(-3, 4) for dy in range(-3, 4)][:per_zoom]
            render, view = [], []
            for x, y in tiles:  # interleaved, so both see the same file-cache state
                render.append(timed(render_tile, raster, z, x, y)[1])
                view.append(timed(client.get, f"/rasters/{slug}/{z}/{x}/{y}.png")[1])
            (r50, r95), (v50, v95) = percentiles(render), percentiles(view)
            print(f"tiles {slug:<10} z{z:<2} render p50 {r50:5.1f} ms p95 {r95:5.1f} ms | "
                  f"view p50 {v50:5.1f} ms p95 {v95:5.1f} ms | ratio {v50 / r50:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reaches", type=int, default=3000)
    parser.add_argument("--tiles", type=int, default=40)
    options = parser.parse_args()
    buildings = Feature.objects.filter(kind="building").count()
    with tempfile.TemporaryDirectory() as directory:
        paths, seconds = timed(synthetic_rasters.generate, Path(directory), 2026)
        print(f"synthetic generation over {buildings:,} buildings: {seconds:.1f} s")
        register_rasters(2026, synthetic_dir=Path(directory))
        bench_zonal(paths["impervious"], options.reaches)
        bench_tiles(options.tiles)
    register_rasters(2026)


if __name__ == "__main__":
    main()
