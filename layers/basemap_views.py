"""/basemaps/<id>/<z>/<x>/<y>.<ext>: the tiles of an offline MBTiles basemap; /basemaps/config.json: the
basemaps and context URLs for a page's map; /basemaps/context/labels.json: the
district and street names the map shows; /basemaps/context/water.json: the water and rivers it draws without a
basemap."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from geo_server.errors import NotFound
from layers.basemaps import basemap_config, context_areas, context_labels, context_water, find_basemap, mbtiles_format, read_tile
from layers.raster_tiles import parse_tile

# Basemap tiles never change under a running server; the labels change only when areas are reloaded.
TILE_CACHE_CONTROL = "private, max-age=86400"


@require_GET
def basemap_tile(request, basemap: str, z: str, x: str, y: str, ext: str):
    found = find_basemap(basemap)
    if found is None or found.type != "mbtiles":
        raise NotFound(_("No offline basemap %(basemap)r.") % {"basemap": basemap}, code="unknown_basemap")
    zi, xi, yi = parse_tile(z, x, y)
    extension, content_type = mbtiles_format(found.path)
    tile = read_tile(found.path, zi, xi, yi) if ext == extension else None
    if tile is None:
        raise NotFound(_("The basemap has no tile %(z)s/%(x)s/%(y)s.%(ext)s.") % {"z": zi, "x": xi, "y": yi, "ext": ext},
                       code="no_tile")
    response = HttpResponse(tile, content_type=content_type)
    response["Cache-Control"] = TILE_CACHE_CONTROL
    return response


@require_GET
def labels(request):
    return JsonResponse({"labels": context_labels(get_language())}, json_dumps_params={"ensure_ascii": False})


@require_GET
def water(request):
    response = JsonResponse(context_water())
    response["Cache-Control"] = TILE_CACHE_CONTROL
    return response


@require_GET
def config(request):
    return JsonResponse(basemap_config(get_language()), json_dumps_params={"ensure_ascii": False})


@require_GET
def areas(request):
    return JsonResponse(context_areas())
