"""Zonal statistics of a raster over many geometries: mean, min, max, pixel count, share above a threshold.

Pixel selection: a pixel counts when its centre lies strictly inside the polygon (`all_touched=False`).
`all_touched=True` would also count every pixel the outline crosses, which for a 100 m buffer
on a 100 m grid roughly doubles the area and pulls in the surroundings. A polygon too small to
contain any pixel centre falls back to the one pixel under its point-on-surface (a point that
is always inside the polygon, unlike the centroid of a crescent). Points and lines have no area:
they are buffered by `buffer_m` metres in the Guangzhou Gauss-Kruger projection (EPSG:4547,
CGCS2000 3-degree zone, CM 114E), where metres are metres; `buffer_m=0` samples the pixels
under the point or along the line instead.

The raster is read once, over the bounds of all geometries together; each geometry then looks
only at its own window of that array, so a few thousand small polygons cost milliseconds each.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import rasterio
import shapely
from affine import Affine
from pyproj import Transformer
from rasterio.crs import CRS
from rasterio.features import geometry_mask
from rasterio.windows import Window

from layers.raster_tiles import valid_mask

WGS84 = CRS.from_epsg(4326)
METRIC_CRS = 4547
LINE_BUFFER_M = 100.0


@lru_cache(maxsize=8)
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def _reproject(geoms: np.ndarray, source: str, target: str) -> np.ndarray:
    transformer = _transformer(source, target)
    return shapely.transform(geoms, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def as_shapely(geometry) -> shapely.Geometry:
    """A shapely geometry in EPSG:4326 from shapely itself or a GEOSGeometry (any SRID)."""
    if isinstance(geometry, shapely.Geometry):
        return geometry
    if geometry.srid and geometry.srid != 4326:
        geometry = geometry.transform(4326, clone=True)
    return shapely.from_wkb(bytes(geometry.wkb))


def prepare(geometries: Iterable, buffer_m: float = LINE_BUFFER_M) -> np.ndarray:
    """EPSG:4326 shapely geometries with points and lines buffered by buffer_m metres."""
    geoms = np.array([as_shapely(g) for g in geometries], dtype=object)
    if buffer_m <= 0 or geoms.size == 0:
        return geoms
    thin = shapely.get_dimensions(geoms) < 2
    if thin.any():
        metric = _reproject(geoms[thin], "EPSG:4326", f"EPSG:{METRIC_CRS}")
        geoms[thin] = _reproject(shapely.buffer(metric, buffer_m), f"EPSG:{METRIC_CRS}", "EPSG:4326")
    return geoms


@dataclass(frozen=True)
class Block:
    """The raster pixels under all the geometries, read once, with their validity and transform."""

    values: np.ndarray
    valid: np.ndarray
    transform: Affine

    def window(self, bounds) -> Window | None:
        inverse = ~self.transform
        cols, rows = zip(inverse @ (bounds[0], bounds[3]), inverse @ (bounds[2], bounds[1]))
        height, width = self.values.shape
        col0, row0 = max(math.floor(min(cols)), 0), max(math.floor(min(rows)), 0)
        col1 = min(max(math.ceil(max(cols)), col0 + 1), width)
        row1 = min(max(math.ceil(max(rows)), row0 + 1), height)
        if col0 >= col1 or row0 >= row1:
            return None
        return Window(col0, row0, col1 - col0, row1 - row0)

    def pixel_under(self, point: shapely.Point) -> np.ndarray:
        col, row = ~self.transform @ (point.x, point.y)
        row, col = math.floor(row), math.floor(col)
        inside = 0 <= row < self.values.shape[0] and 0 <= col < self.values.shape[1]
        if not inside or not self.valid[row, col]:
            return self.values[:0, 0]
        return self.values[row:row + 1, col]

    def values_in(self, geom, all_touched: bool) -> np.ndarray:
        window = self.window(geom.bounds)
        if window is None:
            return self.values[:0, 0]
        inside = _inside(geom, window, self.transform @ Affine.translation(window.col_off, window.row_off),
                         all_touched)
        if not inside.any():
            return self.pixel_under(shapely.point_on_surface(geom))
        rows, cols = window.toslices()
        return self.values[rows, cols][inside & self.valid[rows, cols]]


def _inside(geom, window: Window, transform: Affine, all_touched: bool) -> np.ndarray:
    """Which pixels of the window belong to the geometry."""
    if all_touched or shapely.get_dimensions(geom) < 2:
        # GDAL's burn rules: every touched pixel, or the pixels under a point or along a line.
        return geometry_mask([geom], out_shape=(window.height, window.width), transform=transform, invert=True,
                             all_touched=all_touched)
    # Pixel centres strictly inside, tested by GEOS in one vectorised call: about 10x faster than
    # rasterio's rasterize for thousands of small polygons, same pixels (bench/rasters.py).
    rows, cols = np.indices((window.height, window.width))
    xs, ys = transform @ (cols + 0.5, rows + 0.5)
    return shapely.contains_xy(geom, xs, ys)


def read_block(src, geoms: np.ndarray, nodata: float | None) -> Block | None:
    """One read of the source window covering every geometry (clipped to the raster)."""
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    inverse = ~src.transform
    cols, rows = zip(inverse @ (minx, maxy), inverse @ (maxx, miny))
    col0, col1 = max(math.floor(min(cols)), 0), min(math.ceil(max(cols)) + 1, src.width)
    row0, row1 = max(math.floor(min(rows)), 0), min(math.ceil(max(rows)) + 1, src.height)
    if col0 >= col1 or row0 >= row1:
        return None
    window = Window(col0, row0, col1 - col0, row1 - row0)
    values = src.read(1, window=window)
    return Block(values, valid_mask(values, nodata), src.window_transform(window))


def summarise(values: np.ndarray, threshold: float | None) -> dict:
    """mean, min, max, count and share strictly above the threshold (None without one or without pixels)."""
    if values.size == 0:
        return {"mean": None, "min": None, "max": None, "count": 0, "share_above": None}
    return {
        "mean": float(values.astype(np.float64).mean()),
        "min": float(values.min()),
        "max": float(values.max()),
        "count": int(values.size),
        "share_above": None if threshold is None else float(np.count_nonzero(values > threshold) / values.size),
    }


def zonal_stats_of_file(path, geometries: Iterable, threshold: float | None = None, *, nodata: float | None = None,
                        buffer_m: float = LINE_BUFFER_M, all_touched: bool = False) -> list[dict]:
    """Statistics per geometry (EPSG:4326), in input order, of band 1 of the GeoTIFF at path."""
    geoms = prepare(geometries, buffer_m)
    if geoms.size == 0:
        return []
    with rasterio.open(path) as src:
        if src.crs != WGS84:
            geoms = _reproject(geoms, "EPSG:4326", src.crs.to_string())
        nodata = nodata if nodata is not None else src.nodata
        block = read_block(src, geoms, nodata)
    if block is None:
        return [summarise(np.empty(0), threshold) for _ in geoms]
    return [summarise(block.values_in(geom, all_touched), threshold) for geom in geoms]

