"""Nothing a user is shown may be cached for another: every response past the static files depends
on who asks (scoping), so it is `private` and varies on the two things that say who asks.

QGIS keeps a disk cache keyed by URL: an OGC collection fetched with credentials was served from it
to a session with none, because the response neither said `private` nor `Vary: Authorization`. A
response that names no caching at all gets `private, no-cache` (a client may keep it but asks again
with its validators); one that sets its own lifetime (tiles, photos) keeps it and becomes private.
Static files are answered by WhiteNoise before this middleware and stay public and immutable.
"""

from django.utils.cache import patch_cache_control, patch_vary_headers

WHO_ASKS = ("Authorization", "Cookie")


class PrivateResponsesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, WHO_ASKS)
        cache_control = response.get("Cache-Control", "")
        if "no-store" in cache_control:
            return response
        if not cache_control:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            # public and private contradict each other: patch_cache_control drops public for private.
            patch_cache_control(response, private=True)
        return response
