"""The wage sector's dashboard (Sector.dashboards; the dashboards core renders it): each panel's
`data(user, filters)` reads the sweep's open warnings on the sites the user may see, one aggregate
query."""

from django.db.models import Count
from django.db.models.functions import Right
from django.utils.translation import gettext_lazy as _

from geo_server.dashboards.filters import features_in
from geo_server.features.kinds import Kind
from geo_server.sector import Dashboard, DashboardFilter, DashboardPanel
from geo_server.supervision.models import Warning


def open_wage_warnings(user, filters: DashboardFilter) -> dict:
    """Open wage warnings by rule and by the month their subject names (worker:<id>:<YYYY-MM>,
    account:<YYYY-MM>, person:<hash>:<YYYY-MM>), as a stacked bar per month."""
    sites = features_in(user, filters).filter(kind=Kind.CONSTRUCTION_SITE).values("id")
    rows = (Warning.objects.filter(is_open=True, feature__in=sites, rule_code__startswith="wage.")
            .annotate(month=Right("subject", 7)).values("rule_code", "month").annotate(n=Count("id")))
    first = filters.start.strftime("%Y-%m") if filters.start else "0000-00"
    last = filters.end.strftime("%Y-%m") if filters.end else "9999-99"
    counts = {(row["rule_code"], row["month"]): row["n"] for row in rows if first <= row["month"] <= last}
    months = sorted({month for _rule, month in counts})
    rules = sorted({rule for rule, _month in counts})
    return {"categories": months, "category_months": months,
            "series": [{"key": rule, "name": rule, "data": [counts.get((rule, m), 0) for m in months]}
                       for rule in rules]}


DASHBOARDS = (
    Dashboard("construction", _("Construction workers and wages"), (
        DashboardPanel("open_wage_warnings", _("Open wage warnings by month"), "stacked_bar", open_wage_warnings,
                       width=12),
    )),
)
