"""Django's error handlers: machine paths (MACHINE_PREFIXES) always answer JSON with a code (the OGC
shape on /ogc), whatever raised the error; pages keep Django's own templates."""

import sys

from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views import csrf, defaults
from psycopg_pool import PoolTimeout

from geo_server.errors import (ApiError, BadRequest, Forbidden, NotFound, PayloadTooLarge, ServerError,
                               ServiceUnavailable)
from geo_server.middleware import is_api, render_error


def bad_request(request, exception):
    if not is_api(request.path):
        return defaults.bad_request(request, exception)
    return render_error(request, _bad_request_error(exception))


def _bad_request_error(exception) -> ApiError:
    if isinstance(exception, RequestDataTooBig):
        return PayloadTooLarge(_("The request body is larger than the server accepts."))
    if isinstance(exception.__cause__, ApiError):
        return exception.__cause__
    return BadRequest(_("The request cannot be read."), code="bad_request")


def permission_denied(request, exception):
    if not is_api(request.path):
        return defaults.permission_denied(request, exception)
    return render_error(request, Forbidden(_("You may not do this."), code="forbidden"))


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a refused form or cross-site call; JSON with a code on machine paths."""
    if not is_api(request.path):
        return csrf.csrf_failure(request, reason)
    return render_error(request, Forbidden(_("CSRF check failed: %(reason)s") % {"reason": reason}, code="csrf_failed"))


def page_not_found(request, exception):
    if not is_api(request.path):
        return defaults.page_not_found(request, exception)
    return render_error(request, NotFound(_("Nothing at %(path)s.") % {"path": request.path}, code="not_found"))


# Seconds a client is asked to wait when every pooled database connection stayed busy.
BUSY_RETRY_AFTER = 5


def server_error(request):
    if _pool_exhausted(sys.exc_info()[1]):
        return _busy(request)
    if not is_api(request.path):
        return defaults.server_error(request)
    return render_error(request, ServerError(_("The server failed; the error is logged."), code="server_error"))


def _pool_exhausted(exception) -> bool:
    """The connection pool's wait ran out (Django wraps psycopg_pool's PoolTimeout): overload, not a fault."""
    return isinstance(exception, PoolTimeout) or (
        isinstance(exception, OperationalError) and isinstance(exception.__cause__, PoolTimeout))


def _busy(request):
    if is_api(request.path):
        response = render_error(request, ServiceUnavailable(_("The server is busy; try again shortly.")))
    else:
        response = HttpResponse(_("The server is busy; try again shortly."), status=503,
                                content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(BUSY_RETRY_AFTER)
    return response
