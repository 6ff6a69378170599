"""Security headers on every response: a script nonce per request, the Content-Security-Policy that
trusts only it and this server's own files, Permissions-Policy, and a Server header without versions.

Templates put the nonce on the few inline scripts they emit (django-leaflet's map loaders) through
the `csp_nonce` context processor; django-leaflet's admin widget reads `request.csp_nonce` itself.
The nonce is never added to a page after rendering: that would bless injected scripts too.
"""

import secrets

from geo_server.basemaps import configured_basemaps, image_sources

# The phone page records a patrol's GPS track; no other page asks where the user is. No page uses
# the camera or microphone API: the phone page takes photos through <input type=file capture>,
# which hands over to the phone's camera app and needs no permission.
PERMISSIONS_ELSEWHERE = "geolocation=(), camera=(), microphone=(), payment=(), usb=()"
PERMISSIONS_PHONE = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"
PHONE_PREFIX = "/m/"
# No version: a version in Server tells an attacker which known holes to try.
SERVER_NAME = "geo_server"


def content_security_policy(nonce: str) -> str:
    # Every configured basemap's tile host (an MBTiles basemap is served by this server).
    images = ["'self'", "data:", "blob:", *image_sources(configured_basemaps())]
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
        # Styles may stay inline (Leaflet and Django's admin set style attributes); scripts may not.
        "style-src": "'self' 'unsafe-inline'",
        "img-src": " ".join(images),
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "worker-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def permissions_policy(path: str) -> str:
    return PERMISSIONS_PHONE if path.startswith(PHONE_PREFIX) else PERMISSIONS_ELSEWHERE


def server_header_needed(server_software: str) -> bool:
    """wsgiref (Django's runserver) writes its "WSGIServer/0.2 CPython/3.11" only when the response
    has no Server header, so ours replaces it. gunicorn always writes its own versionless
    "Server: gunicorn" and would send ours as a second one, so under gunicorn we add none."""
    return not server_software.startswith("gunicorn")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        # A view with a document of its own (the print map) sets its own policy.
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = content_security_policy(request.csp_nonce)
        response["Permissions-Policy"] = permissions_policy(request.path)
        if server_header_needed(request.META.get("SERVER_SOFTWARE", "")):
            response["Server"] = SERVER_NAME
        return response


def csp_nonce(request) -> dict:
    """Context processor: {{ csp_nonce }} for the inline scripts templates emit."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
