"""The buildings API: appraisal reports (one by one, in bulk, their review and history) and
structural-monitoring readings (NDJSON)."""

import json

from django.http import FileResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from geo_server.errors import BadRequest, Forbidden, MethodNotAllowed, NotFound
from geo_server.feeds.requests import body_format
from geo_server.sectors.buildings import appraisals, census, readings
from geo_server.sectors.buildings.appraisal_imports import import_zip
from geo_server.sectors.buildings.records import report_json
from geo_server.validation import read_json

_JSON = {"ensure_ascii": False}


def appraisal_collection(request, feature_id: int):
    """GET: the building's appraisal history and grade; POST: a new report."""
    if request.method == "GET":
        return appraisal_history(request, feature_id)
    if request.method == "POST":
        return appraisal_create(request, feature_id)
    raise MethodNotAllowed(_("GET or POST."))


def appraisal_create(request, feature_id: int):
    """multipart/form-data: agency, appraisers, appraised_on, grade, handling, findings (a JSON list
    of {member, location, defect, grade}) and pdf."""
    try:
        findings = json.loads(request.POST.get("findings") or "[]")
    except ValueError:
        raise BadRequest(_("findings must be a JSON list."), code="bad_findings") from None
    report = appraisals.submit(request.user, feature_id, request.POST, findings, request.FILES.get("pdf"),
                               timezone.localdate())
    return JsonResponse(report_json(report), status=201, json_dumps_params=_JSON)


@require_POST
def appraisal_import(request):
    """multipart/form-data with `zip`: reports.csv, findings.csv and the PDFs; all or nothing."""
    if not appraisals.may_upload(request.user):
        raise Forbidden(_("A read-only account cannot upload reports."))
    upload = request.FILES.get("zip")
    if upload is None:
        raise BadRequest(_("Send the zip as the form field `zip`."), code="zip_missing")
    ids = import_zip(upload, request.user, timezone.localdate())
    return JsonResponse({"created": len(ids), "ids": ids}, status=201)


@require_POST
def appraisal_transition(request, report_id: int):
    body = read_json(request)
    action = body.get("action") if isinstance(body, dict) else None
    report = appraisals.transition(request.user, report_id, str(action or ""))
    return JsonResponse(report_json(report), json_dumps_params=_JSON)


def appraisal_history(request, feature_id: int):
    building = appraisals.buildings_in_scope(request.user).filter(pk=feature_id).first()
    if building is None:
        raise NotFound(_("No such building, or not within your jurisdiction."))
    reports = building.appraisal_reports.prefetch_related("findings").order_by("-appraised_on", "-id")
    grade = building.building_detail.safety_grade if hasattr(building, "building_detail") else ""
    return JsonResponse({"grade": grade, "reports": [report_json(r) for r in reports]}, json_dumps_params=_JSON)


@require_GET
def appraisal_pdf(request, report_id: int):
    report = appraisals.report_in_scope(request.user, report_id)
    if not report.pdf or not report.pdf.storage.exists(report.pdf.name):
        raise NotFound(_("The report's PDF is missing from storage."), code="pdf_missing")
    return FileResponse(report.pdf.open("rb"), content_type="application/pdf",
                        filename=f"appraisal-{report.pk}.pdf")


@require_POST
def reading_ingest(request):
    """NDJSON rows {building, point, quantity, at, value, unit, limit}; idempotent on (point, at)."""
    _fmt, gzipped = body_format(request, {"application/x-ndjson": "ndjson"}, readings.UPLOAD_MAX_BYTES)
    outcome = readings.ingest(request, gzipped, request.user)
    return JsonResponse(outcome, status=201 if outcome["inserted"] else 200)


@require_POST
def census_create(request, feature_id: int):
    """JSON: surveyed_on, surveyor, structure, floors, year_built, use, visible_defects,
    suggests_danger, photos (names)."""
    entry = census.record_census(request.user, feature_id, read_json(request), timezone.localdate())
    return JsonResponse({"id": entry.pk, "building": entry.building_id, "surveyed_on": entry.surveyed_on.isoformat(),
                         "suggests_danger": entry.suggests_danger}, status=201)
