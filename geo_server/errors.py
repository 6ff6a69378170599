"""One error hierarchy: each error carries its HTTP status and a stable code, rendered in one place."""

from django.http import JsonResponse


class ApiError(Exception):
    http_status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, details: dict | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details or {}


class BadRequest(ApiError):
    http_status = 400
    code = "bad_request"


class NotAuthenticated(ApiError):
    http_status = 401
    code = "not_authenticated"


class Forbidden(ApiError):
    http_status = 403
    code = "forbidden"


class NotFound(ApiError):
    http_status = 404
    code = "not_found"


class Conflict(ApiError):
    http_status = 409
    code = "conflict"


class PayloadTooLarge(ApiError):
    http_status = 413
    code = "payload_too_large"


class Unprocessable(ApiError):
    http_status = 422
    code = "unprocessable"


class TooManyAttempts(ApiError):
    http_status = 429
    code = "too_many_attempts"


def error_response(error: ApiError) -> JsonResponse:
    body = {"code": error.code, "message": error.message}
    if error.details:
        body["details"] = error.details
    return JsonResponse(body, status=error.http_status, json_dumps_params={"ensure_ascii": False})


def ogc_exception_response(error: ApiError) -> JsonResponse:
    """The OGC API exception document: the same error, as {"code", "description"}."""
    body = {"code": error.code, "description": error.message}
    return JsonResponse(body, status=error.http_status, json_dumps_params={"ensure_ascii": False})
