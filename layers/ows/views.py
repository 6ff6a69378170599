"""/ows: WMS 1.3 and WFS 2.0 by SERVICE=, answered by MapServer (layers/ows/mapfile.py); WMTS 1.0.0
(SERVICE=WMTS, and the RESTful /ows/wmts/1.0.0/...) whose tiles are that map's WMS GetMaps (layers/ows/wmts.py).

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
from django.utils.translation import gettext as _
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from layers.catalogue import LAYERS
from layers.ows import wmts
from layers.ows.mapfile import EXTENT, Service, build_map, layer_titles, service_titles
from layers.ows.wmts_documents import CapabilitiesContext, capabilities, exception_report

# MapServer's stdout buffer is per thread, but its PostGIS layer and error list are safest one
# request at a time per process; requests are short.
_lock = threading.Lock()
SERVICES = ("WMS", "WFS")


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def ows(request):
    service = _params(request).get("SERVICE", "").upper()
    if service == "WMTS":
        return _wmts_kvp(request)
    posted = request.method == "POST" and bool(request.body)
    if not posted and service not in SERVICES:
        # MapServer would raise on an empty query and answer an unknown service with nothing at all.
        return _exception(wmts.WmtsError("InvalidParameterValue" if service else "MissingParameterValue", "SERVICE",
                                         _("SERVICE must be one of %(services)s.")
                                         % {"services": ", ".join([*SERVICES, "WMTS"])}))
    with _lock:
        the_map = build_map(request.user, _service(request))
        ows_request = mapscript.OWSRequest()
        try:
            if posted:
                ows_request.loadParamsFromPost(request.body.decode("utf-8", errors="replace"),
                                               request.content_type or "text/xml")
            else:
                ows_request.loadParamsFromURL(request.META.get("QUERY_STRING", ""))
        except mapscript.MapServerError:
            mapscript.msResetErrorList()
            return _exception(wmts.WmtsError("NoApplicableCode", "", _("The request could not be read.")))
        answer = _dispatch(the_map, ows_request)
    if answer is None:
        return _exception(wmts.WmtsError("OperationNotSupported", "REQUEST",
                                         _("The request names no WMS or WFS operation that could be read.")))
    body, content_type = answer
    return HttpResponse(body, content_type=content_type)


def _service(request) -> Service:
    return Service(online_resource=request.build_absolute_uri(reverse("ows")) + "?",
                   language=get_language() or "zh-hans",
                   max_features=settings.GEO_SERVER["OGC_MAX_PAGE_SIZE"] * 10,
                   page_base=request.build_absolute_uri("/").rstrip("/"))


def _params(request) -> dict[str, str]:
    """The query's parameters by upper-case name: OGC KVP names are case-insensitive."""
    return {key.upper(): value for key, value in request.GET.items()}


@require_http_methods(["GET", "HEAD"])
def wmts_capabilities(request):
    """The WMTS capabilities (RESTful binding; SERVICE=WMTS&REQUEST=GetCapabilities on /ows too)."""
    service = _service(request)
    title, abstract = service_titles(service.language)
    context = CapabilitiesContext(
        title=title, abstract=abstract, kvp_url=service.online_resource, extent=EXTENT,
        layers=layer_titles(service.language),
        rest_base=request.build_absolute_uri(reverse("wmts-capabilities")).rsplit("/", 1)[0])
    return HttpResponse(capabilities(context), content_type="application/xml; charset=utf-8")


@require_http_methods(["GET", "HEAD"])
def wmts_tile(request, layer, style, tile_matrix_set, z, y, x):
    """One tile, RESTful: {layer}/{style}/{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.png."""
    return _tile(request, layer, style, wmts.FORMAT, tile_matrix_set, z, y, x)


def _wmts_kvp(request):
    params = _params(request)
    operation = params.get("REQUEST", "")
    if operation == "GetCapabilities":
        return wmts_capabilities(request)
    if operation == "GetTile":
        return _tile(request, params.get("LAYER", ""), params.get("STYLE", ""), params.get("FORMAT", ""),
                     params.get("TILEMATRIXSET", ""), params.get("TILEMATRIX", ""), params.get("TILEROW", ""),
                     params.get("TILECOL", ""))
    if not operation:
        return _exception(wmts.WmtsError("MissingParameterValue", "REQUEST", _("%(name)s is required.")
                                         % {"name": "REQUEST"}))
    return _exception(wmts.WmtsError("OperationNotSupported", "REQUEST",
                                     _("WMTS answers GetCapabilities and GetTile."), http_status=501))


def _tile(request, layer, style, image_format, tile_matrix_set, z, y, x):
    try:
        tile = wmts.tile_request(layer, style, image_format, tile_matrix_set, z, y, x, set(LAYERS))
    except wmts.WmtsError as error:
        return _exception(error)
    with _lock:
        the_map = build_map(request.user, _service(request), only=layer)
        ows_request = mapscript.OWSRequest()
        ows_request.loadParamsFromURL(wmts.getmap_query(tile))
        answer = _dispatch(the_map, ows_request)
    if answer is None:
        return _exception(wmts.WmtsError("NoApplicableCode", "", _("The tile could not be drawn.")))
    return HttpResponse(answer[0], content_type=answer[1])


def _exception(error: wmts.WmtsError) -> HttpResponse:
    return HttpResponse(exception_report(error, get_language() or "zh-hans"), status=error.http_status,
                        content_type="application/xml; charset=utf-8")


def _dispatch(the_map: mapscript.mapObj, ows_request: mapscript.OWSRequest) -> tuple[bytes, str] | None:
    """MapServer's answer (body, content type), or None when it wrote nothing (no OWS request it knows,
    or a body it could not parse)."""
    mapscript.msIO_installStdoutToBuffer()
    try:
        try:
            handled = the_map.OWSDispatch(ows_request) != mapscript.MS_DONE
        except mapscript.MapServerError:
            handled = True  # the exception report MapServer wrote is the answer
        content_type = mapscript.msIO_stripStdoutBufferContentType() or "text/xml"
        body = mapscript.msIO_getStdoutBufferBytes()
    finally:
        mapscript.msIO_resetHandlers()
        mapscript.msResetErrorList()
    return (body, content_type) if handled and body else None
