"""Where an export is limited to: a district, a street, a bounding box or a drawn/uploaded polygon.

Every area ends as a WGS84 geometry that PostGIS intersects with the rows (`ST_Intersects`), so a
feature crossing a boundary belongs to both sides. Uploaded files may declare a CRS only as an
EPSG code from the allowlist (DOMAIN.md, "Coordinates"): GDAL never sees a free-text CRS.
"""

import json
from dataclasses import dataclass

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Polygon
from django.utils.translation import gettext as _

from geo_server.errors import BadRequest
from geo_server.features.models import AdminArea
from geo_server.features.params import parse_bbox
from geo_server.features.polygon_files import PolygonFileError, read_polygons
from geo_server.validation import parse_json

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
        raise BadRequest(_("No %(level)s with code %(code)r.")
                         % {"level": level, "code": code}, code=f"unknown_{level}")
    return Area(level, found["name"], code, found["geom"])


def bbox_area(raw: str) -> Area:
    return Area("bbox", "bbox", "bbox", parse_bbox(raw))


def polygon_from_geojson(text: bytes | str) -> Area:
    """A GeoJSON Polygon/MultiPolygon, or a Feature/FeatureCollection of them, in lon/lat."""
    try:
        document = parse_json(text)
    except BadRequest as error:
        raise BadRequest(_("The polygon must be GeoJSON: %(error)s")
                         % {"error": error.message}, code="invalid_polygon") from None
    geometries = [_geojson_geometry(item) for item in _geometries_in(document)]
    return _polygon_area(geometries)


def polygon_from_file(upload) -> Area:
    """The union of the polygons in an uploaded GeoJSON, KML or GeoPackage file."""
    try:
        polygons = read_polygons(upload, UPLOAD_SRIDS)
    except PolygonFileError as error:
        raise BadRequest(error.message, code="invalid_crs" if error.code == "crs" else "invalid_polygon") from None
    return _polygon_area([geometry for _label, geometry in polygons])


def _geometries_in(document) -> list:
    if not isinstance(document, dict):
        raise BadRequest(_("The polygon must be a GeoJSON object."), code="invalid_polygon")
    if document.get("type") == "FeatureCollection":
        features = document.get("features") or []
        if not isinstance(features, list) or not all(isinstance(feature, dict) for feature in features):
            raise BadRequest(_("A FeatureCollection's features must be a list of Features."), code="invalid_polygon")
        return [feature.get("geometry") for feature in features]
    if document.get("type") == "Feature":
        return [document.get("geometry")]
    return [document]


def _geojson_geometry(item) -> GEOSGeometry:
    try:
        return GEOSGeometry(json.dumps(item), srid=4326)
    except (GEOSException, GDALException, ValueError, TypeError):
        raise BadRequest(_("The polygon is not a valid GeoJSON geometry."), code="invalid_polygon") from None


def _polygon_area(geometries: list[GEOSGeometry]) -> Area:
    polygons = [p for g in geometries for p in (g if isinstance(g, MultiPolygon) else [g])]
    if not polygons or not all(isinstance(p, Polygon) for p in polygons):
        raise BadRequest(_("The area must be made of polygons."), code="invalid_polygon")
    if not all(p.valid for p in polygons):
        raise BadRequest(_("The polygon is not valid (it crosses itself?)."), code="invalid_polygon")
    area = MultiPolygon(polygons, srid=4326).unary_union
    if area.num_points > MAX_POLYGON_POINTS:
        raise BadRequest(_("The polygon has more than %(max_polygon_points)s points.")
                         % {"max_polygon_points": MAX_POLYGON_POINTS}, code="invalid_polygon")
    minx, miny, maxx, maxy = area.extent
    if area.empty or minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise BadRequest(_("The polygon must be valid, in longitude/latitude."), code="invalid_polygon")
    return Area("polygon", "polygon", "polygon", area)
