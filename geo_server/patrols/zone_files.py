"""Zones from files: GeoJSON, KML or GeoPackage, one zone per polygon feature, all or none.

The CRS is checked before GDAL opens the file (DOMAIN.md, "Coordinates"): a GeoJSON `crs` member
and a GeoPackage's spatial reference rows must name EPSG:4326, EPSG:4490 or OGC CRS84, so no free-
text definition ever reaches GDAL; KML is WGS84 by specification. CGCS2000 (4490) and WGS84 differ
by centimetres here, less than any drawing, so 4490 coordinates are stored as they are.
"""

import json
import sqlite3
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction

from geo_server.patrols.models import PatrolZone
from geo_server.patrols.zones import ZoneRefused, create_zone

SUFFIXES = {".geojson": "geojson", ".json": "geojson", ".kml": "kml", ".gpkg": "gpkg"}
GEOJSON_CRS = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "urn:ogc:def:crs:EPSG::4490",
               "EPSG:4326", "EPSG:4490", "OGC:CRS84"}
EPSG_CODES = {4326, 4490}
GDAL_CRS = {"EPSG:4326", "EPSG:4490", "OGC:CRS84"}
NAME_FIELDS = ("name", "Name", "NAME", "名称")


def _refuse(message: str, code: str = "zone_file_unreadable"):
    raise ZoneRefused(message, code=code)


def _check_geojson_crs(path: Path) -> None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        _refuse("The file is not valid GeoJSON.")
    crs = data.get("crs") if isinstance(data, dict) else None
    name = ((crs or {}).get("properties") or {}).get("name") if isinstance(crs, dict) else None
    if crs is not None and name not in GEOJSON_CRS:
        _refuse("The file's CRS must be EPSG:4326, EPSG:4490 or CRS84.", "zone_file_crs")


def _check_gpkg_crs(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT s.organization, s.organization_coordsys_id FROM gpkg_geometry_columns g "
                              "JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id").fetchall()
    except sqlite3.Error:
        _refuse("The file is not a readable GeoPackage.")
    if not rows or any((org or "").upper() != "EPSG" or code not in EPSG_CODES for org, code in rows):
        _refuse("The file's CRS must be EPSG:4326 or EPSG:4490.", "zone_file_crs")


def _polygons(path: Path) -> list[tuple[str, GEOSGeometry]]:
    import pyogrio  # GDAL loads only when someone imports a file

    try:
        meta, _fids, geometries, values = pyogrio.raw.read(path)
    except Exception:  # pyogrio raises several DataSource/DataLayer errors; all mean the same here
        _refuse("GDAL could not read the file.")
    if meta.get("crs") not in GDAL_CRS:
        _refuse("The file's CRS must be EPSG:4326, EPSG:4490 or CRS84.", "zone_file_crs")
    fields = list(meta.get("fields", []))
    name_at = next((fields.index(f) for f in NAME_FIELDS if f in fields), None)
    found = []
    for index, wkb in enumerate(geometries):
        geometry = GEOSGeometry(memoryview(wkb)) if wkb is not None else None
        if geometry is not None and geometry.geom_type in ("Polygon", "MultiPolygon"):
            label = str(values[name_at][index]) if name_at is not None and values[name_at][index] else ""
            found.append((label, geometry))
    if not found:
        _refuse("The file holds no polygon.", "zone_not_polygon")
    return found


def read_zone_file(upload) -> list[tuple[str, GEOSGeometry]]:
    """(name, polygon) for each polygon feature of an uploaded file, its CRS checked first."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in SUFFIXES:
        _refuse("Upload a .geojson, .kml or .gpkg file.", "zone_file_format")
    if upload.size > settings.GEO_SERVER["ZONE_MAX_UPLOAD_BYTES"]:
        _refuse("The file is too large.", "zone_file_too_large")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        if SUFFIXES[suffix] == "geojson":
            _check_geojson_crs(path)
        elif SUFFIXES[suffix] == "gpkg":
            _check_gpkg_crs(path)
        return _polygons(path)


@transaction.atomic
def import_zones(user, upload, name: str = "") -> list[PatrolZone]:
    """Create a zone per polygon in the file; a refusal names the feature and saves none of them."""
    polygons = read_zone_file(upload)
    zones = []
    for number, (label, geometry) in enumerate(polygons, start=1):
        zone_name = label or (f"{name} {number}" if len(polygons) > 1 else name)
        try:
            zones.append(create_zone(user, zone_name, geometry.json))
        except ZoneRefused as error:
            raise ZoneRefused(f"Feature {number}: {error.message}", code=error.code, details=error.details) from None
    return zones
