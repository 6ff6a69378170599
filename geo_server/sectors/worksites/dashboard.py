"""The wage sector's dashboard panels (Sector.dashboard_panels; a later issue renders them): each
`data(user)` reads the sweep's open warnings on the sites the user may see, one aggregate query."""

from django.db.models import Count
from django.db.models.functions import Right
from django.utils.translation import gettext_lazy as _

from geo_server.features.kinds import Kind
from geo_server.features.scoping import scope_features
from geo_server.sector import DashboardPanel
from geo_server.supervision.models import Warning


def open_wage_warnings(user) -> dict:
    """Open wage warnings by rule and by the month their subject names (worker:<id>:<YYYY-MM>,
    account:<YYYY-MM>, person:<hash>:<YYYY-MM>): {"months": [...], "series": {rule: [count per month]}}."""
    sites = scope_features(user).filter(kind=Kind.CONSTRUCTION_SITE).values("id")
    rows = (Warning.objects.filter(is_open=True, feature__in=sites, rule_code__startswith="wage.")
            .annotate(month=Right("subject", 7)).values("rule_code", "month").annotate(n=Count("id")))
    counts = {(row["rule_code"], row["month"]): row["n"] for row in rows}
    months = sorted({month for _rule, month in counts})
    rules = sorted({rule for rule, _month in counts})
    return {"months": months, "series": {rule: [counts.get((rule, m), 0) for m in months] for rule in rules}}


PANELS = (
    DashboardPanel("open_wage_warnings", _("Open wage warnings by month"), "stacked_bar", open_wage_warnings),
)
