"""The map page, and vector tiles over HTTP: parse the address, answer 304 from the ETag; an empty tile
is the layer with no features."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from geo_server.db_router import lag_tolerant
from geo_server.errors import NotFound
from layers.catalogue import get_layer
from layers.map_config import map_config
from layers.map_view import map_view
from layers.tiles import TileAddress, cached_tile, tile_etag, tile_source

MVT = "application/vnd.mapbox-vector-tile"
# Tiles depend on who asks (private) and go stale when features change: browsers reuse a tile for
# a minute, then revalidate with its ETag, which costs one small query when nothing changed.
MAX_AGE = 60


def map_page(request):
    return render(request, "features/map.html", {"map_config": map_config(get_language()),
                                                 "map_view": map_view(request.user)})


@lag_tolerant
def tile(request, layer: str, z: str, x: str, y: str):
    found = get_layer(layer)
    if found is None:
        raise NotFound(_("No layer %(layer)r.") % {"layer": layer}, code="unknown_layer")
    address = TileAddress.parse(z, x, y)
    source = tile_source(found, request.user)
    etag = f'"{tile_etag(found, address, source)}"'
    if _revalidates(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponse(status=304)
    else:
        content = cached_tile(found, request.user, address, etag, source)
        response = HttpResponse(content, content_type=MVT)
    response["ETag"] = etag
    response["Vary"] = "Cookie, Authorization"
    patch_cache_control(response, private=True, max_age=MAX_AGE)
    return response


def _revalidates(header: str, etag: str) -> bool:
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag in tags or "*" in tags
