"""PNG map tiles from registered GeoTIFFs: XYZ tile -> source window -> Web Mercator 256x256 -> colour ramp -> PNG.

Resampling is nearest-neighbour on purpose: a 20 km DEM cell should look like one 20 km block,
not a smooth surface the data does not have, and categorical rasters (the land mask) must keep
their classes.
"""

import hashlib
import math
import struct
import zlib

import numpy as np
import rasterio
from affine import Affine
from rasterio.crs import CRS
from rasterio.enums import Resampling
from rasterio.transform import from_bounds
from rasterio.warp import reproject, transform_bounds
from rasterio.windows import Window

from django.utils.translation import gettext as _

from geo_server.errors import BadRequest

TILE_SIZE = 256
MAX_ZOOM = 22
WEB_MERCATOR = CRS.from_epsg(3857)
HALF_WORLD = 20037508.342789244
# Never read more than this many source pixels per side for one tile: larger windows are
# decimated by GDAL on read (from overviews when the file has them).
MAX_READ = 2 * TILE_SIZE
# Bump when the rendering changes, so browsers drop tiles cached under the old ETag.
RENDER_VERSION = "1"

# Stops (position 0..1 along value_min..value_max, RGB). ColorBrewer-like, readable on a grey basemap.
RAMPS = {
    "terrain": ((0.0, (26, 150, 65)), (0.2, (166, 217, 106)), (0.45, (253, 174, 97)),
                (0.75, (140, 81, 10)), (1.0, (245, 245, 245))),
    "water_land": ((0.0, (33, 102, 172)), (1.0, (246, 232, 195))),
    "impervious": ((0.0, (255, 255, 204)), (0.5, (253, 141, 60)), (1.0, (128, 0, 38))),
    "population": ((0.0, (255, 247, 243)), (0.5, (247, 104, 161)), (1.0, (73, 0, 106))),
}


def parse_tile(z: str, x: str, y: str) -> tuple[int, int, int]:
    """z/x/y from the URL, checked against the XYZ grid: anything else is a 400."""
    try:
        zi, xi, yi = int(z), int(x), int(y)
    except ValueError:
        raise BadRequest(_("z, x and y must be whole numbers."), code="invalid_tile") from None
    if not 0 <= zi <= MAX_ZOOM:
        raise BadRequest(_("z must be between 0 and %(max_zoom)s.") % {"max_zoom": MAX_ZOOM}, code="invalid_tile")
    if not (0 <= xi < 2**zi and 0 <= yi < 2**zi):
        raise BadRequest(_("x and y must be between 0 and %(last)s at zoom %(zoom)s.")
                         % {"last": 2 ** zi - 1, "zoom": zi}, code="invalid_tile")
    return zi, xi, yi


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """The tile's west, south, east, north in EPSG:3857 metres."""
    size = 2 * HALF_WORLD / 2**z
    west, north = -HALF_WORLD + x * size, HALF_WORLD - y * size
    return west, north - size, west + size, north


def valid_mask(values: np.ndarray, nodata: float | None) -> np.ndarray:
    """True where a pixel carries data: not the nodata value and, for floats, not NaN."""
    valid = np.ones(values.shape, bool)
    if values.dtype.kind == "f":
        valid &= ~np.isnan(values)
    if nodata is not None and not math.isnan(nodata):
        valid &= values != nodata
    return valid


def _source_window(src, bounds_3857) -> Window | None:
    """The source pixels under the tile, one pixel wider on each side, clipped to the raster."""
    west, south, east, north = transform_bounds(WEB_MERCATOR, src.crs, *bounds_3857, densify_pts=21)
    inverse = ~src.transform
    cols, rows = zip(inverse @ (west, north), inverse @ (east, south))
    col0, col1 = max(math.floor(min(cols)) - 1, 0), min(math.ceil(max(cols)) + 1, src.width)
    row0, row1 = max(math.floor(min(rows)) - 1, 0), min(math.ceil(max(rows)) + 1, src.height)
    if col0 >= col1 or row0 >= row1:
        return None
    return Window(col0, row0, col1 - col0, row1 - row0)


def read_tile(src, z: int, x: int, y: int, nodata: float | None) -> np.ndarray | None:
    """The tile as a 256x256 float32 array in EPSG:3857 with NaN for no data; None when all empty."""
    bounds = tile_bounds(z, x, y)
    window = _source_window(src, bounds)
    if window is None:
        return None
    out_w, out_h = min(window.width, MAX_READ), min(window.height, MAX_READ)
    values = src.read(1, window=window, out_shape=(out_h, out_w), resampling=Resampling.nearest)
    source = values.astype(np.float32)
    source[~valid_mask(values, nodata)] = np.nan
    source_transform = src.window_transform(window) @ Affine.scale(window.width / out_w, window.height / out_h)
    tile = np.full((TILE_SIZE, TILE_SIZE), np.nan, np.float32)
    reproject(source, tile, src_transform=source_transform, src_crs=src.crs, src_nodata=np.nan,
              dst_transform=from_bounds(*bounds, TILE_SIZE, TILE_SIZE), dst_crs=WEB_MERCATOR,
              dst_nodata=np.nan, resampling=Resampling.nearest)
    return None if np.isnan(tile).all() else tile


def colourise(values: np.ndarray, ramp: str, value_min: float, value_max: float) -> np.ndarray:
    """RGBA uint8 (h, w, 4): the ramp over value_min..value_max, clamped; NaN fully transparent."""
    stops = RAMPS[ramp]
    positions = np.array([p for p, _ in stops])
    span = (value_max - value_min) or 1.0
    scaled = np.clip((np.nan_to_num(values, nan=value_min) - value_min) / span, 0.0, 1.0)
    rgba = np.empty(values.shape + (4,), np.uint8)
    for channel in range(3):
        rgba[..., channel] = np.interp(scaled, positions, [colour[channel] for _, colour in stops]).round()
    rgba[..., 3] = np.where(np.isnan(values), 0, 255)
    return rgba


def encode_png(rgba: np.ndarray) -> bytes:
    """An 8-bit RGBA PNG (RFC 2083): every scanline with filter 0, one deflated IDAT chunk."""
    height, width, _ = rgba.shape
    scanlines = np.concatenate([np.zeros((height, 1), np.uint8), rgba.reshape(height, width * 4)], axis=1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(scanlines.tobytes(), 6))
            + chunk(b"IEND", b""))


TRANSPARENT_TILE = encode_png(np.zeros((TILE_SIZE, TILE_SIZE, 4), np.uint8))


def render_tile(raster, z: int, x: int, y: int) -> bytes:
    """The PNG for one tile of a RasterLayer; a transparent tile where the raster has no data."""
    with rasterio.open(raster.file) as src:
        nodata = raster.nodata if raster.nodata is not None else src.nodata
        values = read_tile(src, z, x, y, nodata)
    if values is None:
        return TRANSPARENT_TILE
    return encode_png(colourise(values, raster.ramp, raster.value_min, raster.value_max))


def tile_etag(raster, z: int, x: int, y: int) -> str:
    """Changes when the file, the styling or the renderer changes; computed without reading pixels."""
    stat = raster.file.stat()
    key = (f"{RENDER_VERSION}:{raster.slug}:{stat.st_mtime_ns}:{stat.st_size}:{raster.ramp}:"
           f"{raster.value_min}:{raster.value_max}:{raster.nodata}:{z}/{x}/{y}")
    return '"' + hashlib.sha1(key.encode()).hexdigest()[:20] + '"'
