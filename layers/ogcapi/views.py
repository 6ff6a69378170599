"""OGC API - Features views: parse, call one core function, render JSON or HTML."""

import json

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from geo_server.db_router import lag_tolerant
from geo_server.errors import NotFound
from layers.catalogue import Layer, get_layer
from layers.ogcapi import collections, items, landing, openapi
from layers.ogcapi.crs import CRS84, parse_crs
from layers.ogcapi.query import parse_item_id, parse_items_query
from layers.ogcapi.responses import base_url, html_response, json_response, wants_html

GEOJSON = "application/geo+json"


def _layer(collection_id: str) -> Layer:
    layer = get_layer(collection_id)
    if layer is None:
        raise NotFound(_("No collection %(collection_id)r.")
                       % {"collection_id": collection_id}, code="collection_not_found")
    return layer


@require_GET
def landing_page(request):
    html = wants_html(request)
    data = landing.landing_page(base_url(request), request.build_absolute_uri(reverse("ows")))
    return html_response(request, "ogcapi/landing.html", {"data": data}) if html else json_response(data)


@require_GET
def conformance(request):
    html = wants_html(request)
    data = landing.conformance()
    return html_response(request, "ogcapi/conformance.html", {"data": data}) if html else json_response(data)


@require_GET
def api_definition(request):
    html = wants_html(request)
    data = openapi.document(base_url(request))
    if html:
        return html_response(request, "ogcapi/openapi.html", {"data": data, "operations": openapi.operations(data)})
    return json_response(data, openapi.MEDIA_TYPE)


@lag_tolerant
@require_GET
def collection_list(request):
    html = wants_html(request)
    data = collections.collections(request.user, base_url(request), get_language())
    return html_response(request, "ogcapi/collections.html", {"data": data}) if html else json_response(data)


@lag_tolerant
@require_GET
def collection_detail(request, collection_id: str):
    layer = _layer(collection_id)
    html = wants_html(request)
    data = collections.collection(layer, request.user, base_url(request), get_language())
    return html_response(request, "ogcapi/collection.html", {"data": data}) if html else json_response(data)


@lag_tolerant
@require_GET
def queryables(request, collection_id: str):
    layer = _layer(collection_id)
    html = wants_html(request)
    data = collections.queryables_schema(layer, base_url(request), get_language())
    if html:
        return html_response(request, "ogcapi/queryables.html", {"data": data})
    return json_response(data, "application/schema+json")


@lag_tolerant
@require_GET
def item_list(request, collection_id: str):
    layer = _layer(collection_id)
    query = parse_items_query(layer, request.GET)
    html = wants_html(request, set(request.GET))
    url = f"{base_url(request)}/collections/{layer.id}/items"
    document = items.items_page(layer, request.user, query, request.GET.dict(), url)
    headers = {"Content-Crs": query.crs.header}
    if html:
        return html_response(request, "ogcapi/items.html", _items_context(layer, document, url, query.crs), headers)
    return json_response(document.text(), GEOJSON, headers)


def _items_context(layer: Layer, document: items.Document, url: str, crs) -> dict:
    data = json.loads(document.text())
    rows = [(f["id"], [f["properties"].get(field.name) for field in layer.fields]) for f in data["features"]]
    return {"layer": layer, "data": data, "rows": rows, "items_url": url, "geographic": crs == CRS84}


@lag_tolerant
@require_GET
def item_detail(request, collection_id: str, feature_id: str):
    layer = _layer(collection_id)
    item_id = parse_item_id(feature_id, layer)
    html = wants_html(request, {"f", "crs"})
    crs = parse_crs(request.GET.get("crs"))
    base = base_url(request)
    collection_url = f"{base}/collections/{layer.id}"
    text = items.single_item(layer, request.user, item_id, crs, f"{collection_url}/items/{feature_id}",
                             collection_url)
    headers = {"Content-Crs": crs.header}
    if html:
        context = {"layer": layer, "data": json.loads(text), "geographic": crs == CRS84}
        return html_response(request, "ogcapi/item.html", context, headers)
    return json_response(text, GEOJSON, headers)
