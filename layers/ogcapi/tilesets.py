"""OGC API - Tiles for every layer's vector tiles, and the TileJSON and MapLibre style a client opens
without a hand-typed URL template (QGIS: "Vector Tiles > New Generic Connection > Style URL").

The tiles themselves are the map's own (`/tiles/<layer>/{z}/{x}/{y}.mvt`, layers/tiles.py): one
tile matrix set, WebMercatorQuad, whose tileRow is the XYZ y and tileCol the x.
"""

from django.urls import reverse

from geo_server.features.kinds import RISK_COLOURS, RiskLevel
from layers.catalogue import Layer
from layers.ogcapi.collections import extent

MVT = "application/vnd.mapbox-vector-tile"
WEB_MERCATOR_QUAD = "WebMercatorQuad"
TMS_URI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
TILES_CONFORMANCE = (
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
)
# Half the side of the EPSG:3857 square, in metres.
HALF_WORLD = 20037508.3427892
FIELD_TYPES = {"integer": "Number", "number": "Number", "boolean": "Boolean"}


def tile_template(base: str, layer: Layer) -> str:
    """The map's tile URL with {z}/{x}/{y} placeholders, absolute."""
    return base + reverse("tile", args=[layer.id, "0", "0", "0"]).replace("/0/0/0.mvt", "/{z}/{x}/{y}.mvt")


def bounds(layer: Layer, user) -> list[float]:
    boxes = extent(layer, user)["spatial"]["bbox"]
    return [float(v) for v in boxes[0]] if boxes else [-180.0, -85.0511, 180.0, 85.0511]


def tile_fields(layer: Layer) -> dict[str, str]:
    """The attributes a tile may carry (from its detail zoom), with `count` of grouped cells."""
    fields = {f.name: FIELD_TYPES.get(f.type, "String") for f in layer.fields}
    return {"id": "Number", "count": "Number", **fields}


def tilejson(layer: Layer, user, base: str, style_url: str) -> dict:
    """TileJSON 3.0.0."""
    return {
        "tilejson": "3.0.0",
        "name": layer.id,
        "description": f"{layer.title_zh} / {layer.title_en}",
        "tiles": [tile_template(base, layer)],
        "minzoom": layer.min_zoom,
        "maxzoom": min(layer.max_zoom, 22),
        "bounds": bounds(layer, user),
        "scheme": "xyz",
        "vector_layers": [{"id": layer.id, "fields": tile_fields(layer), "minzoom": layer.min_zoom,
                           "maxzoom": min(layer.max_zoom, 22)}],
        "attribution": "geo_server",
        "style": style_url,
    }


def style_layers(layer: Layer) -> list[dict]:
    """The style's layers: one per risk level, selected by a filter on the feature's (or grouped
    cell's) `risk` and drawn in that level's colour. A `match` expression in the paint would say the
    same in one layer, but QGIS 3.22's style converter turns it into `"risk" IN ()` and draws every
    feature in the fallback grey; filters with constant colours convert everywhere (MapLibre, QGIS)."""
    kind = layer.geometry_type.removeprefix("Multi")
    source = {"source": layer.id, "source-layer": layer.id}
    layers = []
    for level in RiskLevel:
        name, colour = level.name.lower(), RISK_COLOURS[level]
        by_level = {**source, "filter": ["==", ["get", "risk"], name]}
        if kind == "Point":
            layers.append({"id": f"{layer.id}-points-{name}", "type": "circle", **by_level,
                           "paint": {"circle-color": colour, "circle-radius": 5,
                                     "circle-stroke-color": layer.outline, "circle-stroke-width": 1}})
        elif kind == "LineString":
            layers.append({"id": f"{layer.id}-lines-{name}", "type": "line", **by_level,
                           "paint": {"line-color": colour, "line-width": 2}})
        else:
            layers.append({"id": f"{layer.id}-fill-{name}", "type": "fill", **by_level,
                           "paint": {"fill-color": colour, "fill-opacity": 0.45}})
    if kind not in ("Point", "LineString"):
        layers.append({"id": f"{layer.id}-outline", "type": "line", **source,
                       "paint": {"line-color": layer.outline, "line-width": 1}})
    return layers


