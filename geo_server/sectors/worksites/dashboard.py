"""The wage sector's dashboard (Sector.dashboards; the dashboards core renders it): unpaid
worker-months (the sweep's open `wage.unpaid` warnings, indicators.py) per month and per district,
open wage warnings by rule, blacklisted enterprises, and the headline figures. Every panel reads the
sites of `features_in(user, filters)` (scoped, narrowed to the area); the time range applies to the
month a warning's subject names (worker:<id>:<YYYY-MM>, account:<YYYY-MM>, person:<hash>:<YYYY-MM>)."""

from django.db.models import Count, IntegerField, Q, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Right
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from geo_server.dashboards.filters import features_in
from geo_server.dashboards.timespan import localised, month_key, month_keys
from geo_server.features.kinds import Kind
from geo_server.integrity.models import Blacklisting
from geo_server.sector import Dashboard, DashboardFilter, DashboardPanel
from geo_server.sectors.worksites.indicators import UNPAID_RULE, daily_minimum
from geo_server.supervision.models import Warning
from geo_server.supervision.rules import rule_title

WAGE_RULES = "wage."


def sites_in(user, filters: DashboardFilter):
    return features_in(user, filters).filter(kind=Kind.CONSTRUCTION_SITE)


def wage_warnings(user, filters: DashboardFilter, rule: str | None = None):
    """Open wage warnings (of `rule`, else of every wage rule) on the sites in scope whose subject's
    month lies in the filter's range."""
    rows = Warning.objects.filter(is_open=True, feature__in=sites_in(user, filters).values("id"))
    rows = rows.filter(rule_code=rule) if rule else rows.filter(rule_code__startswith=WAGE_RULES)
    rows = rows.annotate(month=Right("subject", 7))
    if filters.start:
        rows = rows.filter(month__gte=month_key(filters.start))
    if filters.end:
        rows = rows.filter(month__lte=month_key(filters.end))
    return rows


def tiles(user, filters: DashboardFilter) -> dict:
    """KPI: sites and registered workers in scope; open wage warnings, unpaid worker-months and what
    they owe at least (attendance days x the minimum daily wage) for the months in the range."""
    scope = sites_in(user, filters).aggregate(sites=Count("id", distinct=True), workers=Count("workers", distinct=True))
    figures = wage_warnings(user, filters).aggregate(
        open=Count("id"), unpaid=Count("id", filter=Q(rule_code=UNPAID_RULE)),
        days=Sum(Cast(KT("evidence__days"), IntegerField()), filter=Q(rule_code=UNPAID_RULE)))
    owed = float(daily_minimum() * (figures["days"] or 0))
    ranking, hazards = reverse("worksites-ranking"), reverse("hazard-list-page") + "?kind=construction_site"
    return {"tiles": [
        {"key": "sites", "label": str(_("Construction sites")), "value": scope["sites"], "unit": "",
         "href": ranking},
        {"key": "workers", "label": str(_("Registered workers")), "value": scope["workers"], "unit": "", "href": ranking},
        {"key": "open_warnings", "label": str(_("Open wage warnings")), "value": figures["open"], "unit": "",
         "href": hazards},
        {"key": "unpaid", "label": str(_("Unpaid worker-months")), "value": figures["unpaid"], "unit": "",
         "href": ranking},
        {"key": "owed", "label": str(_("Owed at least (minimum wage)")), "value": round(owed, 2),
         "unit": str(_("yuan")), "href": ranking},
    ]}


def unpaid_per_month(user, filters: DashboardFilter) -> dict:
    """Line: unpaid worker-months per month worked."""
    counts = {row["month"]: row["n"] for row in wage_warnings(user, filters, UNPAID_RULE)
              .values("month").annotate(n=Count("id"))}
    months = month_keys(filters, counts)
    return {"categories": months, "category_months": months, "thresholds": [], "bands": [],
            "series": [{"key": "unpaid", "name": str(_("Unpaid worker-months")),
                        "data": [counts.get(m, 0) for m in months]}]}


