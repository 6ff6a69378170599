"""Django's error handlers: machine paths (MACHINE_PREFIXES) always answer JSON with a code (the OGC
shape on /ogc), whatever raised the error; pages keep Django's own templates."""

from django.core.exceptions import RequestDataTooBig
from django.views import defaults

from geo_server.errors import ApiError, BadRequest, Forbidden, NotFound, PayloadTooLarge, ServerError
from geo_server.middleware import is_api, render_error


def bad_request(request, exception):
    if not is_api(request.path):
        return defaults.bad_request(request, exception)
    return render_error(request, _bad_request_error(exception))


def _bad_request_error(exception) -> ApiError:
    if isinstance(exception, RequestDataTooBig):
        return PayloadTooLarge("The request body is larger than the server accepts.")
    if isinstance(exception.__cause__, ApiError):
        return exception.__cause__
    return BadRequest("The request cannot be read.", code="bad_request")


def permission_denied(request, exception):
    if not is_api(request.path):
        return defaults.permission_denied(request, exception)
    return render_error(request, Forbidden("You may not do this.", code="forbidden"))


def page_not_found(request, exception):
    if not is_api(request.path):
        return defaults.page_not_found(request, exception)
    return render_error(request, NotFound(f"Nothing at {request.path}.", code="not_found"))


def server_error(request):
    if not is_api(request.path):
        return defaults.server_error(request)
    return render_error(request, ServerError("The server failed; the error is logged.", code="server_error"))
