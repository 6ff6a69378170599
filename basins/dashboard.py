"""The river chiefs' dashboard (Sector.dashboards; the dashboards core renders it): the water-quality
class of each reach, the relapse model's levels, patrol compliance by district, patrols per month.
Every panel reads the reaches of `features_in(user, filters)` (scoped, narrowed to the area)."""

from collections import Counter
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from basins.compliance import compliance_rows
from basins.models import ReachChief, RiskAssessment
from basins.quality import LEVEL_LABELS, Level, body_level, judge_counts
from basins.quality_sql import point_counts
from geo_server.dashboards.filters import features_in
from geo_server.dashboards.timespan import localised, moment_bounds, month_key, month_keys, within
from geo_server.features.kinds import RISK_COLOURS, Kind, RiskLevel
from geo_server.features.models import Feature
from geo_server.patrols.compliance import totals
from geo_server.patrols.models import Patrol
from geo_server.sector import Dashboard, DashboardFilter, DashboardPanel

NO_SAMPLES = "no_samples"
NOT_ASSESSED = "not_assessed"
QUALITY_KEYS = {Level.NONE: "none", Level.MILD: "mild", Level.SEVERE: "severe"}
NO_DATA_COLOUR = "#9e9e9e"
# Severe black-odorous water in the red of a red warning, mild in orange.
QUALITY_COLOURS = {"severe": RISK_COLOURS[RiskLevel.RED], "mild": RISK_COLOURS[RiskLevel.ORANGE],
                   "none": RISK_COLOURS[RiskLevel.NONE], NO_SAMPLES: NO_DATA_COLOUR}


def reaches_in(user, filters: DashboardFilter):
    return features_in(user, filters, Feature.objects.filter(kind=Kind.RIVER_REACH))


def reach_classes(user, filters: DashboardFilter) -> dict[int, tuple[Level | None, str | None, str, str]]:
    """reach id -> (black-odorous class over the samples taken in the filter's range, None without
    any; district code, name, English name). The samples are counted per point and indicator in the
    database (basins.quality_sql), the point and water-body rules applied in Python (basins.quality)."""
    reaches = {r[0]: r[1:] for r in reaches_in(user, filters).values_list(
        "id", "district__code", "district__name", "district__name_en")}
    points = point_counts(list(reaches), *moment_bounds(filters))
    # The body's level needs only its points' levels, not their order (stretches are the reach page's).
    return {reach_id: (body_level([judge_counts(counts).level for counts in points[reach_id]])
                       if reach_id in points else None, *area)
            for reach_id, area in reaches.items()}


def _quality_key(level: Level | None) -> str:
    return NO_SAMPLES if level is None else QUALITY_KEYS[level]


def _quality_name(key: str) -> str:
    names = {QUALITY_KEYS[level]: str(label) for level, label in LEVEL_LABELS.items()}
    return names.get(key) or str(_("no samples"))


QUALITY_ORDER = ("severe", "mild", "none", NO_SAMPLES)


def quality_classes(user, filters: DashboardFilter) -> dict:
    """Pie: reaches by black-odorous class (severe, mild, none, no samples in the range)."""
    counts = Counter(_quality_key(level) for level, *_area in reach_classes(user, filters).values())
    return {"items": [{"key": key, "name": _quality_name(key), "value": counts[key], "color": QUALITY_COLOURS[key]}
                      for key in QUALITY_ORDER if counts[key]]}


def quality_by_district(user, filters: DashboardFilter) -> dict:
    """Stacked bar: each district's reaches by class; a bar click filters to the district."""
    counts, districts = Counter(), {}
    for level, code, name, name_en in reach_classes(user, filters).values():
        counts[(code, _quality_key(level))] += 1
        districts[code] = localised(name or "—", name_en)
    codes = sorted(districts, key=lambda c: (c is None, c))
    return {"categories": [districts[c] for c in codes], "category_areas": codes,
            "series": [{"key": key, "name": _quality_name(key), "data": [counts[(c, key)] for c in codes],
                        "color": QUALITY_COLOURS[key]} for key in QUALITY_ORDER]}


