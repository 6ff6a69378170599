"""The building-safety dashboard (Sector.dashboards; the dashboards core renders it): appraisal grades,
dangerous buildings by district, curtain walls due or overdue, building warnings per month. Every
panel reads the buildings of `features_in(user, filters)` (scoped, narrowed to the area).

Grades and curtain-wall due dates are states of today: the time range does not apply to them (a
building keeps no history of them here); the warnings panel applies it to the warnings' first day."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo_server.dashboards.filters import features_in
from geo_server.dashboards.timespan import localised, month_key, month_keys, within
from geo_server.features.kinds import RISK_COLOURS, Kind, RiskLevel
from geo_server.sector import Dashboard, DashboardFilter, DashboardPanel
from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.supervision.models import Warning
from geo_server.supervision.rules import rule_title

GRADES = ("A", "B", "C", "D")
DANGEROUS = ("C", "D")
UNGRADED = "ungraded"
# C and D in the colours of their warnings (rules.py: C orange, D red); B yellow, A green [D].
GRADE_COLOURS = {"A": RISK_COLOURS[RiskLevel.NONE], "B": RISK_COLOURS[RiskLevel.YELLOW],
                 "C": RISK_COLOURS[RiskLevel.ORANGE], "D": RISK_COLOURS[RiskLevel.RED], UNGRADED: "#9e9e9e"}
DUE_WITHIN_DAYS = 90
TABLE_ROWS = 200


def buildings_in(user, filters: DashboardFilter):
    return BuildingDetail.objects.filter(
        feature__in=features_in(user, filters).filter(kind=Kind.BUILDING).values("id"))


def _grade_name(grade: str) -> str:
    return str(_("Grade %(grade)s") % {"grade": grade}) if grade in GRADES else str(_("Not appraised"))


def grades(user, filters: DashboardFilter) -> dict:
    """Pie: buildings by safety grade (A-D, then those never appraised)."""
    counts = Counter({row["safety_grade"] or UNGRADED: row["n"]
                      for row in buildings_in(user, filters).values("safety_grade").annotate(n=Count("pk"))})
    return {"items": [{"key": key, "name": _grade_name(key), "value": counts[key], "color": GRADE_COLOURS[key]}
                      for key in (*GRADES, UNGRADED) if counts[key]]}


def _grades_by_district(user, filters: DashboardFilter) -> tuple[list[str | None], dict, Counter]:
    rows = (buildings_in(user, filters)
            .values("feature__district__code", "feature__district__name", "feature__district__name_en", "safety_grade")
            .annotate(n=Count("pk")))
    names, counts = {}, Counter()
    for row in rows:
        code = row["feature__district__code"]
        names[code] = localised(row["feature__district__name"] or "—", row["feature__district__name_en"])
        counts[(code, row["safety_grade"] or UNGRADED)] += row["n"]
    return sorted(names, key=lambda c: (c is None, c)), names, counts


def grades_by_district(user, filters: DashboardFilter) -> dict:
    """Stacked bar: each district's buildings by grade; a bar click filters to the district."""
    codes, names, counts = _grades_by_district(user, filters)
    return {"categories": [names[c] for c in codes], "category_areas": codes,
            "series": [{"key": key, "name": _grade_name(key), "data": [counts[(c, key)] for c in codes],
                        "color": GRADE_COLOURS[key]} for key in (*GRADES, UNGRADED)]}


def dangerous_map(user, filters: DashboardFilter) -> dict:
    """Choropleth: dangerous buildings (grades C and D) per district."""
    codes, names, counts = _grades_by_district(user, filters)
    return {"level": "district", "unit": str(_("buildings")),
            "areas": [{"code": c, "name": names[c], "value": sum(counts[(c, g)] for g in DANGEROUS)}
                      for c in codes if c]}


@dataclass(frozen=True)
class CurtainWall:
    feature_id: int
    code: str
    name: str
    district: str
    district_code: str | None
    curtain_wall: str
    last_inspection: date | None
    due: date


