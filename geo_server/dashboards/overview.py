"""The overview a city or district officer opens first: their jurisdiction's figures from every
registered sector (features and open warnings per kind), the open and overdue hazards, and a map of
open hazards by district; each tile one click from its list or map."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from geo_server.dashboards.filters import features_in
from geo_server.dashboards.hazards import district_counts, kind_label, scoped_hazards
from geo_server.sector import Dashboard, DashboardFilter, DashboardPanel, sectors
from geo_server.supervision.models import Warning
from geo_server.supervision.states import CLOSED_STATES


def sector_figures(user, filters: DashboardFilter) -> dict:
    """Per registered sector's kind: features in scope and their open warnings (two queries)."""
    kinds = [sector.kind for sector in sectors()]
    features = features_in(user, filters).filter(kind__in=kinds)
    feature_counts = dict(features.values_list("kind").annotate(n=Count("id")).order_by())
    warning_counts = dict(Warning.objects.filter(is_open=True, feature__in=features.values("id"))
                          .values_list("feature__kind").annotate(n=Count("id")).order_by())
    hazard_list, map_page = reverse("hazard-list-page"), reverse("map")
    tiles = []
    for kind in kinds:
        label = kind_label(kind)
        tiles.append({"key": f"{kind}.features", "label": label, "value": feature_counts.get(kind, 0), "unit": "",
                      "href": map_page})
        tiles.append({"key": f"{kind}.warnings", "label": _g("%(kind)s: open warnings") % {"kind": label},
                      "value": warning_counts.get(kind, 0), "unit": "",
                      "href": f"{hazard_list}?{urlencode({'kind': kind})}"})
    return {"tiles": tiles}


def hazard_figures(user, filters: DashboardFilter) -> dict:
    """Open and overdue hazards in scope now (whenever raised: the officer's standing workload)."""
    counts = scoped_hazards(user, filters).exclude(state__in=CLOSED_STATES).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(deadline__lt=timezone.localdate())))
    hazard_list = reverse("hazard-list-page")
    return {"tiles": [
        {"key": "open_hazards", "label": _g("Open hazards"), "value": counts["open"], "unit": "", "href": hazard_list},
        {"key": "overdue_hazards", "label": _g("Overdue hazards"), "value": counts["overdue"], "unit": "",
         "href": f"{hazard_list}?overdue=true"},
    ]}


def open_hazards_map(user, filters: DashboardFilter) -> dict:
    open_ = scoped_hazards(user, filters).exclude(state__in=CLOSED_STATES)
    return {"level": "district", "areas": district_counts(open_), "unit": _g("open hazards")}


OVERVIEW = Dashboard("overview", _("Overview"), (
    DashboardPanel("hazards", _("Hazards now"), "kpi", hazard_figures, width=12),
    DashboardPanel("sectors", _("Features and open warnings by sector"), "kpi", sector_figures, width=12),
    DashboardPanel("open_hazards_map", _("Open hazards by district"), "choropleth", open_hazards_map, width=12),
))
