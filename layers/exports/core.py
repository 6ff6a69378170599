"""An export from request to bytes: pick the format's serializer, name the file, log the export.

Views and the export_districts command both call `start()`; neither knows any format.
"""

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

from django.contrib.gis.geos import MultiPolygon, Polygon
from django.utils import timezone

from geo_server.audit.events import record
from layers.exports import copy, csvfile, geojson, gpkg, kml, shapefile, xlsx
from layers.exports.params import ExportRequest
from layers.models import ExportLog

CRS_IN_NAME = ("csv", "xlsx")
SERIALIZERS = {"geojson": geojson, "gpkg": gpkg, "shp": shapefile, "csv": csvfile, "xlsx": xlsx, "kml": kml}
SYSTEM = "system"


@dataclass
class Export:
    filename: str
    ascii_filename: str
    content_type: str
    chunks: Iterator[bytes]

    def content_disposition(self) -> str:
        """RFC 6266: an ASCII fallback, and the UTF-8 name (RFC 5987) for clients that read it."""
        return f"attachment; filename=\"{self.ascii_filename}\"; filename*=UTF-8''{quote(self.filename)}"


def start(user, request: ExportRequest, *, requested_by: str | None = None) -> Export:
    """The export, ready to be iterated; the log row is written when its last byte is out."""
    serializer = SERIALIZERS[request.format]
    counts = copy.Counts()
    chunks = serializer.chunks(user, request, counts)
    account = user if getattr(user, "pk", None) else None  # the system is no account
    logged = _logging(chunks, counts, account, requested_by or user.get_username(), request)
    # Asked for, in the security log (with the address); ExportLog tells how it finished.
    record("export", user=account, username=requested_by or "", layers=[layer.id for layer in request.layers],
           format=request.format, area=request.area.label)
    return Export(filename(request, request.area.label, serializer.EXTENSION),
                  filename(request, request.area.ascii_label, serializer.EXTENSION),
                  serializer.CONTENT_TYPE, logged)


def filename(request: ExportRequest, area_label: str, extension: str) -> str:
    """layers_area_date.ext; a table without its own CRS record (CSV, xlsx) names it: ..._EPSG4547.csv."""
    layers = "+".join(layer.id for layer in request.layers)
    crs = f"_EPSG{request.srid}" if extension in CRS_IN_NAME else ""
    return f"{layers}_{area_label}_{timezone.localdate().isoformat()}{crs}.{extension}"


def _logging(chunks: Iterator[bytes], counts: copy.Counts, user, requested_by: str,
             request: ExportRequest) -> Iterator[bytes]:
    began = time.monotonic()
    complete = False
    try:
        yield from chunks
        complete = True
    finally:
        ExportLog.objects.create(
            user=user, requested_by=requested_by, layers=[layer.id for layer in request.layers],
            format=request.format, crs=request.srid, area_kind=request.area.kind, area=request.area.label,
            area_geom=_multipolygon(request.area.geom), filters={k: list(v) for k, v in request.filters.items()},
            feature_count=counts.features, bytes=counts.bytes,
            duration=timedelta(seconds=time.monotonic() - began), complete=complete)


def _multipolygon(geom) -> MultiPolygon | None:
    if geom is None:
        return None
    return MultiPolygon(geom, srid=geom.srid) if isinstance(geom, Polygon) else geom
