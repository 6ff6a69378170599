"""Keeps the current request for record(), and logs every 403 however it was produced."""

import json

from geo_server.audit.events import current_request, record
from geo_server.audit.models import SecurityEvent


class SecurityEventMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            response = self.get_response(request)
            # A Forbidden ApiError, Django's PermissionDenied and a CSRF failure all end as a 403 here.
            if response.status_code == 403:
                record(SecurityEvent.Type.PERMISSION_DENIED, request, method=request.method,
                       code=error_code(response))
            return response
        finally:
            current_request.reset(token)


def error_code(response) -> str:
    """The stable code of a JSON error (e.g. "forbidden"); empty for pages."""
    if "json" not in response.get("Content-Type", "") or getattr(response, "streaming", False):
        return ""
    try:
        return str(json.loads(response.content).get("code", ""))
    except (ValueError, AttributeError):
        return ""
