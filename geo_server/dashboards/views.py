"""The dashboards' pages, the panel API (JSON, or the data as CSV / xlsx), the areas the choropleths
draw, and the monthly report PDF. Thin: parse, call one function, respond."""

import json

from django.contrib.auth.decorators import login_required
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from geo_server.dashboards import panel_cache, registry, report
from geo_server.dashboards.filters import check_area, default_range, parse_filters, scoped_areas
from geo_server.dashboards.tables import chart_table, to_csv, to_xlsx
from geo_server.db_router import just_wrote, lag_tolerant
from geo_server.errors import BadRequest
from geo_server.features.models import AdminArea
from geo_server.features.simplify import SimplifyPreserveTopology

_JSON = {"ensure_ascii": False}
EXPORTS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# The choropleths' outlines: ~100 m, plenty for a district on a dashboard panel.
AREA_SIMPLIFY_DEGREES = 0.001


@login_required
@require_GET
def index(request):
    return render(request, "dashboards/index.html", {"dashboards": registry.visible_dashboards(request.user)})


@lag_tolerant
@login_required
@require_GET
def dashboard_page(request, dashboard_id: str):
    dashboard = registry.get_dashboard(request.user, dashboard_id)
    start, end = default_range(dashboard.default_months)
    config = {
        "id": dashboard.id,
        "api": reverse("dashboard-panel", args=[dashboard.id, "PANEL"]),
        "areas": reverse("dashboard-areas"),
        "report": reverse("dashboard-report", args=[dashboard.id]),
        "defaults": {"start": start, "end": end},
        "panels": [{"id": p.id, "title": str(p.title), "chart": p.chart, "width": p.width, "unit": p.unit}
                   for p in dashboard.panels],
    }
    return render(request, "dashboards/dashboard.html", {"dashboard": dashboard, "config": config,
                                                         "dashboards": registry.visible_dashboards(request.user)})


@lag_tolerant
@require_GET
def panel_data(request, dashboard_id: str, panel_id: str):
    dashboard = registry.get_dashboard(request.user, dashboard_id)
    panel = registry.get_panel(dashboard, panel_id)
    data, age = panel_cache.panel_data(request.user, dashboard, panel, parse_filters(request),
                                       fresh=just_wrote(request))
    export = request.GET.get("format")
    if not export:
        response = JsonResponse(data, json_dumps_params=_JSON)
        response["Age"] = str(age)
        return response
    if export not in EXPORTS:
        raise BadRequest("format must be csv or xlsx.", code="bad_format")
    headers, rows = chart_table(panel.chart, data)
    body = to_csv(headers, rows) if export == "csv" else to_xlsx(str(panel.title), headers, rows)
    response = HttpResponse(body, content_type=EXPORTS[export])
    response["Content-Disposition"] = f'attachment; filename="{dashboard.id}-{panel.id}.{export}"'
    return response


@lag_tolerant
@login_required
@require_GET
def areas_geojson(request):
    """The areas of one level inside the user's jurisdiction, simplified, as GeoJSON."""
    level = request.GET.get("level", AdminArea.Level.DISTRICT)
    if level not in AdminArea.Level.values:
        raise BadRequest(f"level must be one of {', '.join(AdminArea.Level.values)}.", code="invalid_level")
    english = (get_language() or "").startswith("en")
    rows = (scoped_areas(request.user).filter(level=level).order_by("code")
            .values("code", "name", "name_en")
            .annotate(geojson=AsGeoJSON(SimplifyPreserveTopology("geom", AREA_SIMPLIFY_DEGREES), precision=4)))
    features = [{"type": "Feature", "id": row["code"], "geometry": json.loads(row["geojson"]),
                 "properties": {"code": row["code"], "name": (english and row["name_en"]) or row["name"]}}
                for row in rows]
    return JsonResponse({"type": "FeatureCollection", "features": features}, json_dumps_params=_JSON,
                        content_type="application/geo+json")


@lag_tolerant
@login_required
@require_GET
def report_pdf(request, dashboard_id: str):
    dashboard = registry.get_dashboard(request.user, dashboard_id)
    month = request.GET.get("month") or timezone.localdate().strftime("%Y-%m")
    area = request.GET.get("area") or None
    if area:
        check_area(request.user, area)
    filters = report.report_filters(month, area)
    html = report.report_html(request.user, dashboard, month, filters)
    response = HttpResponse(report.report_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dashboard.id}-{month}{"-" + area if area else ""}.pdf"'
    return response
