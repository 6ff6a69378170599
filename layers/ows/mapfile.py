"""The map MapServer serves to one user: built in code per request, never a mapfile on disk.

Each catalogue layer becomes a LAYER reading PostGIS through a subquery compiled from
`layer.rows(user)` (so jurisdiction is decided in features.scoping, as for tiles and OGC API),
its parameters quoted by psycopg (connection.ops.compose_sql), never spliced from user input.
The subquery adds `record_url`, the page a GetFeatureInfo answer links to. Layers with a `risk`
field are drawn in the web map's risk colours (layers.catalogue.RISK_COLOURS), others in their
outline colour.
"""

from dataclasses import dataclass
from pathlib import Path

import mapscript
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from geo_server.features.kinds import RISK_COLOURS
from layers.catalogue import LAYERS, Layer

# CGCS2000 (EPSG:4490) for Chinese desktop GIS, Web Mercator for ArcGIS basemaps, WGS 84.
SRS = "EPSG:4326 EPSG:4490 EPSG:3857 CRS:84"
# GetMap's most recent extent: Guangdong, generous.
EXTENT = (109.6, 20.1, 117.4, 25.6)
POINT_SIZE = 9
RECORD_URL = "record_url"
LABEL = "label"
# GetFeatureInfo as HTML: MapServer fills these templates, escaping every value ([item escape=html]).
INFO = Path(__file__).resolve().parent / "info"

SKELETON = """
MAP
  NAME "geo_server"
  STATUS ON
  SIZE 800 600
  UNITS DD
  IMAGECOLOR 255 255 255
  MAXSIZE 4096
  PROJECTION "init=epsg:4326" END
  SYMBOL NAME "circle" TYPE ELLIPSE FILLED TRUE POINTS 1 1 END END
  OUTPUTFORMAT NAME "png" DRIVER AGG/PNG MIMETYPE "image/png" IMAGEMODE RGBA EXTENSION "png"
    FORMATOPTION "INTERLACE=OFF" TRANSPARENT ON END
  OUTPUTFORMAT NAME "jpeg" DRIVER AGG/JPEG MIMETYPE "image/jpeg" IMAGEMODE RGB EXTENSION "jpg" END
  WEB
    METADATA
      "ows_enable_request" "*"
      "ows_srs" "%(srs)s"
      "wms_feature_info_mime_type" "text/html"
      "wms_getfeatureinfo_formatlist" "text/plain,text/html,application/vnd.ogc.gml,application/vnd.ogc.gml/3.1.1"
      "wfs_getfeature_formatlist" "text/xml; subtype=gml/3.2.1,text/xml; subtype=gml/3.1.1,application/gml+xml; version=3.2"
      "wms_encoding" "UTF-8"
      "wfs_encoding" "UTF-8"
      "wfs_maxfeatures" "%(max_features)d"
    END
  END
END
"""


@dataclass(frozen=True)
class Service:
    """What the map says of itself: the URL clients call back and the language of its titles."""

    online_resource: str
    language: str
    max_features: int
    page_base: str  # scheme://host of the record pages


def service_titles(language: str) -> tuple[str, str]:
    """The service's title and abstract in the page's language."""
    with translation.override(language):
        return _("geo_server supervised features"), _("The supervised features of Guangdong that this account may see.")


def layer_titles(language: str) -> list[tuple[str, str]]:
    """(name, title) of every layer the map serves, in catalogue order: no SQL is compiled for them."""
    return [(layer.id, layer.title(language)) for layer in LAYERS.values()]


def build_map(user, service: Service, only: str | None = None) -> mapscript.mapObj:
    """The user's map: every layer, or with `only` (a layer id, e.g. a WMTS tile's) that one alone, so
    that a tile compiles one layer's scoped SQL rather than the whole catalogue's."""
    the_map = mapscript.msLoadMapFromString(SKELETON % {"srs": SRS, "max_features": service.max_features}, "")
    the_map.extent = mapscript.rectObj(*EXTENT)
    title, abstract = service_titles(service.language)
    the_map.web.metadata.set("ows_title", title)
    the_map.web.metadata.set("ows_abstract", abstract)
    the_map.web.metadata.set("ows_onlineresource", service.online_resource)
    the_map.web.metadata.set("wms_onlineresource", service.online_resource)
    the_map.web.metadata.set("wfs_onlineresource", service.online_resource)
    the_map.web.header = str(INFO / "header.html")
    the_map.web.footer = str(INFO / "footer.html")
    connection_text = connection_string()
    for layer in LAYERS.values():
        if only is None or layer.id == only:
            add_layer(the_map, layer, user, service, connection_text)
    return the_map


