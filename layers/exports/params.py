"""What an export request asks for: layers, format, output CRS, area and the map's filters.

Every bad value is a BadRequest with a stable code; nothing here touches rows.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from geo_server.errors import BadRequest, PayloadTooLarge
from geo_server.features.kinds import Kind, RiskLevel
from geo_server.features.models import Feature
from geo_server.supervision.states import State
from geo_server.features.params import reject_unknown
from layers.catalogue import LAYERS, Layer
from layers.exports import area as areas

FORMATS = ("geojson", "gpkg", "shp", "csv", "xlsx", "kml")
# Output CRS allowlist (DOMAIN.md): numeric SRIDs only, so PostGIS transforms without text lookups.
SRIDS = (4326, 4490, 4547)
# GeoJSON (RFC 7946 §4) and KML (OGC KML 2.2) are longitude/latitude on WGS84 by definition.
LONLAT_ONLY = {"geojson", "kml"}
# The map's filters: each applies to the layers that publish a field of that name.
FILTERS = {
    "risk": tuple(level.name.lower() for level in RiskLevel),
    "status": tuple(Feature.Status.values),
    "kind": tuple(Kind.values),
    "state": tuple(State.values),
    "overdue": ("true", "false"),
}
AREA_PARAMS = ("district", "street", "bbox")
ALLOWED = {"layer", "format", "crs", "ids", *AREA_PARAMS, *FILTERS}
# Rows picked by id (the hazard list's ticked rows): at most this many.
MAX_IDS = 1000


@dataclass(frozen=True)
class ExportRequest:
    layers: tuple[Layer, ...]
    format: str
    srid: int = 4326
    area: areas.Area = areas.EVERYWHERE
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ids: tuple[int, ...] = ()  # only these rows (of every chosen layer), when given


def parse(query, *, body: bytes | None = None, upload=None) -> ExportRequest:
    """`query` is a QueryDict; `body` a GeoJSON polygon (POST) or `upload` a polygon file."""
    reject_unknown(query, ALLOWED)
    layers = parse_layers(query.getlist("layer"))
    export_format = query.get("format") or "geojson"
    if export_format not in FORMATS:
        raise BadRequest(_("format must be one of %(formats)s.")
                         % {"formats": ", ".join(FORMATS)}, code="invalid_format")
    srid = parse_crs(query.get("crs"))
    if srid != 4326 and export_format in LONLAT_ONLY:
        raise BadRequest(_("%(export_format)s is always longitude/latitude (EPSG:4326); "
                           "use gpkg, shp, csv or xlsx for EPSG:%(srid)s.")
                         % {"export_format": export_format, "srid": srid}, code="crs_not_supported_by_format")
    filters = parse_filters(query, layers)
    return ExportRequest(layers, export_format, srid, parse_area(query, body, upload), filters,
                         parse_ids(query.getlist("ids")))


def parse_ids(values: list[str]) -> tuple[int, ...]:
    """ids=1,2,3 (or repeated): whole positive numbers, at most MAX_IDS."""
    raw = [i.strip() for value in values for i in value.split(",") if i.strip()]
    if len(raw) > MAX_IDS or not all(i.isascii() and i.isdigit() and 0 < len(i) < 19 for i in raw):
        raise BadRequest(_("ids must be at most %(max)s row ids, separated by commas.") % {"max": MAX_IDS},
                         code="invalid_ids")
    return tuple(dict.fromkeys(int(i) for i in raw))


def parse_layers(values: list[str]) -> tuple[Layer, ...]:
    """layer=a&layer=b or, as the filters, layer=a,b."""
    ids = [i.strip() for value in values for i in value.split(",") if i.strip()]
    if not ids:
        raise BadRequest(_("Name at least one layer: layer=building."), code="invalid_layer")
    unknown = [i for i in ids if i not in LAYERS]
    if unknown:
        raise BadRequest(_("Unknown layer(s): %(unknown)s. Known: %(layers)s.")
                         % {"unknown": ", ".join(unknown), "layers": ", ".join(LAYERS)},
                         code="invalid_layer")
    return tuple(LAYERS[i] for i in dict.fromkeys(ids))


def parse_crs(raw: str | None) -> int:
    if not raw:
        return 4326
    code = raw.upper().removeprefix("EPSG:")
    if not code.isdigit() or int(code) not in SRIDS:
        raise BadRequest(_("crs must be one of %(srids)s.") % {"srids": ", ".join(map(str, SRIDS))}, code="invalid_crs")
    return int(code)


def parse_filters(query, layers: tuple[Layer, ...]) -> dict[str, tuple[str, ...]]:
    filters = {}
    for name, allowed in FILTERS.items():
        values = tuple(v.strip() for raw in query.getlist(name) for v in raw.split(",") if v.strip())
        if not values:
            continue
        if any(v not in allowed for v in values):
            raise BadRequest(_("%(name)s must be among %(allowed)s.")
                             % {"name": name, "allowed": ", ".join(allowed)}, code=f"invalid_{name}")
        if not any(name in layer_field_names(layer) for layer in layers):
            raise BadRequest(_("No chosen layer has a %(name)s to filter on.")
                             % {"name": name}, code="filter_not_applicable")
        filters[name] = values
    return filters


def layer_field_names(layer: Layer) -> set[str]:
    return {f.name for f in layer.fields}


def parse_area(query, body: bytes | None, upload) -> areas.Area:
    given = [name for name in AREA_PARAMS if query.get(name)] + (["polygon"] if body or upload else [])
    if len(given) > 1:
        raise BadRequest(_("Choose one area, not %(given)s.") % {"given": " and ".join(given)}, code="invalid_area")
    if not given:
        return areas.EVERYWHERE
    if given[0] in ("district", "street"):
        return areas.admin_area(given[0], query[given[0]])
    if given[0] == "bbox":
        return areas.bbox_area(query["bbox"])
    if upload is not None:
        check_size(upload.size)
        return areas.polygon_from_file(upload)
    return areas.polygon_from_geojson(body)


def check_size(size: int | None) -> None:
    limit = settings.GEO_SERVER["EXPORT_MAX_UPLOAD_BYTES"]
    if size is not None and size > limit:
        raise PayloadTooLarge(_("The polygon may be at most %(limit)s bytes.")
                              % {"limit": limit}, code="polygon_too_large")
