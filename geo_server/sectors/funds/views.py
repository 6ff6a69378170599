"""The fund pages: filing a monthly return as a file (with its report per cell), and a center's
returns with every version."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from geo_server.errors import ApiError, BadRequest
from geo_server.features.scoping import scope_features
from geo_server.sectors.funds.api import uploaded_rows
from geo_server.sectors.funds.models import MonthlyReturn
from geo_server.sectors.funds.returns_cells import COLUMNS
from geo_server.sectors.funds.returns_store import file_returns, writable_centers


def returns_page(request):
    """GET: the form and the columns; POST: the upload filed, or its report per cell (nothing stored)."""
    context = {"columns": COLUMNS, "centers": sorted(writable_centers(request.user)), "report": None,
               "filed": None}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise BadRequest(_("Choose a file."), code="no_file")
            context["filed"] = file_returns(uploaded_rows(upload), request.user, "upload").as_dict()
        except ApiError as error:
            context["report"] = {"message": error.message, "cells": error.details.get("errors", [])}
            status = error.http_status
    return render(request, "funds/returns.html", context, status=status)


def versions_page(request, center_id: int):
    """Every version of every month of one center within the user's scope, newest month first."""
    center = get_object_or_404(scope_features(request.user).filter(kind="fund_center"), pk=center_id)
    versions = (MonthlyReturn.objects.filter(center=center).select_related("submitted_by")
                .order_by("-month", "-version"))
    return render(request, "funds/versions.html", {"center": center, "versions": versions})
