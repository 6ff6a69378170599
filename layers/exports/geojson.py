"""GeoJSON (RFC 7946): PostgreSQL writes every Feature; the server only streams the text.

RFC 7946 GeoJSON is always CRS84 longitude/latitude with no "crs" member, so an export asking
GeoJSON in EPSG:4490 or 4547 is refused (params.LONLAT_ONLY) rather than written in the
obsolete 2008 "crs" dialect that RFC 7946 readers may reject. Polygon rings follow the
right-hand rule (§3.1.6) through ST_ForcePolygonCCW.
"""

from collections.abc import Iterator

from layers.exports import copy, source
from layers.exports.params import ExportRequest

CONTENT_TYPE = "application/geo+json"
EXTENSION = "geojson"
# Each row ends in a newline: one Feature per line, which keeps the file diff- and grep-friendly.
HEAD = b'{"type":"FeatureCollection","features":[\n'
TAIL = b"]}\n"


def chunks(user, request: ExportRequest, counts: copy.Counts) -> Iterator[bytes]:
    sql, params = source.geojson_sql(user, request)
    return copy.stream(sql, params, counts, head=HEAD, separator=b",", tail=TAIL)