def risk_levels(user, filters: DashboardFilter) -> dict:
    """Pie: reaches by the relapse level in force on the range's last day: that of their latest
    assessment among the model runs started by then (the range's start does not apply: a level holds
    until a later run); reaches no such run assessed are "not assessed"."""
    reaches = reaches_in(user, filters)
    latest = (within(RiskAssessment.objects.filter(reach__in=reaches.values("id")), "run__started_at",
                     DashboardFilter(end=filters.end))
              .order_by("reach_id", "-run__started_at", "-run_id").distinct("reach_id").values_list("level", flat=True))
    counts = Counter(latest)
    unassessed = reaches.count() - sum(counts.values())
    items = [{"key": level.name.lower(), "name": str(level.label), "value": counts[level], "color": RISK_COLOURS[level]}
             for level in sorted(RiskLevel, reverse=True) if counts[level]]
    if unassessed:
        items.append({"key": NOT_ASSESSED, "name": str(_("not assessed")), "value": unassessed,
                      "color": NO_DATA_COLOUR})
    return {"items": items}


def as_of(filters: DashboardFilter) -> date:
    """Compliance is judged in the period running on the range's last day (today at most)."""
    today = timezone.localdate()
    return min(filters.end, today) if filters.end else today


def compliance_totals(user, filters: DashboardFilter) -> list[dict]:
    """Due, done (capped at due per task), overdue and rate per district code, for the chiefs of the
    reaches in scope in the period running on as_of(filters); basins.compliance decides each task."""
    assignments = ReachChief.objects.filter(reach__in=reaches_in(user, filters).values("id"))
    rows = compliance_rows(assignments, as_of(filters))
    names = {row.district_code: localised(row.district, row.district_en) for row in rows}
    sums = totals((row.district_code, row.task.due, row.task.done, row.task.overdue) for row in rows)
    return sorted(({**total, "code": total["name"], "name": names[total["name"]]} for total in sums),
                  key=lambda t: (t["code"] is None, t["code"]))


def compliance_by_district(user, filters: DashboardFilter) -> dict:
    """Bar: patrols due and done per district; a bar click filters to the district."""
    sums = compliance_totals(user, filters)
    return {"categories": [t["name"] for t in sums], "category_areas": [t["code"] for t in sums],
            "series": [{"key": "due", "name": str(_("Patrols due")), "data": [t["due"] for t in sums]},
                       {"key": "done", "name": str(_("Patrols done")), "data": [t["done"] for t in sums]}]}


def compliance_map(user, filters: DashboardFilter) -> dict:
    """Choropleth: the share of due patrols done, per district (percent)."""
    sums = compliance_totals(user, filters)
    return {"level": "district", "unit": "%",
            "areas": [{"code": t["code"], "name": t["name"], "value": round(100 * t["rate"], 1)}
                      for t in sums if t["code"] and t["rate"] is not None]}


def patrols_per_month(user, filters: DashboardFilter) -> dict:
    """Line: the reaches' patrols per month, those that count and those that do not."""
    rows = (within(Patrol.objects.filter(reach__in=reaches_in(user, filters).values("id")), "started_at", filters)
            .annotate(month=TruncMonth("started_at")).values("month", "valid").annotate(n=Count("id")))
    counts = {(month_key(row["month"]), row["valid"]): row["n"] for row in rows}
    months = month_keys(filters, {month for month, _valid in counts})
    return {"categories": months, "category_months": months, "thresholds": [], "bands": [],
            "series": [{"key": "valid", "name": str(pgettext_lazy("patrols", "Counted")),
                        "data": [counts.get((m, True), 0) for m in months]},
                       {"key": "invalid", "name": str(pgettext_lazy("patrols", "Not counted")),
                        "data": [counts.get((m, False), 0) for m in months]}]}


DASHBOARDS = (
    Dashboard("rivers", _("River chiefs"), (
        DashboardPanel("quality_classes", _("Water-quality class of reaches"), "pie", quality_classes, width=4),
        DashboardPanel("risk_levels", _("Relapse risk levels of reaches"), "pie", risk_levels, width=4),
        DashboardPanel("compliance_map", _("Patrol compliance by district"), "choropleth", compliance_map,
                       width=4, unit="%"),
        DashboardPanel("quality_by_district", _("Water-quality class by district"), "stacked_bar",
                       quality_by_district, width=6),
        DashboardPanel("compliance_by_district", _("Patrols due and done by district"), "bar",
                       compliance_by_district, width=6),
        DashboardPanel("patrols_per_month", _("River patrols per month"), "line", patrols_per_month, width=12),
    )),
)
