"""/api/rasters, /api/rasters/<slug>/zonal and the PNG tiles at /rasters/<slug>/<z>/<x>/<y>.png."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from layers.models import RasterLayer
from layers.raster_tiles import parse_tile, render_tile, tile_etag
from layers.rasters import describe, get_raster, zonal_for_request

# Tiles need a login, so shared caches must not keep them.
TILE_CACHE_CONTROL = "private, max-age=3600"


@require_GET
def raster_list(request):
    language = get_language()
    return JsonResponse({"rasters": [describe(r, language) for r in RasterLayer.objects.all()]},
                        json_dumps_params={"ensure_ascii": False})


@require_GET
def raster_zonal(request, slug: str):
    return JsonResponse(zonal_for_request(request.user, slug, request.GET), json_dumps_params={"ensure_ascii": False})


@require_GET
def raster_tile(request, slug: str, z: str, x: str, y: str):
    zi, xi, yi = parse_tile(z, x, y)
    raster = get_raster(slug)
    etag = tile_etag(raster, zi, xi, yi)
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(render_tile(raster, zi, xi, yi), content_type="image/png")
    response["ETag"] = etag
    response["Cache-Control"] = TILE_CACHE_CONTROL
    return response
