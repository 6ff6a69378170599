"""Content negotiation and rendering: JSON for machines (and `Accept: */*`), HTML for browsers."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from geo_server.errors import BadRequest
from geo_server.features import params
from geo_server.features.geojson import dumps

JSON = "application/json"
FORMATS = ("json", "html")
# Listed JSON first: Django picks the first listed type for `*/*` or no Accept header at all.
NEGOTIATED = ["application/json", "application/geo+json", "application/schema+json", "text/html"]


def base_url(request) -> str:
    return request.build_absolute_uri(reverse("ogc-landing")).rstrip("/")


def wants_html(request, allowed: set[str] = frozenset({"f"})) -> bool:
    """Checks the parameters too: an unknown one is a 400, as OGC API clients expect."""
    params.reject_unknown(request.GET, set(allowed))
    f = request.GET.get("f")
    if f:
        if f not in FORMATS:
            raise BadRequest(_("f must be one of %(formats)s.")
                             % {"formats": ", ".join(FORMATS)}, code="invalid_format")
        return f == "html"
    return request.get_preferred_type(NEGOTIATED) == "text/html"


def json_response(data: dict | str, content_type: str = JSON, headers: dict | None = None) -> HttpResponse:
    text = data if isinstance(data, str) else dumps(data)
    return HttpResponse(text, content_type=content_type, headers=headers)


def html_response(request, template: str, context: dict, headers: dict | None = None) -> HttpResponse:
    response = render(request, template, context)
    for name, value in (headers or {}).items():
        response[name] = value
    return response