def connection_string() -> str:
    """libpq key=value text from Django's DATABASES entry (the test database's name in tests)."""
    settings_dict = connection.settings_dict
    parts = {"host": settings_dict.get("HOST") or "localhost", "port": settings_dict.get("PORT") or "5432",
             "dbname": settings_dict["NAME"], "user": settings_dict.get("USER") or "",
             "password": settings_dict.get("PASSWORD") or ""}
    return " ".join(f"{key}='{_libpq_quote(str(value))}'" for key, value in parts.items() if value)


def _libpq_quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


def scoped_sql(layer: Layer, user, page_base: str) -> str:
    """The layer's rows for the user as one SQL text, with the record page's URL and the popup's
    title (the layer's label field) per row."""
    rows_sql, rows_params = layer.rows(user).query.sql_with_params()
    before, _sep, after = reverse(layer.record_url_name, args=[987654321]).partition("987654321")
    label = connection.ops.quote_name(layer.label_field)
    sql = (f"SELECT src.*, %s || src.id || %s AS {RECORD_URL}, src.{label}::text AS {LABEL} "
           f"FROM ({rows_sql}) AS src")
    return connection.ops.compose_sql(sql, [page_base + before, after, *rows_params])


def add_layer(the_map: mapscript.mapObj, layer: Layer, user, service: Service, connection_text: str) -> None:
    ms_layer = mapscript.layerObj(the_map)
    ms_layer.name = layer.id
    ms_layer.status = mapscript.MS_ON
    ms_layer.type = _layer_type(layer.geometry_type)
    ms_layer.setConnectionType(mapscript.MS_POSTGIS, "")
    ms_layer.connection = connection_text
    ms_layer.data = f"geom from ({scoped_sql(layer, user, service.page_base)}) as sub using unique id using srid=4326"
    ms_layer.setProjection("init=epsg:4326")
    ms_layer.template = str(INFO / "feature.html")  # a layer with a template is queryable
    ms_layer.tolerance = 6
    ms_layer.toleranceunits = mapscript.MS_PIXELS
    title = layer.title(service.language)
    items = ",".join(["id", *(f.name for f in layer.fields), RECORD_URL])
    info_items = ",".join(["id", *layer.popup_fields, LABEL, RECORD_URL])
    metadata = {
        "ows_title": title, "ows_srs": SRS, "ows_extent": " ".join(map(str, EXTENT)),
        # WFS publishes the layer's fields and the record link; GetFeatureInfo what the map's popup shows.
        "gml_include_items": items, "gml_featureid": "id", "gml_types": "auto", "gml_geometries": "geom",
        "wms_include_items": info_items, "wfs_use_default_extent_for_getfeature": "false",
    }
    for key, value in metadata.items():
        ms_layer.metadata.set(key, value)
    if any(f.name == "risk" for f in layer.fields):
        ms_layer.classitem = "risk"
        for level, colour in RISK_COLOURS.items():
            _add_class(ms_layer, layer, colour, level.name.lower())
    _add_class(ms_layer, layer, layer.outline, None)


def _layer_type(geometry_type: str) -> int:
    if "Point" in geometry_type:
        return mapscript.MS_LAYER_POINT
    if "Line" in geometry_type:
        return mapscript.MS_LAYER_LINE
    return mapscript.MS_LAYER_POLYGON


def _add_class(ms_layer: mapscript.layerObj, layer: Layer, colour: str, risk: str | None) -> None:
    ms_class = mapscript.classObj(ms_layer)
    ms_class.name = risk or layer.id
    if risk is not None:
        ms_class.setExpression(risk)
    style = mapscript.styleObj(ms_class)
    rgb = mapscript.colorObj()
    rgb.setHex(colour)
    if ms_layer.type == mapscript.MS_LAYER_POINT:
        style.setSymbolByName(ms_layer.map, "circle")
        style.size = POINT_SIZE
        style.color = rgb
        style.outlinecolor = mapscript.colorObj(255, 255, 255)
    elif ms_layer.type == mapscript.MS_LAYER_LINE:
        style.color = rgb
        style.width = 2
    else:
        # Risk-coloured polygons are filled, reference outlines (districts, basins) only outlined.
        if risk is not None:
            style.color = rgb
            style.color.alpha = 150
        style.outlinecolor = rgb
        style.width = 1.5
