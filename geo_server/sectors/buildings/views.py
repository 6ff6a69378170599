"""The buildings page actions, from the record page's forms: upload a report, move one along its
review. Each calls the same function as the API and returns to the record with a message."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from geo_server.errors import ApiError, NotFound
from geo_server.sectors.buildings import appraisals


def _record(feature_id: int):
    return redirect(reverse("feature-record", args=[feature_id]) + "#appraisals")


@require_POST
def appraisal_new(request, feature_id: int):
    try:
        appraisals.submit(request.user, feature_id, request.POST, [], request.FILES.get("pdf"), timezone.localdate())
    except NotFound:
        raise
    except ApiError as error:
        problems = "; ".join(f"{p['column']}: {p['message']}" for p in error.details.get("errors", []))
        messages.error(request, f"{error.message} {problems}".strip())
    else:
        messages.success(request, _("The report is submitted for review."))
    return _record(feature_id)


@require_POST
def appraisal_act(request, report_id: int, action: str):
    report = appraisals.report_in_scope(request.user, report_id)
    try:
        appraisals.transition(request.user, report_id, action)
    except ApiError as error:
        messages.error(request, error.message)
    return _record(report.building_id)
