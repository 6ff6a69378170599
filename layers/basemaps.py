"""The configured basemaps as the map's script draws them (Leaflet tile layers, titles in the page's
language), the offline MBTiles files this server serves itself, and the context labels (district and
street names at a point inside each) that orient a map without any basemap."""

import json
import sqlite3
from contextlib import closing
from functools import cache
from pathlib import Path
from urllib.parse import quote, unquote

from django.conf import settings
from django.contrib.gis.db.models.functions import AsGeoJSON, PointOnSurface
from django.contrib.gis.db.models import MultiPolygonField
from django.db.models import Func, Value
from django.urls import reverse
from django.utils.translation import gettext as _

from geo_server.basemaps import TIANDITU_LAYERS, Basemap, configured_basemaps
from geo_server.features.models import AdminArea

# Tianditu's Web Mercator WMTS ("_w"); its CGCS2000 grid ("_c") is not Leaflet's default CRS.
TIANDITU_URL = ("https://t{s}.tianditu.gov.cn/<layer>_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=<layer>"
                "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=<key>")
MBTILES_FORMATS = {"png": ("png", "image/png"), "jpg": ("jpg", "image/jpeg"), "jpeg": ("jpg", "image/jpeg")}
# Zooms from which each level's names are shown: districts from the city view, streets once a
# district fills the screen (178 street names at zoom 10 would cover the city).
LABEL_ZOOMS = {"district": 8, "street": 12}
# Real water for orientation (fixtures/SOURCES.md): GSHHS estuary polygons and WDB II river lines.
WATER_FILES = {"water": "guangzhou_water_gshhs.geojson", "river": "guangzhou_rivers_wdb2.geojson"}


def _connect(path: str) -> sqlite3.Connection:
    # Read-only: a request can never write to (or create) the file.
    return sqlite3.connect(f"file:{quote(str(Path(path).resolve()))}?mode=ro", uri=True)


def mbtiles_format(path: str) -> tuple[str, str]:
    """(extension, content type) of an MBTiles file's tiles, from its metadata; PNG when it does not say."""
    with closing(_connect(path)) as db:
        row = db.execute("SELECT value FROM metadata WHERE name = 'format'").fetchone()
    return MBTILES_FORMATS.get((row[0] if row else "png").lower(), MBTILES_FORMATS["png"])


def read_tile(path: str, z: int, x: int, y: int) -> bytes | None:
    """The XYZ tile z/x/y of an MBTiles file, whose rows count from the south (TMS): None if absent."""
    with closing(_connect(path)) as db:
        row = db.execute("SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                         (z, x, 2**z - 1 - y)).fetchone()
    return row[0] if row else None


def find_basemap(basemap_id: str) -> Basemap | None:
    return next((b for b in configured_basemaps() if b.id == basemap_id), None)


def tile_layers(basemap: Basemap) -> list[dict]:
    layer = {"subdomains": basemap.subdomains, "attribution": basemap.attribution, "maxZoom": basemap.max_zoom}
    if basemap.type == "tianditu":
        urls = [TIANDITU_URL.replace("<layer>", name).replace("<key>", quote(basemap.key))
                for name in (basemap.layer, TIANDITU_LAYERS[basemap.layer])]
        return [{**layer, "url": urls[0]}, {**layer, "url": urls[1], "attribution": ""}]
    if basemap.type == "mbtiles":
        ext = mbtiles_format(basemap.path)[0]
        url = unquote(reverse("basemap-tile", kwargs={"basemap": basemap.id, "z": "{z}", "x": "{x}", "y": "{y}",
                                                      "ext": ext}))
        return [{**layer, "url": url}]
    return [{**layer, "url": basemap.url}]


def map_basemaps(language: str) -> list[dict]:
    """The basemaps for the map's switcher, first shown first; an MBTiles file gone missing is left out."""
    return [{"id": b.id, "title": b.title(language), "layers": tile_layers(b)} for b in configured_basemaps()
            if b.type != "mbtiles" or Path(b.path).is_file()]


def print_basemap() -> Basemap | None:
    """The basemap of a print map: the first one from the internet. A print map is a file that may be
    opened away from this server, where an MBTiles basemap's /basemaps/ URLs would not resolve."""
    return next((b for b in configured_basemaps() if b.type != "mbtiles"), None)


def basemap_config(language: str) -> dict:
    """What basemaps.js needs on a page other than the main map (whose config carries the same)."""
    return {"basemaps": map_basemaps(language), "context_labels_url": reverse("context-labels"),
            "context_water_url": reverse("context-water"), "context_areas_url": reverse("context-areas"),
            "labels": {"noBasemap": _("No basemap")}}


def context_labels(language: str) -> list[dict]:
    """District and street names at a point inside each (ST_PointOnSurface: inside even a crescent)."""
    english = language.startswith("en")
    areas = (AdminArea.objects.filter(level__in=LABEL_ZOOMS).annotate(label_point=PointOnSurface("geom"))
             .order_by("level", "code").values("name", "name_en", "level", "label_point"))
    return [{"name": (area["name_en"] if english and area["name_en"] else area["name"]), "level": area["level"],
             "minZoom": LABEL_ZOOMS[area["level"]],
             "lat": round(area["label_point"].y, 5), "lng": round(area["label_point"].x, 5)} for area in areas]


@cache
def context_water() -> dict:
    """Water bodies and rivers as one GeoJSON collection, each feature's `kind` water or river (55 kB,
    read once: the files change only with a release)."""
    features = []
    for kind, name in WATER_FILES.items():
        with open(Path(settings.BASE_DIR) / "fixtures" / name, encoding="utf-8") as handle:
            features += [{"type": "Feature", "properties": {"kind": kind}, "geometry": feature["geometry"]}
                         for feature in json.load(handle)["features"]]
    return {"type": "FeatureCollection", "features": features}


def context_areas() -> dict:
    """District outlines for a page's small map (the main map draws them from vector tiles),
    simplified to ~30 m, enough at the zooms a small map shows."""
    outline = AsGeoJSON(Func("geom", Value(0.0003), function="ST_SimplifyPreserveTopology",
                                output_field=MultiPolygonField()), precision=5)
    rows = AdminArea.objects.filter(level=AdminArea.Level.DISTRICT).annotate(outline=outline).values("code", "outline")
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": row["code"]}, "geometry": json.loads(row["outline"])} for row in rows]}