def curtain_walls(user, filters: DashboardFilter, today: date | None = None) -> list[CurtainWall]:
    """The curtain walls in scope that are overdue on `today` or due within DUE_WITHIN_DAYS, soonest
    due first; the due date is the generated column (curtain_walls.py: the rule's schedule in SQL)."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=DUE_WITHIN_DAYS)
    rows = (buildings_in(user, filters).exclude(curtain_wall=BuildingDetail.CurtainWall.NONE)
            .filter(curtain_wall_next_due__lte=horizon).order_by("curtain_wall_next_due", "feature__code")
            .values_list("feature_id", "feature__code", "feature__name", "feature__name_en", "feature__district__name",
                         "feature__district__name_en", "feature__district__code", "curtain_wall",
                         "last_curtain_wall_inspection", "curtain_wall_next_due"))
    return [CurtainWall(pk, code, localised(name, name_en), localised(district or "—", district_en), district_code,
                        kind, last, due)
            for pk, code, name, name_en, district, district_en, district_code, kind, last, due in rows]


def curtain_wall_tiles(user, filters: DashboardFilter) -> dict:
    """KPI: curtain walls overdue for inspection today, and due within the next 90 days."""
    today = timezone.localdate()
    walls = curtain_walls(user, filters, today)
    overdue = sum(w.due < today for w in walls)
    hazards = reverse("hazard-list-page") + "?kind=building"
    return {"tiles": [
        {"key": "overdue", "label": str(_("Curtain walls overdue")), "value": overdue, "unit": "", "href": hazards},
        {"key": "due_soon", "label": str(_("Curtain walls due within 90 days")), "value": len(walls) - overdue,
         "unit": "", "href": None},
    ]}


def curtain_wall_table(user, filters: DashboardFilter) -> dict:
    """Table: the overdue and soon-due curtain walls, soonest first (days negative once overdue)."""
    today = timezone.localdate()
    types = dict(BuildingDetail.CurtainWall.choices)
    return {"columns": [
        {"key": "code", "label": str(_("Code")), "type": "string"},
        {"key": "name", "label": str(_("Building")), "type": "string"},
        {"key": "district", "label": str(_("District")), "type": "string"},
        {"key": "curtain_wall", "label": str(_("Curtain wall")), "type": "string"},
        {"key": "last_inspection", "label": str(_("Last inspection")), "type": "string"},
        {"key": "due", "label": str(_("Inspection due")), "type": "string"},
        {"key": "days_left", "label": str(_("Days left")), "type": "integer"},
    ], "sort": "due", "rows": [
        {"code": w.code, "name": w.name, "district": w.district, "curtain_wall": str(types[w.curtain_wall]),
         "last_inspection": w.last_inspection.isoformat() if w.last_inspection else "",
         "due": w.due.isoformat(), "days_left": (w.due - today).days, "area": w.district_code,
         "href": reverse("feature-record", args=[w.feature_id])}
        for w in curtain_walls(user, filters, today)[:TABLE_ROWS]]}


def warnings_per_month(user, filters: DashboardFilter) -> dict:
    """Line: building warnings first seen each month, by rule, and how many of them are still open."""
    rows = within(Warning.objects.filter(feature__in=features_in(user, filters).filter(kind=Kind.BUILDING)
                                         .values("id")), "first_seen", filters)
    rows = rows.annotate(month=TruncMonth("first_seen")).values("month", "rule_code", "is_open").annotate(n=Count("id"))
    opened, still_open = Counter(), Counter()
    for row in rows:
        month = month_key(row["month"])
        opened[(row["rule_code"], month)] += row["n"]
        still_open[month] += row["n"] if row["is_open"] else 0
    months = month_keys(filters, {m for _rule, m in opened})
    rules = sorted({rule for rule, _m in opened})
    return {"categories": months, "category_months": months, "thresholds": [], "bands": [], "series": [
        *({"key": rule, "name": rule_title(rule), "data": [opened[(rule, m)] for m in months]} for rule in rules),
        {"key": "still_open", "name": str(_("Still open")), "data": [still_open[m] for m in months]}]}


DASHBOARDS = (
    Dashboard("buildings", _("Building safety"), (
        DashboardPanel("grades", _("Buildings by safety grade"), "pie", grades, width=4),
        DashboardPanel("dangerous_map", _("Dangerous buildings (C and D) by district"), "choropleth", dangerous_map,
                       width=8),
        DashboardPanel("grades_by_district", _("Safety grades by district"), "stacked_bar", grades_by_district,
                       width=12),
        DashboardPanel("curtain_wall_tiles", _("Curtain-wall inspections"), "kpi", curtain_wall_tiles, width=4),
        DashboardPanel("curtain_wall_table", _("Curtain walls overdue or due within 90 days"), "table",
                       curtain_wall_table, width=8),
        DashboardPanel("warnings_per_month", _("Building warnings per month"), "line", warnings_per_month, width=12),
    )),
)
