"""The phone page /m/ and its service worker /m/sw.js (scope /m/)."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie

# Bump to make installed phones drop their cached shell and fetch the new one.
SHELL_VERSION = "1"


@ensure_csrf_cookie
def page(request):
    return render(request, "mobile/index.html", {"shell_version": SHELL_VERSION})


@never_cache
def service_worker(request):
    response = render(request, "mobile/sw.js", {"shell_version": SHELL_VERSION},
                      content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/m/"
    return response
