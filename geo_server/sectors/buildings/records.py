"""The buildings section of a record page: the appraisal history (newest first, the grade in force
marked), census entries beside it, the monitoring points with a trend chart, and the upload form."""

from django.urls import reverse
from django.utils.translation import gettext as _

from geo_server.features.kinds import RecordSection
from geo_server.sectors.buildings.appraisals import may_review, may_upload
from geo_server.sectors.buildings.models import (AppraisalReport, BuildingDetail, CensusRecord, CurtainWallInspection,
                                                MonitoringPoint, Reading)
from geo_server.sectors.buildings.models.appraisals import Grade, Handling
from geo_server.sectors.buildings.readings import FIT_DAYS

CENSUS_SHOWN = 20
INSPECTIONS_SHOWN = 10
CHART_READINGS = 1000


def report_json(report: AppraisalReport) -> dict:
    return {
        "id": report.pk, "building": report.building_id, "agency": report.agency, "appraisers": report.appraisers,
        "appraised_on": report.appraised_on.isoformat(), "grade": report.grade, "handling": report.handling,
        "state": report.state, "published_at": report.published_at.isoformat() if report.published_at else None,
        "pdf": reverse("buildings-appraisal-pdf", args=[report.pk]),
        "findings": [{"member": f.member, "location": f.location, "defect": f.defect, "grade": f.grade}
                     for f in report.findings.all()],
    }


def chart_data(points: list[MonitoringPoint]) -> list[dict]:
    """Per point: readings as [ms, value], the limit, and the fitted trend from the first reading of
    the fit window to the later of the latest reading and the date the trend reaches the limit."""
    series = []
    for point in points:
        rows = list(Reading.objects.filter(point=point).order_by("-at").values_list("at", "value")[:CHART_READINGS])
        rows.reverse()
        data = {"point": point.code, "quantity": point.get_quantity_display(), "unit": point.unit,
                "limit": point.limit, "readings": [[int(at.timestamp() * 1000), v] for at, v in rows], "trend": []}
        if point.slope_per_day is not None and rows:
            last_ms = rows[-1][0].timestamp() * 1000
            start_ms = max(rows[0][0].timestamp() * 1000, last_ms - FIT_DAYS * 86_400_000)
            end_ms = last_ms
            if point.reaches_limit_on and point.fitted_last < point.limit:
                end_ms = last_ms + (point.limit - point.fitted_last) / point.slope_per_day * 86_400_000
            at = lambda ms: point.fitted_last + point.slope_per_day * (ms - last_ms) / 86_400_000  # noqa: E731
            data["trend"] = [[int(start_ms), at(start_ms)], [int(end_ms), at(end_ms)]]
        series.append(data)
    return series


def building_section(feature, user) -> dict:
    """Context for buildings/_building.html; the record page has already checked the building is in scope."""
    reports = list(AppraisalReport.objects.filter(building=feature).prefetch_related("findings")
                   .order_by("-appraised_on", "-id"))
    in_force = next((r.pk for r in reports if r.state == "published"), None)
    points = list(MonitoringPoint.objects.filter(building=feature).order_by("code"))
    detail = BuildingDetail.objects.filter(feature=feature).exclude(curtain_wall="none").first()
    return {
        "curtain_wall": detail,
        "inspections": list(CurtainWallInspection.objects.filter(building=feature).select_related("inspector")
                            .order_by("-inspected_on", "-id")[:INSPECTIONS_SHOWN]) if detail else [],
        "reports": reports, "in_force": in_force,
        "census": list(CensusRecord.objects.filter(building=feature).order_by("-surveyed_on", "-id")[:CENSUS_SHOWN]),
        "latest_published": next((r for r in reports if r.state == "published"), None),
        "points": points, "chart": {"points": chart_data(points),
                                    "labels": {"limit": _("Limit"), "trend": _("Fitted trend"),
                                               "readings": _("Readings")}},
        "may_upload": may_upload(user), "may_review": may_review(user),
        "grades": Grade.choices, "handlings": Handling.choices,
    }


BUILDING_SECTION = RecordSection("buildings/_building.html", building_section)
