"""Synthetic impervious-surface and population-density rasters over Guangzhou, deterministic per seed.

Not measurements: they exist so that maps and zonal statistics have plausible fine-grained inputs.
Shape comes from real data (district boundaries from the database, GSHHS water and WDB II rivers
from fixtures/) and from the demo's building footprints; the rest is seeded noise. Each smooth
field is built on a ~1 km grid and resampled bilinearly to ~100 m, which smooths without scipy.
"""

import json
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from django.db import connection
from rasterio.crs import CRS
from rasterio.enums import Resampling
from rasterio.features import rasterize
from rasterio.warp import reproject

from geo_server.features.areas import FIXTURES
from geo_server.features.models import AdminArea

BOUNDS = (112.95, 22.51, 114.06, 23.94)
FINE = 0.001  # degrees: ~111 m north-south, ~102 m east-west at 23N
COARSE = 0.01
WGS84 = CRS.from_epsg(4326)
CORE = (113.27, 23.13)  # Yuexiu, the old city centre

# [D] Rough impervious share per district (urban core high, rural north low): a synthetic default.
DISTRICT_SHARE = {
    "440104": 0.90, "440103": 0.80, "440106": 0.78, "440105": 0.75,  # Yuexiu, Liwan, Tianhe, Haizhu
    "440111": 0.45, "440112": 0.45, "440113": 0.45, "440114": 0.30,  # Baiyun, Huangpu, Panyu, Huadu
    "440115": 0.22, "440118": 0.18, "440117": 0.10,  # Nansha, Zengcheng, Conghua
}
# Centroid of each building per ~1 km cell; aggregated in PostGIS so a million footprints stay cheap.
BUILDING_COUNT_SQL = """
    SELECT floor((ST_X(c) - %(west)s) / %(res)s)::int, floor((%(north)s - ST_Y(c)) / %(res)s)::int, count(*)
    FROM (SELECT ST_Centroid(geom) AS c FROM features_feature WHERE kind = 'building') AS b
    GROUP BY 1, 2
"""


def grid(resolution: float) -> tuple[Affine, tuple[int, int]]:
    west, south, east, north = BOUNDS
    shape = (round((north - south) / resolution), round((east - west) / resolution))
    return Affine(resolution, 0, west, 0, -resolution, north), shape


def _upsample(coarse: np.ndarray, coarse_transform: Affine, fine_transform: Affine, shape) -> np.ndarray:
    fine = np.zeros(shape, np.float32)
    reproject(coarse.astype(np.float32), fine, src_transform=coarse_transform, src_crs=WGS84,
              dst_transform=fine_transform, dst_crs=WGS84, resampling=Resampling.bilinear)
    return fine


def _district_shares(transform: Affine, shape) -> np.ndarray:
    districts = AdminArea.objects.filter(level="district", code__in=DISTRICT_SHARE)
    shapes = [(json.loads(d.geom.geojson), DISTRICT_SHARE[d.code]) for d in districts]
    return rasterize(shapes, out_shape=shape, transform=transform, fill=np.nan, dtype="float32")


def _building_density(transform: Affine, shape) -> np.ndarray:
    """Buildings per cell scaled so the busiest 1% of occupied cells reach 1."""
    counts = np.zeros(shape, np.float32)
    with connection.cursor() as cursor:
        cursor.execute(BUILDING_COUNT_SQL, {"west": transform.c, "north": transform.f, "res": transform.a})
        for col, row, count in cursor.fetchall():
            if 0 <= row < shape[0] and 0 <= col < shape[1]:
                counts[row, col] = count
    occupied = counts[counts > 0]
    return np.clip(counts / np.percentile(occupied, 99), 0, 1) if occupied.size else counts


def _water(transform: Affine, shape) -> np.ndarray:
    shapes = []
    for name in ("guangzhou_water_gshhs.geojson", "guangzhou_rivers_wdb2.geojson"):
        with open(FIXTURES / name, encoding="utf-8") as handle:
            shapes += [feature["geometry"] for feature in json.load(handle)["features"]]
    return rasterize(shapes, out_shape=shape, transform=transform, fill=0, dtype="uint8").astype(bool)


def _core_distance_km(transform: Affine, shape) -> np.ndarray:
    rows, cols = np.indices(shape)
    lon, lat = transform @ (cols + 0.5, rows + 0.5)
    return np.hypot((lon - CORE[0]) * 111.32 * np.cos(np.radians(CORE[1])), (lat - CORE[1]) * 110.57)


def impervious(seed: int) -> tuple[np.ndarray, Affine]:
    """Share 0..1 of sealed surface per ~100 m cell; NaN outside Guangzhou."""
    rng = np.random.default_rng(seed)
    fine, shape = grid(FINE)
    coarse, coarse_shape = grid(COARSE)
    inside = ~np.isnan(_district_shares(fine, shape))
    base = _upsample(np.nan_to_num(_district_shares(coarse, coarse_shape), nan=0.3), coarse, fine, shape)
    share = base * (0.55 + 0.45 * np.exp(-_core_distance_km(fine, shape) / 20))
    share += 0.35 * _upsample(_building_density(coarse, coarse_shape), coarse, fine, shape) * (1 - share)
    share *= 0.75 + 0.5 * _upsample(rng.random(coarse_shape), coarse, fine, shape)
    share = np.clip(share + rng.normal(0, 0.03, shape), 0, 1).round(3).astype(np.float32)
    share[_water(fine, shape)] = 0
    share[~inside] = np.nan
    return share, fine


def population(share: np.ndarray, seed: int) -> np.ndarray:
    """People per km², following the sealed share (dense core ~30,000/km², rural north a few hundred)."""
    rng = np.random.default_rng([seed, 1])
    density = 42_000 * share**2 * np.exp(rng.normal(0, 0.3, share.shape)) + 150 * (share > 0)
    return density.round().astype(np.float32)


def write_geotiff(path: Path, values: np.ndarray, transform: Affine, **tags) -> None:
    """Tiled, deflate-compressed float32 GeoTIFF with NaN nodata and averaged overviews for small zooms."""
    profile = {"driver": "GTiff", "width": values.shape[1], "height": values.shape[0], "count": 1,
               "dtype": "float32", "crs": WGS84, "transform": transform, "nodata": np.nan, "tiled": True,
               "blockxsize": 256, "blockysize": 256, "compress": "deflate", "predictor": 3}
    path.parent.mkdir(parents=True, exist_ok=True)
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(values, 1)
        dst.update_tags(synthetic="yes", **tags)
        dst.build_overviews([2, 4, 8, 16], Resampling.average)


def generate(out_dir: Path, seed: int) -> dict[str, Path]:
    """Write impervious_synthetic.tif and population_synthetic.tif into out_dir; returns slug -> path."""
    share, transform = impervious(seed)
    paths = {"impervious": out_dir / "impervious_synthetic.tif", "population": out_dir / "population_synthetic.tif"}
    write_geotiff(paths["impervious"], share, transform, seed=str(seed), units="share 0-1")
    write_geotiff(paths["population"], population(share, seed), transform, seed=str(seed), units="people/km2")
    return paths
