"""Who is asking (session, HTTP Basic or Bearer token), login everywhere, and ApiError as JSON."""

import re

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest as DjangoBadRequest
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from geo_server.accounts.tokens import user_from_authorization
from geo_server.errors import (ApiError, BadRequest, MethodNotAllowed, NotAuthenticated, NotFound, PayloadTooLarge,
                               error_response, ogc_exception_response)
from geo_server.validation import check_body_is_readable, check_query

PUBLIC_PREFIXES = ("/health", "/accounts/login/", "/static/", "/i18n/", "/admin/login/")
# A layer's MapLibre style: the same document for everyone (colours, the layer's title, its TileJSON
# URL; no rows), and QGIS 3.22 fetches a vector tile layer's "Style URL" without the connection's
# authentication, so a style behind the login would leave every QGIS user with random colours.
PUBLIC_PATHS = re.compile(r"/tiles/[a-z0-9_]+/style\.json")
# Paths that desktop and script clients call: they get 401 with a Basic challenge, not a login page.
# /media/: photos, fetched by pages with the session and by scripts with Basic or a token.
MACHINE_PREFIXES = ("/api/", "/ogc", "/ows", "/tiles/", "/exports/", "/rasters/", "/media/")


def is_api(path: str) -> bool:
    return path.startswith(MACHINE_PREFIXES)


def is_ogc(path: str) -> bool:
    return path == "/ogc" or path.startswith("/ogc/")


def render_error(request, error: ApiError):
    """OGC API clients expect the OGC exception shape; every other client gets the project's own."""
    return ogc_exception_response(error) if is_ogc(request.path) else error_response(error)


def unauthenticated(request, error: NotAuthenticated):
    response = render_error(request, error)
    response["WWW-Authenticate"] = 'Basic realm="geo_server", charset="UTF-8"'
    return response


# What a browser says of a request's origin (Sec-Fetch-Site); scripts send none of it.
_CROSS_SITE = ("cross-site", "same-site")


class HeaderAuthenticationMiddleware:
    """HTTP Basic over the same accounts, or a personal token, for clients without a session, on
    machine paths only. A page ignores the header and needs its session and CSRF token: a browser
    that once answered the Basic challenge attaches the credentials to every request by itself,
    cross-site form posts included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_AUTHORIZATION")
        if header and is_api(request.path) and not request.user.is_authenticated:
            try:
                request.user = user_from_authorization(request, header)
            except NotAuthenticated as error:
                return unauthenticated(request, error)
            # No cookies are involved, so there is no cross-site request to forge, unless the
            # browser itself says the request comes from another site (remembered Basic credentials).
            if request.META.get("HTTP_SEC_FETCH_SITE") not in _CROSS_SITE:
                request._dont_enforce_csrf_checks = True
        return self.get_response(request)


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.user.is_authenticated or request.path.startswith(PUBLIC_PREFIXES)
                or PUBLIC_PATHS.fullmatch(request.path)):
            return self.get_response(request)
        if is_api(request.path):
            error = NotAuthenticated(_("Log in, or send HTTP Basic credentials or a Bearer token."))
            return unauthenticated(request, error)
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


class ApiErrorMiddleware:
    """ApiError as JSON (the OGC shape on /ogc), and the text every request carries checked once
    (validation.check_query) before any view filters on it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            check_request_text(request)
        except ApiError as error:
            if not is_api(request.path):
                raise DjangoBadRequest(error.message) from error  # handler400's page
            return render_error(request, error)
        response = self.get_response(request)
        if response.status_code == 405 and is_api(request.path) and not _is_json(response):
            allowed = response.get("Allow", "")
            response = render_error(request, MethodNotAllowed(_("Use %(allowed)s.")
                                                              % {"allowed": allowed}, details={"allowed": allowed}))
            response["Allow"] = allowed
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, ApiError):
            return render_error(request, exception)
        if isinstance(exception, Http404) and is_api(request.path):
            return render_error(request, NotFound(str(exception) or _("Not found.")))
        return None


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def check_request_text(request) -> None:
    check_body_is_readable(request)
    check_query(request.GET)
    if request.method == "POST" and request.content_type in FORM_TYPES:
        try:
            check_query(request.POST)
        except RequestDataTooBig:
            raise PayloadTooLarge(_("The request body is larger than the server accepts.")) from None
        except MultiPartParserError:
            raise BadRequest(_("The multipart form cannot be read."), code="bad_form") from None


def _is_json(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json")
