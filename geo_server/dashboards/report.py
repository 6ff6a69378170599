"""The printable monthly report of a dashboard: every panel's data for one month and area as tables,
an HTML template rendered to PDF by WeasyPrint with the Noto CJK font subset embedded."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from geo_server.dashboards.filters import parse_month
from geo_server.dashboards.tables import chart_table
from geo_server.features.models import AdminArea
from geo_server.sector import Dashboard, DashboardFilter


def report_filters(month: str, area: str | None) -> DashboardFilter:
    start, end = parse_month(month, "month")
    return DashboardFilter(start=start, end=end, area=area or None)


def area_title(user, code: str | None) -> str:
    """The report's area: the filter's, else the user's jurisdiction (the province for a superuser)."""
    areas = AdminArea.objects.defer("geom")
    if code:
        area = areas.filter(code=code).first()
    elif user.organisation_id:
        area = areas.filter(pk=user.organisation.jurisdiction_id).first()
    else:
        area = areas.filter(level=AdminArea.Level.PROVINCE).order_by("code").first() if user.is_superuser else None
    if area is None:
        return ""
    return (get_language() or "").startswith("en") and area.name_en or area.name


def report_html(user, dashboard: Dashboard, month: str, filters: DashboardFilter) -> str:
    sections = []
    for panel in dashboard.panels:
        headers, rows = chart_table(panel.chart, panel.data(user, filters))
        sections.append({"title": panel.title, "headers": headers, "rows": rows})
    return render_to_string("dashboards/report.html", {
        "dashboard": dashboard, "month": month, "area": area_title(user, filters.area), "sections": sections,
        "generated": timezone.localtime(), "user": user})


def report_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango and its fonts, which only the report needs.
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
