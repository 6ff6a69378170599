"""The machine API plants post their production data to, as it happens: batches (with their
delivery tickets), batching records, material lots, tests and line heartbeats.

Bodies are NDJSON (application/x-ndjson), optionally gzipped (Content-Encoding: gzip), read as a
stream (ingest.py). The fields of each feed are listed in feeds.py and in the OpenAPI document."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from geo_server.errors import PayloadTooLarge, UnsupportedMediaType
from geo_server.sectors.concrete.ingest import ingest, upload_limit
from geo_server.validation import check_body_is_readable

ENCODINGS = {"": False, "identity": False, "gzip": True}


def gzipped(request) -> bool:
    """Whether the NDJSON body is gzipped; 415 for another type or encoding, 413 when too large."""
    charset = (request.content_params.get("charset") or "utf-8").lower()
    if request.content_type != "application/x-ndjson" or charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(_("Send application/x-ndjson (UTF-8)."),
                                   details={"accepted": ["application/x-ndjson"]})
    encoding = request.META.get("HTTP_CONTENT_ENCODING", "").strip().lower()
    if encoding not in ENCODINGS:
        raise UnsupportedMediaType(_("Content-Encoding may be gzip or none."), details={"accepted": ["gzip"]})
    check_body_is_readable(request)
    if int(request.META.get("CONTENT_LENGTH") or 0) > upload_limit():
        raise PayloadTooLarge(_("The body is larger than %(limit)d bytes.") % {"limit": upload_limit()})
    return ENCODINGS[encoding]


def _ingest(request, feed: str) -> JsonResponse:
    outcome = ingest(feed, request, gzipped(request), user=request.user)
    return JsonResponse(outcome.as_dict(), status=201 if outcome.inserted else 200)


@require_POST
def batches(request):
    return _ingest(request, "batches")


@require_POST
def batching(request):
    return _ingest(request, "batching")


@require_POST
def lots(request):
    return _ingest(request, "lots")


@require_POST
def tests(request):
    return _ingest(request, "tests")


@require_POST
def heartbeats(request):
    return _ingest(request, "heartbeats")