def style(layer: Layer, tilejson_url: str, language: str) -> dict:
    """A MapLibre GL style (version 8) drawing the layer in the web map's risk colours."""
    return {"version": 8, "name": layer.title(language),
            "sources": {layer.id: {"type": "vector", "url": tilejson_url}}, "layers": style_layers(layer)}


def tile_matrix_set() -> dict:
    """OGC 2D Tile Matrix Set 2.0 WebMercatorQuad, zooms 0 to 22."""
    matrices = []
    for zoom in range(23):
        size = 2 ** zoom
        matrices.append({"id": str(zoom), "scaleDenominator": 559082264.0287178 / size,
                         "cellSize": 156543.03392804097 / size, "cornerOfOrigin": "topLeft",
                         "pointOfOrigin": [-HALF_WORLD, HALF_WORLD], "tileWidth": 256, "tileHeight": 256,
                         "matrixWidth": size, "matrixHeight": size})
    return {"id": WEB_MERCATOR_QUAD, "title": "Google Maps Compatible for the World", "uri": TMS_URI,
            "crs": "http://www.opengis.net/def/crs/EPSG/0/3857", "orderedAxes": ["E", "N"],
            "wellKnownScaleSet": "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
            "tileMatrices": matrices}


def tileset(layer: Layer, user, base: str) -> dict:
    """The tileset metadata of a collection's vector tiles."""
    url = f"{base}/collections/{layer.id}/tiles/{WEB_MERCATOR_QUAD}"
    west, south, east, north = bounds(layer, user)
    return {
        "title": f"{layer.title_zh} / {layer.title_en}",
        "dataType": "vector",
        "crs": "http://www.opengis.net/def/crs/EPSG/0/3857",
        "tileMatrixSetURI": TMS_URI,
        "boundingBox": {"lowerLeft": [west, south], "upperRight": [east, north],
                        "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"},
        "tileMatrixSetLimits": [],
        "layers": [{"id": layer.id, "dataType": "vector", "geometryDimension": {"Point": 0, "LineString": 1}.get(
            layer.geometry_type.removeprefix("Multi"), 2), "minTileMatrix": str(layer.min_zoom),
            "maxTileMatrix": str(min(layer.max_zoom, 22)),
            "propertiesSchema": {"type": "object", "properties": {
                name: {"type": {"Number": "number", "Boolean": "boolean"}.get(kind, "string")}
                for name, kind in tile_fields(layer).items()}}}],
        "links": [
            {"rel": "self", "type": "application/json", "href": url},
            {"rel": "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme", "type": "application/json",
             "href": f"{base}/tileMatrixSets/{WEB_MERCATOR_QUAD}"},
            {"rel": "item", "type": MVT, "templated": True,
             "href": f"{url}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}"},
            {"rel": "describedby", "type": "application/json", "title": "TileJSON",
             "href": base.removesuffix("/ogc") + reverse("tilejson", args=[layer.id])},
            {"rel": "stylesheet", "type": "application/vnd.maplibre.style+json", "title": "MapLibre style",
             "href": base.removesuffix("/ogc") + reverse("tile-style", args=[layer.id])},
        ],
    }


def tilesets(layer: Layer, base: str) -> dict:
    url = f"{base}/collections/{layer.id}/tiles/{WEB_MERCATOR_QUAD}"
    return {"tilesets": [{"title": f"{layer.title_zh} / {layer.title_en}", "dataType": "vector", "crs":
                          "http://www.opengis.net/def/crs/EPSG/0/3857", "tileMatrixSetURI": TMS_URI,
                          "links": [{"rel": "self", "type": "application/json", "href": url}]}]}
