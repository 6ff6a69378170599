"""Collections: the layer catalogue's layers described for OGC API clients, with extents and queryables."""

from django.core.cache import cache

from geo_server.db_router import read_connection
from layers.catalogue import LAYERS, Layer
from layers.ogcapi.crs import CRS84, URIS
from layers.ogcapi.query import is_temporal, json_schema, queryables

JSON = "application/json"
HTML = "text/html"
# Extents need a pass over every row the user may see (~0.3 s on 840,000 buildings): keep them a while.
EXTENT_SECONDS = 600

EXTENT_SQL = """
SELECT ST_XMin(box), ST_YMin(box), ST_XMax(box), ST_YMax(box), first_update, last_update
FROM (SELECT ST_Extent(src.geom) AS box, {temporal} FROM ({rows}) AS src) AS extent
"""


def link(rel: str, type_: str, href: str, title: str = "") -> dict:
    return {"rel": rel, "type": type_, "title": title or type_, "href": href}


def titles(layer: Layer, language: str) -> tuple[str, str]:
    """Title in the asker's language, description in the other one."""
    other = "zh-hans" if language.startswith("en") else "en"
    return layer.title(language), layer.title(other)


def extent(layer: Layer, user) -> dict:
    key = f"ogcapi-extent:{layer.id}:{user.pk}"
    found = cache.get(key)
    if found is None:
        found = _compute_extent(layer, user)
        cache.set(key, found, EXTENT_SECONDS)
    return found


def _compute_extent(layer: Layer, user) -> dict:
    rows_sql, params = layer.rows(user).order_by().query.sql_with_params()
    temporal = "min(src.updated_at) AS first_update, max(src.updated_at) AS last_update" if is_temporal(layer) \
        else "NULL::timestamptz AS first_update, NULL::timestamptz AS last_update"
    with read_connection().cursor() as cursor:
        cursor.execute(EXTENT_SQL.format(temporal=temporal, rows=rows_sql), params)
        *box, first, last = cursor.fetchone()
    result = {"spatial": {"bbox": [box] if box[0] is not None else [], "crs": CRS84.uri}}
    if is_temporal(layer):
        interval = [moment.isoformat().replace("+00:00", "Z") if moment else None for moment in (first, last)]
        result["temporal"] = {"interval": [interval], "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}
    return result


def collection(layer: Layer, user, base: str, language: str) -> dict:
    url = f"{base}/collections/{layer.id}"
    title, description = titles(layer, language)
    return {
        "id": layer.id,
        "title": title,
        "description": description,
        "itemType": "feature",
        "extent": extent(layer, user),
        "crs": URIS,
        # Stored as WGS84 with longitude first, which is exactly CRS84.
        "storageCrs": CRS84.uri,
        "links": [
            link("self", JSON, f"{url}?f=json", "This collection"),
            link("alternate", HTML, f"{url}?f=html", "This collection as HTML"),
            link("items", "application/geo+json", f"{url}/items?f=json", "Items as GeoJSON"),
            link("items", HTML, f"{url}/items?f=html", "Items as HTML"),
            link("http://www.opengis.net/def/rel/ogc/1.0/queryables", "application/schema+json",
                 f"{url}/queryables", "Queryables"),
            # The short rel older GDAL versions look for.
            link("queryables", "application/schema+json", f"{url}/queryables", "Queryables"),
            link("http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector", JSON, f"{url}/tiles",
                 "Vector tilesets (OGC API - Tiles)"),
        ],
    }


def collections(user, base: str, language: str) -> dict:
    return {
        "links": [
            link("self", JSON, f"{base}/collections?f=json", "Collections"),
            link("alternate", HTML, f"{base}/collections?f=html", "Collections as HTML"),
        ],
        "crs": URIS,
        "collections": [collection(layer, user, base, language) for layer in LAYERS.values()],
    }


def queryables_schema(layer: Layer, base: str, language: str) -> dict:
    """A JSON Schema of the properties items can be filtered on, with `?name=value` or in a CQL2
    `filter`; `geometry` for the spatial predicates (OGC API - Features Part 3)."""
    english = language.startswith("en")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{base}/collections/{layer.id}/queryables",
        "type": "object",
        "title": layer.title(language),
        "properties": {**{f.name: {"title": f.title_en if english else f.title_zh, **json_schema(f)}
                          for f in queryables(layer)},
                       "geometry": {"title": "Geometry" if english else "几何",
                                    "format": f"geometry-{layer.geometry_type.lower()}",
                                    "x-ogc-role": "primary-geometry"}},
        "additionalProperties": False,
    }
