"""Where an export is limited to: a district, a street, a bounding box or a drawn/uploaded polygon.

Every area ends as a WGS84 geometry that PostGIS intersects with the rows (`ST_Intersects`), so a
feature crossing a boundary belongs to both sides. Uploaded files may declare a CRS only as an
EPSG code from the allowlist (DOMAIN.md, "Coordinates"): GDAL never sees a free-text CRS.
"""

import json
from dataclasses import dataclass

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Polygon

from geo_server.errors import BadRequest
from geo_server.features.models import AdminArea
from geo_server.features.params import parse_bbox

# Uploaded files may say their CRS is one of these; anything else is refused.
UPLOAD_SRIDS = {4326, 4490, 4547, 3857}
MAX_POLYGON_POINTS = 20_000


@dataclass(frozen=True)
class Area:
    kind: str  # all | district | street | bbox | polygon
    label: str  # for people: file names and the export log
    ascii_label: str  # for the Content-Disposition fallback
    geom: GEOSGeometry | None = None


EVERYWHERE = Area("all", "all", "all")


def admin_area(level: str, code: str) -> Area:
    found = AdminArea.objects.filter(level=level, code=code).values("name", "geom").first()
    if found is None:
        raise BadRequest(f"No {level} with code {code!r}.", code=f"unknown_{level}")
    return Area(level, found["name"], code, found["geom"])


def bbox_area(raw: str) -> Area:
    return Area("bbox", "bbox", "bbox", parse_bbox(raw))


def polygon_from_geojson(text: bytes | str) -> Area:
    """A GeoJSON Polygon/MultiPolygon, or a Feature/FeatureCollection of them, in lon/lat."""
    try:
        document = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("The polygon must be GeoJSON.", code="invalid_polygon") from None
    geometries = [_geojson_geometry(item) for item in _geometries_in(document)]
    return _polygon_area(geometries)


def polygon_from_file(upload) -> Area:
    """The union of the polygons in an uploaded GeoJSON, KML or GeoPackage file."""
    import pyogrio  # noqa: PLC0415 (pyogrio loads pandas and geopandas, ~60 MB: only for uploads)

    data = upload.read()
    try:
        info = pyogrio.read_info(data)
        srid = _allowed_srid(info.get("crs"))
        _meta, _fids, wkbs, _fields = pyogrio.raw.read(data, read_geometry=True, columns=[])
    except pyogrio.errors.DataSourceError:
        raise BadRequest("The uploaded file is not GeoJSON, KML or GeoPackage.", code="invalid_polygon") from None
    geometries = []
    for wkb in wkbs:
        if wkb is not None:
            geometry = GEOSGeometry(memoryview(wkb), srid=srid)
            if srid != 4326:
                geometry.transform(4326)
            geometries.append(geometry)
    return _polygon_area(geometries)


def _allowed_srid(crs: str | None) -> int:
    if crs is None:
        return 4326  # GeoJSON and KML are lon/lat by definition
    authority, _, code = crs.partition(":")
    if authority.upper() == "EPSG" and code.isdigit() and int(code) in UPLOAD_SRIDS:
        return int(code)
    raise BadRequest(f"The uploaded file's CRS must be one of EPSG:{sorted(UPLOAD_SRIDS)}.", code="invalid_crs")


def _geometries_in(document) -> list:
    if not isinstance(document, dict):
        raise BadRequest("The polygon must be a GeoJSON object.", code="invalid_polygon")
    if document.get("type") == "FeatureCollection":
        return [feature.get("geometry") for feature in document.get("features") or []]
    if document.get("type") == "Feature":
        return [document.get("geometry")]
    return [document]


def _geojson_geometry(item) -> GEOSGeometry:
    try:
        return GEOSGeometry(json.dumps(item), srid=4326)
    except (GEOSException, GDALException, ValueError, TypeError):
        raise BadRequest("The polygon is not a valid GeoJSON geometry.", code="invalid_polygon") from None


def _polygon_area(geometries: list[GEOSGeometry]) -> Area:
    polygons = [p for g in geometries for p in (g if isinstance(g, MultiPolygon) else [g])]
    if not polygons or not all(isinstance(p, Polygon) for p in polygons):
        raise BadRequest("The area must be made of polygons.", code="invalid_polygon")
    if not all(p.valid for p in polygons):
        raise BadRequest("The polygon is not valid (it crosses itself?).", code="invalid_polygon")
    area = MultiPolygon(polygons, srid=4326).unary_union
    if area.num_points > MAX_POLYGON_POINTS:
        raise BadRequest(f"The polygon has more than {MAX_POLYGON_POINTS} points.", code="invalid_polygon")
    minx, miny, maxx, maxy = area.extent
    if area.empty or minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise BadRequest("The polygon must be valid, in longitude/latitude.", code="invalid_polygon")
    return Area("polygon", "polygon", "polygon", area)
