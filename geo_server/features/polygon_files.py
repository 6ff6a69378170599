"""Polygons from an uploaded GeoJSON, KML or GeoPackage file, for export areas and patrol zones.

The CRS is checked before GDAL opens the file (DOMAIN.md, "Coordinates"): a GeoJSON `crs` member
and a GeoPackage's spatial reference rows must name an EPSG code the caller allows (or CRS84), so
no free-text definition ever reaches GDAL; KML is WGS84 by specification. Geometries come back in
EPSG:4326; CGCS2000 (4490) differs from WGS84 by centimetres here, so its coordinates are kept.
"""

import json
import re
import sqlite3
import tempfile
from pathlib import Path

from django.contrib.gis.geos import GEOSGeometry
from django.utils.translation import gettext as _

SUFFIXES = {".geojson": "geojson", ".json": "geojson", ".kml": "kml", ".gpkg": "gpkg"}
NAME_FIELDS = ("name", "Name", "NAME", "名称")
GEOGRAPHIC = {4326, 4490}


class PolygonFileError(Exception):
    """Why a file was refused; `code` is one of format, crs, unreadable, not_polygon."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _srid(name: str | None) -> int | None:
    """4326 for CRS84 and EPSG:4326 in their usual spellings, the EPSG code otherwise, else None."""
    if not name:
        return None
    if name.upper().endswith("CRS84"):
        return 4326
    match = re.fullmatch(r"(?:urn:ogc:def:crs:)?EPSG:(?:[\d.]*:)?(\d+)", name.strip(), flags=re.IGNORECASE)
    return int(match.group(1)) if match else None


def _refuse_crs(allowed: set[int]):
    raise PolygonFileError(_("The file's CRS must be one of EPSG:%(allowed)s or CRS84.") % {"allowed": sorted(allowed)},
                           "crs")


def _check_geojson_crs(path: Path, allowed: set[int]) -> None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise PolygonFileError(_("The file is not valid GeoJSON."), "unreadable") from None
    crs = data.get("crs") if isinstance(data, dict) else None
    if crs is not None:
        name = (crs.get("properties") or {}).get("name") if isinstance(crs, dict) else None
        if _srid(name) not in allowed:
            _refuse_crs(allowed)


def _check_gpkg_crs(path: Path, allowed: set[int]) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT s.organization, s.organization_coordsys_id FROM gpkg_geometry_columns g "
                              "JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id").fetchall()
    except sqlite3.Error:
        raise PolygonFileError(_("The file is not a readable GeoPackage."), "unreadable") from None
    if not rows or any((org or "").upper() != "EPSG" or code not in allowed for org, code in rows):
        _refuse_crs(allowed)


def _polygons(path: Path, allowed: set[int]) -> list[tuple[str, GEOSGeometry]]:
    import pyogrio  # noqa: PLC0415 (pyogrio loads pandas and geopandas, ~60 MB: only for uploads)

    try:
        meta, _fids, geometries, values = pyogrio.raw.read(path)
    except Exception:  # pyogrio raises several DataSource/DataLayer errors; all mean the same here
        raise PolygonFileError(_("GDAL could not read the file."), "unreadable") from None
    srid = _srid(meta.get("crs"))
    if srid not in allowed:
        _refuse_crs(allowed)
    fields = list(meta.get("fields", []))
    name_at = next((fields.index(f) for f in NAME_FIELDS if f in fields), None)
    found = []
    for index, wkb in enumerate(geometries):
        geometry = GEOSGeometry(memoryview(wkb), srid=srid) if wkb is not None else None
        if geometry is None or geometry.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        if srid in GEOGRAPHIC:
            geometry.srid = 4326
        else:
            geometry.transform(4326)
        label = str(values[name_at][index]) if name_at is not None and values[name_at][index] else ""
        found.append((label, geometry))
    if not found:
        raise PolygonFileError(_("The file holds no polygon."), "not_polygon")
    return found


def read_polygons(upload, allowed: set[int]) -> list[tuple[str, GEOSGeometry]]:
    """(name, polygon in EPSG:4326) for each polygon feature of the upload, its CRS checked first."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise PolygonFileError(_("Upload a .geojson, .kml or .gpkg file."), "format")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        if SUFFIXES[suffix] == "geojson":
            _check_geojson_crs(path, allowed)
        elif SUFFIXES[suffix] == "gpkg":
            _check_gpkg_crs(path, allowed)
        return _polygons(path, allowed)
