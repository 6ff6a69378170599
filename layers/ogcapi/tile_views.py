"""OGC API - Tiles views, TileJSON and the MapLibre style: metadata over the map's own tiles."""

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from geo_server.db_router import lag_tolerant
from geo_server.errors import NotFound
from geo_server.features import params
from layers import views as tile_views
from layers.ogcapi import tilesets
from layers.ogcapi.responses import base_url, json_response
from layers.ogcapi.views import _layer


def _tms(tile_matrix_set_id: str) -> None:
    if tile_matrix_set_id != tilesets.WEB_MERCATOR_QUAD:
        raise NotFound(_("No tile matrix set %(id)r; this server tiles in WebMercatorQuad.") % {"id": tile_matrix_set_id},
                       code="tile_matrix_set_not_found")


def _site(request) -> str:
    return base_url(request).removesuffix("/ogc")


@require_GET
def tile_matrix_sets(request):
    params.reject_unknown(request.GET, {"f"})
    url = f"{base_url(request)}/tileMatrixSets/{tilesets.WEB_MERCATOR_QUAD}"
    return json_response({"tileMatrixSets": [{"id": tilesets.WEB_MERCATOR_QUAD, "title": "WebMercatorQuad",
                                              "uri": tilesets.TMS_URI,
                                              "links": [{"rel": "self", "type": "application/json", "href": url}]}]})


@require_GET
def tile_matrix_set(request, tile_matrix_set_id: str):
    params.reject_unknown(request.GET, {"f"})
    _tms(tile_matrix_set_id)
    return json_response(tilesets.tile_matrix_set())


@require_GET
def collection_tilesets(request, collection_id: str):
    params.reject_unknown(request.GET, {"f"})
    return json_response(tilesets.tilesets(_layer(collection_id), base_url(request)))


@require_GET
def collection_tileset(request, collection_id: str, tile_matrix_set_id: str):
    params.reject_unknown(request.GET, {"f"})
    layer = _layer(collection_id)
    _tms(tile_matrix_set_id)
    return json_response(tilesets.tileset(layer, request.user, base_url(request)))


@lag_tolerant
@require_GET
def collection_tile(request, collection_id: str, tile_matrix_set_id: str, tile_matrix: str, tile_row: str,
                    tile_col: str):
    """The same tile as /tiles/<layer>/<z>/<x>/<y>.mvt (tileRow is y, tileCol x)."""
    _tms(tile_matrix_set_id)
    return tile_views.tile(request, _layer(collection_id).id, tile_matrix, tile_col, tile_row)


@require_GET
def tilejson(request, layer: str):
    params.reject_unknown(request.GET, set())
    found = _layer(layer)
    style_url = _site(request) + reverse("tile-style", args=[found.id])
    return json_response(tilesets.tilejson(found, request.user, _site(request), style_url))


@require_GET
def style(request, layer: str):
    params.reject_unknown(request.GET, set())
    found = _layer(layer)
    return json_response(tilesets.style(found, _site(request) + reverse("tilejson", args=[found.id]),
                                        get_language()))
