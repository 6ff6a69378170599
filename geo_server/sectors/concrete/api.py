"""The machine API plants post their production data to, as it happens: batches (with their
delivery tickets), batching records, material lots, tests and line heartbeats.

Bodies are NDJSON (application/x-ndjson), optionally gzipped (Content-Encoding: gzip), read as a
stream (ingest.py). The fields of each feed are listed in feeds.py and in the OpenAPI document."""

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from geo_server.feeds.requests import body_format
from geo_server.sectors.concrete.ingest import ingest, upload_limit

CONTENT_TYPES = {"application/x-ndjson": "ndjson"}


def _ingest(request, feed: str) -> JsonResponse:
    _fmt, gzipped = body_format(request, CONTENT_TYPES, upload_limit())
    outcome = ingest(feed, request, gzipped, user=request.user)
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
