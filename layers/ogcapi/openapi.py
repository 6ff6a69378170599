"""The OpenAPI 3.0 document at the landing page's `service-desc` link, generated from the catalogue.

Each collection gets its own paths so that its queryable properties appear as parameters (GDAL's
OAPIF driver looks for them there), and `limit` advertises its real maximum.
"""

from django.conf import settings

from layers.catalogue import LAYERS, Layer
from layers.ogcapi.crs import URIS
from layers.ogcapi.query import is_temporal, json_schema, queryables

MEDIA_TYPE = "application/vnd.oai.openapi+json;version=3.0"
GEOJSON = "application/geo+json"


def _query(name: str, description: str, schema: dict, **extra) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema,
            "style": "form", "explode": False, **extra}


def parameters() -> dict:
    options = settings.GEO_SERVER
    crs = {"type": "string", "format": "uri", "enum": URIS}
    return {
        "f": _query("f", "Response format; overrides the Accept header.", {"type": "string", "enum": ["json", "html"]}),
        "bbox": _query("bbox", "Lower and upper corner (4 or 6 numbers) in the axis order of bbox-crs; "
                       "items whose geometry intersects it.",
                       {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}}),
        "bbox-crs": _query("bbox-crs", "CRS of bbox (default CRS84).", crs),
        "crs": _query("crs", "CRS of the returned geometries (default CRS84); see the Content-Crs header.", crs),
        "datetime": _query("datetime", "Instant, date or interval (`start/end`, `..` for an open end) "
                           "on updated_at; dates and naive times are in Asia/Shanghai.", {"type": "string"}),
        "limit": _query("limit", "Items per page.", {"type": "integer", "minimum": 1,
                        "maximum": options["OGC_MAX_PAGE_SIZE"], "default": options["OGC_PAGE_SIZE"]}),
        "after": _query("after", "Keyset cursor: items with an id above this one (follow the next link).",
                        {"type": "integer", "minimum": 0}),
        "resultType": _query("resultType", "hits: only numberMatched, counted exactly (pages count up to "
                             f"{options['OGC_EXACT_COUNT_LIMIT']:,} matches and leave numberMatched out above).",
                             {"type": "string", "enum": ["results", "hits"], "default": "results"}),
        "before": _query("before", "Keyset cursor: items with an id below this one (follow the prev link).",
                         {"type": "integer", "minimum": 1}),
        "filter": _query("filter", "A CQL2 filter over the collection's queryables and `geometry` (OGC API - "
                         "Features Part 3).", {"type": "string", "maxLength": 20000}),
        "filter-lang": _query("filter-lang", "The filter's language.", {"type": "string", "enum": [
                              "cql2-text", "cql2-json"], "default": "cql2-text"}),
        "properties": _query("properties", "Comma-separated published fields to return (default: all).",
                             {"type": "string"}),
        "sortby": _query("sortby", "Comma-separated queryables to sort by, `-` before a name for descending; "
                         "a sorted listing pages by offset (follow the next link).", {"type": "string"}),
        "offset": _query("offset", "Rows to skip in a sorted listing.", {"type": "integer", "minimum": 0}),
        "filter-crs": _query("filter-crs", "CRS of the filter's geometries: CRS84 only.", {
                             "type": "string", "enum": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]}),
    }


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


def _response(description: str, *media_types: str, schema: dict | None = None) -> dict:
    content = {media: {"schema": schema or {"type": "object"}} for media in media_types}
    return {"description": description, "content": {**content, "text/html": {"schema": {"type": "string"}}}}


def _exception(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}}


# 401 and 429 may answer any path: no or wrong credentials, and the login throttle that follows them.
ERRORS = {"400": _exception("Bad request"), "401": _exception("Not authenticated"), "404": _exception("Not found"),
          "429": _exception("Too many failed logins: retry after the Retry-After seconds")}


def _get(summary: str, operation_id: str, params: list, ok: dict, tags: list[str]) -> dict:
    return {"get": {"summary": summary, "operationId": operation_id, "tags": tags, "parameters": params,
                    "responses": {"200": ok, **ERRORS}}}


def collection_paths(layer: Layer) -> dict:
    base = f"/collections/{layer.id}"
    tags = [layer.id]
    defaults = dict(layer.default_filters)
    filters = [_query(f.name, f"{f.title_zh} {f.title_en}: equal to this value."
                      + (f" Without it: one of {', '.join(defaults[f.name])}." if f.name in defaults else ""),
                      json_schema(f)) for f in queryables(layer)]
    items = [_ref(n) for n in ("f", "bbox", "bbox-crs", "crs", "limit", "after", "before", "resultType",
                                    "filter", "filter-lang", "filter-crs", "properties", "sortby", "offset")]
    if is_temporal(layer):
        items.append(_ref("datetime"))
    feature_id = {"name": "featureId", "in": "path", "required": True, "schema": {"type": "integer"}}
    return {
        base: _get(f"{layer.title_zh} ({layer.title_en})", f"describe_{layer.id}", [_ref("f")],
                   _response("The collection", "application/json"), tags),
        f"{base}/items": _get(f"Items of {layer.title_en}", f"items_{layer.id}", items + filters,
                              _response("A page of items", GEOJSON), tags),
        f"{base}/items/{{featureId}}": _get(f"One item of {layer.title_en}", f"item_{layer.id}",
                                            [feature_id, _ref("f"), _ref("crs")],
                                            _response("One item", GEOJSON), tags),
        f"{base}/queryables": _get(f"Queryables of {layer.title_en}", f"queryables_{layer.id}", [_ref("f")],
                                   _response("JSON Schema of the queryable properties", "application/schema+json"),
                                   tags),
    }


def document(base: str) -> dict:
    paths = {
        "/": _get("Landing page", "landing", [_ref("f")], _response("Links to the API", "application/json"),
                  ["server"]),
        "/conformance": _get("Conformance classes", "conformance", [_ref("f")],
                             _response("The conformance classes", "application/json"), ["server"]),
        "/openapi": _get("This document", "openapi", [_ref("f")], _response("The API definition", MEDIA_TYPE),
                         ["server"]),
        "/collections": _get("Collections", "collections", [_ref("f")],
                             _response("The collections", "application/json"), ["server"]),
    }
    for layer in LAYERS.values():
        paths.update(collection_paths(layer))
    return {
        "openapi": "3.0.3",
        "info": {"title": "geo_server OGC API - Features", "version": "1.0.0",
                 "description": "Supervised features of Guangdong as OGC API - Features (Parts 1 and 2). "
                                "Authenticate with HTTP Basic or `Authorization: Bearer <token>`."},
        "servers": [{"url": base}],
        "security": [{"basic": []}, {"bearer": []}],
        "tags": [{"name": "server"}] + [{"name": layer.id, "description": layer.title_en} for layer in LAYERS.values()],
        "paths": paths,
        "components": {
            "parameters": parameters(),
            "schemas": {"exception": {"type": "object", "required": ["code"],
                                      "properties": {"code": {"type": "string"}, "description": {"type": "string"},
                                                     "geo_server_code": {"type": "string"}}}},
            "securitySchemes": {"basic": {"type": "http", "scheme": "basic"},
                                "bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def operations(doc: dict) -> list[tuple[str, str, list[str]]]:
    """(path, summary, parameter names) of each operation, for the HTML service-doc page."""
    shared = doc["components"]["parameters"]
    return [(path, item["get"]["summary"],
             [shared[p["$ref"].rsplit("/", 1)[1]]["name"] if "$ref" in p else p["name"] for p in item["get"]["parameters"]])
            for path, item in doc["paths"].items()]