def open_wage_warnings(user, filters: DashboardFilter) -> dict:
    """Stacked bar: open wage warnings by rule and by the month their subject names."""
    rows = wage_warnings(user, filters).values("rule_code", "month").annotate(n=Count("id"))
    counts = {(row["rule_code"], row["month"]): row["n"] for row in rows}
    months = month_keys(filters, {month for _rule, month in counts})
    rules = sorted({rule for rule, _month in counts})
    return {"categories": months, "category_months": months,
            "series": [{"key": rule, "name": rule_title(rule), "data": [counts.get((rule, m), 0) for m in months]}
                       for rule in rules]}


def _unpaid_by_district(user, filters: DashboardFilter) -> list[tuple[str | None, str, int]]:
    rows = (wage_warnings(user, filters, UNPAID_RULE)
            .values("feature__district__code", "feature__district__name", "feature__district__name_en")
            .annotate(n=Count("id")).order_by("-n", "feature__district__code"))
    return [(row["feature__district__code"], localised(row["feature__district__name"] or "—",
                                                       row["feature__district__name_en"]), row["n"]) for row in rows]


def unpaid_by_district(user, filters: DashboardFilter) -> dict:
    """Bar: unpaid worker-months per district, most first; a bar click filters to the district."""
    rows = _unpaid_by_district(user, filters)
    return {"categories": [name for _code, name, _n in rows], "category_areas": [code for code, _name, _n in rows],
            "series": [{"key": "unpaid", "name": str(_("Unpaid worker-months")), "data": [n for *_a, n in rows]}]}


def unpaid_map(user, filters: DashboardFilter) -> dict:
    """Choropleth: unpaid worker-months per district."""
    return {"level": "district", "unit": str(_("worker-months")),
            "areas": [{"code": code, "name": name, "value": n} for code, name, n in _unpaid_by_district(user, filters)
                      if code]}


def blacklisted(user, filters: DashboardFilter) -> dict:
    """Table: blacklistings in force during the range of the enterprises working on sites in scope
    (general contractors and subcontractors), with how many of those sites each works on."""
    rows = Blacklisting.objects.filter(
        organisation__enterprise__subcontracts__site__in=sites_in(user, filters).values("id"))
    if filters.end:
        rows = rows.filter(starts_on__lte=filters.end)
    if filters.start:
        rows = rows.filter(Q(until__isnull=True) | Q(until__gte=filters.start))
    rows = (rows.values("id", "organisation__enterprise__id", "organisation__enterprise__name",
                        "organisation__enterprise__credit_code", "reason", "starts_on", "until")
            .annotate(sites=Count("organisation__enterprise__subcontracts__site", distinct=True))
            .order_by("-starts_on", "-id"))
    return {"columns": [
        {"key": "enterprise", "label": str(_("Enterprise")), "type": "string"},
        {"key": "credit_code", "label": str(_("Unified social credit code")), "type": "string"},
        {"key": "reason", "label": str(_("Reason")), "type": "string"},
        {"key": "starts_on", "label": str(_("Blacklisted from")), "type": "string"},
        {"key": "until", "label": str(_("Blacklisted until")), "type": "string"},
        {"key": "sites", "label": str(_("Sites")), "type": "integer"},
    ], "sort": "starts_on", "rows": [
        {"enterprise": row["organisation__enterprise__name"], "credit_code": row["organisation__enterprise__credit_code"],
         "reason": row["reason"], "starts_on": row["starts_on"].isoformat(),
         "until": row["until"].isoformat() if row["until"] else "", "sites": row["sites"], "area": None,
         "href": reverse("worksites-enterprise", args=[row["organisation__enterprise__id"]])}
        for row in rows]}


DASHBOARDS = (
    Dashboard("construction", _("Construction workers and wages"), (
        DashboardPanel("tiles", _("Construction wages at a glance"), "kpi", tiles, width=12),
        DashboardPanel("unpaid_per_month", _("Unpaid worker-months by month worked"), "line", unpaid_per_month),
        DashboardPanel("open_wage_warnings", _("Open wage warnings by month"), "stacked_bar", open_wage_warnings),
        DashboardPanel("unpaid_map", _("Unpaid worker-months by district"), "choropleth", unpaid_map),
        DashboardPanel("unpaid_by_district", _("Districts by unpaid worker-months"), "bar", unpaid_by_district),
        DashboardPanel("blacklisted", _("Blacklisted enterprises"), "table", blacklisted, width=12),
    )),
)
