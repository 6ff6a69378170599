"""/ows: WMS 1.3 and WFS 2.0 by SERVICE=, answered by MapServer (layers/ows/mapfile.py).

Authentication is the machine paths' (session, HTTP Basic, Bearer; geo_server/middleware.py):
an unauthenticated request is a 401 with a Basic challenge before it reaches this view, which
QGIS and ArcGIS answer with their stored credentials. Answers are private to the user
(geo_server/private_cache.py adds `private` and `Vary: Authorization, Cookie`).
"""

import threading

import mapscript
from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from layers.ows.mapfile import Service, build_map

# MapServer's stdout buffer is per thread, but its PostGIS layer and error list are safest one
# request at a time per process; requests are short.
_lock = threading.Lock()


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def ows(request):
    online = request.build_absolute_uri(request.path) + "?"
    service = Service(online_resource=online, language=get_language() or "zh-hans",
                      max_features=settings.GEO_SERVER["OGC_MAX_PAGE_SIZE"] * 10,
                      page_base=request.build_absolute_uri("/").rstrip("/"))
    with _lock:
        the_map = build_map(request.user, service)
        ows_request = mapscript.OWSRequest()
        if request.method == "POST" and request.body:
            ows_request.loadParamsFromPost(request.body.decode("utf-8", errors="replace"),
                                           request.content_type or "text/xml")
        else:
            ows_request.loadParamsFromURL(request.META.get("QUERY_STRING", ""))
        body, content_type = _dispatch(the_map, ows_request)
    return HttpResponse(body, content_type=content_type)


def _dispatch(the_map: mapscript.mapObj, ows_request: mapscript.OWSRequest) -> tuple[bytes, str]:
    mapscript.msIO_installStdoutToBuffer()
    try:
        try:
            the_map.OWSDispatch(ows_request)
        except mapscript.MapServerError:
            pass  # the exception report MapServer wrote is the answer
        content_type = mapscript.msIO_stripStdoutBufferContentType() or "text/xml"
        body = mapscript.msIO_getStdoutBufferBytes()
    finally:
        mapscript.msIO_resetHandlers()
        mapscript.msResetErrorList()
    return body, content_type
