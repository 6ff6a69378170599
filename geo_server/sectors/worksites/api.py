"""The machine API that devices and banks post to: clock events, wage payments, inflows.

Bodies are NDJSON (application/x-ndjson) or CSV with a header row (text/csv), optionally gzipped
(Content-Encoding: gzip); they are read as a stream, never whole (ingest.py)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from geo_server.errors import PayloadTooLarge, UnsupportedMediaType
from geo_server.sectors.worksites.ingest import ingest, upload_limit
from geo_server.validation import check_body_is_readable

CONTENT_TYPES = {"application/x-ndjson": "ndjson", "text/csv": "csv"}
ENCODINGS = {"": False, "identity": False, "gzip": True}


def body_format(request) -> tuple[str, bool]:
    """(ndjson or csv, gzipped) from the request's headers; 415 for anything else, 413 when too large."""
    fmt = CONTENT_TYPES.get(request.content_type)
    charset = (request.content_params.get("charset") or "utf-8").lower()
    if fmt is None or charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(_("Send application/x-ndjson or text/csv (UTF-8)."),
                                   details={"accepted": sorted(CONTENT_TYPES)})
    encoding = request.META.get("HTTP_CONTENT_ENCODING", "").strip().lower()
    if encoding not in ENCODINGS:
        raise UnsupportedMediaType(_("Content-Encoding may be gzip or none."), details={"accepted": ["gzip"]})
    check_body_is_readable(request)
    if int(request.META.get("CONTENT_LENGTH") or 0) > upload_limit():
        raise PayloadTooLarge(_("The body is larger than %(limit)d bytes.") % {"limit": upload_limit()})
    return fmt, ENCODINGS[encoding]


def _ingest(request, kind: str) -> JsonResponse:
    fmt, gzipped = body_format(request)
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
