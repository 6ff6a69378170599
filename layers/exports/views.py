"""HTTP for exports: parse, start, stream. GET names the area; POST also carries a polygon."""

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from geo_server.db_router import lag_tolerant
from geo_server.errors import BadRequest
from geo_server.features.params import reject_unknown
from geo_server.validation import read_body
from layers.exports import core, params


@lag_tolerant
@require_http_methods(["GET", "POST"])
def export(request):
    # Refuse an oversized upload before reading a byte of it.
    params.check_size(int(request.META.get("CONTENT_LENGTH") or 0))
    query = request.GET.copy()
    upload = None
    body = None
    if request.method == "POST":
        if request.content_type == "multipart/form-data":
            query.update(request.POST)
            upload = request.FILES.get("file")
        else:
            body = read_body(request)
    started = core.start(request.user, params.parse(query, body=body, upload=upload))
    response = StreamingHttpResponse(started.chunks, content_type=started.content_type)
    response["Content-Disposition"] = started.content_disposition()
    return response


@lag_tolerant
@require_GET
def printmap(request):
    reject_unknown(request.GET, {"district"})
    code = request.GET.get("district")
    if not code:
        raise BadRequest(_("Name a district: district=440106."), code="invalid_district")
    from layers import printmaps  # noqa: PLC0415 (folium loads pandas: only for print maps)

    response = HttpResponse(printmaps.district_map(code, request.user), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="map_{code}_{timezone.localdate().isoformat()}.html"'
    # Its own policy (see printmaps); sandboxed too, so were it ever shown inline it would run in an
    # origin of its own, with no access to this site's session.
    response["Content-Security-Policy"] = printmaps.print_map_policy() + "; sandbox allow-scripts"
    return response


# The sheet draws no script and fetches nothing: its inline styles and SVG only.
PRINT_SHEET_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


@require_GET
def printsheet(request):
    """The print map of a district or street (issue #15) as an HTML page or its PDF."""
    from layers.printsheet import params as sheet_params  # noqa: PLC0415
    from layers.printsheet import sheet  # noqa: PLC0415

    wanted = sheet_params.parse(request.user, request.GET)
    html = sheet.sheet_html(request.user, wanted)
    name = f"printmap_{wanted.area.code}_{wanted.paper}_{timezone.localdate().isoformat()}"
    if wanted.format == "pdf":
        response = HttpResponse(sheet.sheet_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    else:
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = PRINT_SHEET_POLICY
    return response
