"""The machine API of the fund centers: large transactions (NDJSON, idempotent on the center's
transaction id) and monthly returns (JSON rows, or an xlsx / CSV file), each all or nothing."""

import csv
import json
import zipfile

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl.utils.exceptions import InvalidFileException

from geo_server.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType
from geo_server.feeds.requests import body_format
from geo_server.sectors.funds.returns_cells import sheet_rows
from geo_server.sectors.funds.returns_store import file_returns
from geo_server.sectors.funds.transactions import MAX_BYTES, ingest_transactions

RETURNS_MAX_BYTES = 10 * 1024 * 1024


@require_POST
def transactions(request):
    _fmt, gzipped = body_format(request, {"application/x-ndjson": "ndjson"}, MAX_BYTES)
    outcome = ingest_transactions(request, gzipped, request.user)
    return JsonResponse(outcome.as_dict(), status=201 if outcome.inserted else 200)


@require_POST
def returns(request):
    filed = file_returns(returns_rows(request), request.user, "api")
    return JsonResponse(filed.as_dict(), status=201 if filed.stored else 200)


def returns_rows(request) -> list[tuple[int, dict]]:
    """(row number, cells) of a JSON body ([{...}] or {"returns": [...]}) or an uploaded file."""
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is None:
            raise BadRequest(_("Send the return as the form's file field."), code="no_file")
        return uploaded_rows(upload)
    if request.content_type != "application/json":
        raise UnsupportedMediaType(_("Send JSON or a multipart form with an xlsx or CSV file."))
    if len(request.body) > RETURNS_MAX_BYTES:
        raise PayloadTooLarge(_("The body is larger than %(limit)d bytes.") % {"limit": RETURNS_MAX_BYTES})
    try:
        body = json.loads(request.body)
    except (ValueError, RecursionError):
        raise BadRequest(_("The body is not JSON."), code="bad_json") from None
    items = body.get("returns") if isinstance(body, dict) else body
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise BadRequest(_("Send a list of returns, each an object."), code="bad_json")
    return list(enumerate(items, start=1))


def uploaded_rows(upload) -> list[tuple[int, dict]]:
    name = upload.name or ""
    if not name.lower().endswith((".xlsx", ".csv")):
        raise UnsupportedMediaType(_("Upload an .xlsx or .csv file."))
    if upload.size > RETURNS_MAX_BYTES:
        raise PayloadTooLarge(_("The file is larger than %(limit)d bytes.") % {"limit": RETURNS_MAX_BYTES})
    try:
        return sheet_rows(name, upload.read())
    except (ValueError, KeyError, OSError, csv.Error, zipfile.BadZipFile, InvalidFileException) as error:
        # not a workbook, not UTF-8, a corrupt zip, a NUL in a CSV
        raise BadRequest(_("The file cannot be read as %(kind)s.") % {"kind": name.rsplit(".", 1)[-1]},
                         code="unreadable_file") from error
