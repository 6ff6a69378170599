"""Zones from files: GeoJSON, KML or GeoPackage, one zone per polygon feature, all or none.

Reading (and the CRS check before GDAL sees the file) is features/polygon_files.py; zones accept
geographic coordinates only (EPSG:4326, EPSG:4490, CRS84).
"""

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction
from django.utils.translation import gettext as _

from geo_server.features.polygon_files import PolygonFileError, read_polygons
from geo_server.patrols.models import PatrolZone
from geo_server.patrols.zones import ZoneRefused, create_zone

ZONE_CRS = {4326, 4490}
CODES = {"format": "zone_file_format", "crs": "zone_file_crs", "unreadable": "zone_file_unreadable",
         "not_polygon": "zone_not_polygon"}


def read_zone_file(upload) -> list[tuple[str, GEOSGeometry]]:
    """(name, polygon) for each polygon feature of an uploaded file, its CRS checked first."""
    if upload.size > settings.GEO_SERVER["ZONE_MAX_UPLOAD_BYTES"]:
        raise ZoneRefused(_("The file is too large."), code="zone_file_too_large")
    try:
        return read_polygons(upload, ZONE_CRS)
    except PolygonFileError as error:
        raise ZoneRefused(error.message, code=CODES[error.code]) from None


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
            raise ZoneRefused(_("Feature %(number)s: %(error)s") % {"number": number, "error": error.message},
                              code=error.code, details=error.details) from None
    return zones
