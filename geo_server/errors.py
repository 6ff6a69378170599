"""One error hierarchy: each error carries its HTTP status, a stable code and the OGC exception code
an OGC API client reads, rendered in one place. The message is in the request's language (gettext at
the raise); the code never changes with it."""

from django.http import JsonResponse


class ApiError(Exception):
    http_status = 400
    code = "bad_request"
    # OGC API - Features / OWS Common exception codes.
    ogc_code = "NoApplicableCode"

    def __init__(self, message: str, *, code: str | None = None, details: dict | None = None):
        # str(): a lazy translation becomes text in the language active when the error is raised.
        message = str(message)
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details or {}


class BadRequest(ApiError):
    http_status = 400
    code = "bad_request"
    ogc_code = "InvalidParameterValue"


class NotAuthenticated(ApiError):
    http_status = 401
    code = "not_authenticated"


class Forbidden(ApiError):
    http_status = 403
    code = "forbidden"


class NotFound(ApiError):
    http_status = 404
    code = "not_found"
    ogc_code = "NotFound"


class MethodNotAllowed(ApiError):
    http_status = 405
    code = "method_not_allowed"
    ogc_code = "OperationNotSupported"


class Conflict(ApiError):
    http_status = 409
    code = "conflict"


class LengthRequired(ApiError):
    http_status = 411
    code = "length_required"


class PayloadTooLarge(ApiError):
    http_status = 413
    code = "payload_too_large"


class UnsupportedMediaType(ApiError):
    http_status = 415
    code = "unsupported_media_type"


class Unprocessable(ApiError):
    http_status = 422
    code = "unprocessable"
    ogc_code = "InvalidParameterValue"


class ServerError(ApiError):
    http_status = 500
    code = "server_error"


class ServiceUnavailable(ApiError):
    http_status = 503
    code = "busy"


class TooManyAttempts(ApiError):
    http_status = 429
    code = "too_many_attempts"


def error_response(error: ApiError) -> JsonResponse:
    body = {"code": error.code, "message": error.message}
    if error.details:
        body["details"] = error.details
    return JsonResponse(body, status=error.http_status, json_dumps_params={"ensure_ascii": False})


def ogc_exception_response(error: ApiError) -> JsonResponse:
    """The OGC API exception document {"code", "description"}, with the project's own code beside it."""
    body = {"code": error.ogc_code, "description": error.message, "geo_server_code": error.code}
    return JsonResponse(body, status=error.http_status, json_dumps_params={"ensure_ascii": False})
