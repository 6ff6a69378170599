"""The machine API that devices and banks post to: clock events, wage payments, inflows.

Bodies are NDJSON (application/x-ndjson) or CSV with a header row (text/csv), optionally gzipped
(Content-Encoding: gzip); they are read as a stream, never whole (ingest.py)."""

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from geo_server.feeds.requests import body_format
from geo_server.sectors.worksites.ingest import ingest, upload_limit

CONTENT_TYPES = {"application/x-ndjson": "ndjson", "text/csv": "csv"}


def _ingest(request, kind: str) -> JsonResponse:
    fmt, gzipped = body_format(request, CONTENT_TYPES, upload_limit())
    outcome = ingest(kind, request, fmt, gzipped, user=request.user)
    return JsonResponse(outcome.as_dict(), status=201 if outcome.inserted else 200)


@require_POST
def attendance(request):
    """Clock events: event_id, site, id_number, device, method (face|fingerprint), at."""
    return _ingest(request, "attendance")


@require_POST
def payments(request):
    """Wage payments: payment_id, site, id_number, month, amount, payee_name, payee_account, paid_at."""
    return _ingest(request, "payments")


@require_POST
def inflows(request):
    """Labour-cost allocations into the wage account: inflow_id, site, amount, received_on, payer."""
    return _ingest(request, "inflows")
