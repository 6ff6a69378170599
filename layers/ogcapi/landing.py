"""The landing page and the conformance declaration."""

from layers.ogcapi import cql, tilesets
from layers.ogcapi.collections import HTML, JSON, link
from layers.ogcapi.openapi import MEDIA_TYPE

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    *cql.CONFORMANCE,
    *tilesets.TILES_CONFORMANCE,
]


XML = "text/xml"


def landing_page(base: str, ows: str) -> dict:
    """`ows`: the classic services' address (WMS 1.3 and WFS 2.0, layers/ows), for clients that
    speak no OGC API (ArcGIS 10.x, many Chinese desktop packages)."""
    return {
        "title": "geo_server OGC API - Features",
        "description": "空间监管要素 / Supervised features of Guangdong",
        "links": [
            link("self", JSON, f"{base}/?f=json", "This document"),
            link("alternate", HTML, f"{base}/?f=html", "This document as HTML"),
            link("service-desc", MEDIA_TYPE, f"{base}/openapi", "The API definition (OpenAPI 3.0)"),
            link("service-doc", HTML, f"{base}/openapi?f=html", "The API documentation"),
            link("conformance", JSON, f"{base}/conformance", "Conformance classes"),
            link("http://www.opengis.net/def/rel/ogc/1.0/conformance", JSON, f"{base}/conformance",
                 "Conformance classes"),
            link("data", JSON, f"{base}/collections", "Collections"),
            link("http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes", JSON, f"{base}/tileMatrixSets",
                 "Tile matrix sets"),
            link("http://www.opengis.net/def/rel/ogc/1.0/data", JSON, f"{base}/collections", "Collections"),
            link("service", XML, f"{ows}?SERVICE=WMS&REQUEST=GetCapabilities", "WMS 1.3 capabilities (MapServer)"),
            link("service", XML, f"{ows}?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetCapabilities",
                 "WFS 2.0 capabilities (MapServer)"),
        ],
    }


def conformance() -> dict:
    return {"conformsTo": CONFORMANCE}
