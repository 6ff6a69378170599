"""The core's hazards dashboard: the supervision loop's hazards by state, kind and district, how many
are overdue, how long closing takes, and how many open and close each month.

Every panel reads `hazards_in(user, filters)`: hazards on the features the user may see (scope_features,
narrowed to the filter's area) raised within the filter's time range."""


from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from geo_server.dashboards.filters import features_in
from geo_server.dashboards.timespan import month_keys, within
from geo_server.db_router import read_connection
from geo_server.features.kinds import Kind
from geo_server.sector import Dashboard, DashboardFilter, DashboardPanel
from geo_server.supervision.models import Hazard, HazardEvent
from geo_server.supervision.states import CLOSED_STATES, State


def scoped_hazards(user, filters: DashboardFilter) -> QuerySet:
    """Hazards on the features the user may see in the filter's area, whenever raised."""
    features = features_in(user, filters).filter(pk=OuterRef("feature_id"))
    return Hazard.objects.filter(Exists(features))


def hazards_in(user, filters: DashboardFilter) -> QuerySet:
    """Hazards in scope raised within the filter's time range."""
    return within(scoped_hazards(user, filters), "created_at", filters)


def kind_label(kind: str) -> str:
    return str(Kind(kind).label) if kind in Kind.values else kind


def area_name(row: dict, prefix: str) -> str:
    english = (get_language() or "").startswith("en")
    return (english and row.get(f"{prefix}__name_en")) or row.get(f"{prefix}__name") or ""


def by_state(user, filters: DashboardFilter) -> dict:
    counts = dict(hazards_in(user, filters).values_list("state").annotate(n=Count("id")).order_by())
    return {"items": [{"key": value, "name": str(label), "value": counts[value]}
                      for value, label in State.choices if counts.get(value)]}


def by_kind(user, filters: DashboardFilter) -> dict:
    rows = hazards_in(user, filters).values_list("kind").annotate(n=Count("id")).order_by("-n", "kind")
    return {"categories": [kind_label(kind) for kind, _n in rows],
            "series": [{"key": "hazards", "name": str(_("Hazards")), "data": [n for _kind, n in rows]}]}


def district_counts(hazards: QuerySet) -> list[dict]:
    """Hazards per district: [{"code", "name", "value"}], most first."""
    rows = (hazards.filter(district__isnull=False).values("district__code", "district__name", "district__name_en")
            .annotate(n=Count("id")).order_by("-n", "district__code"))
    return [{"code": row["district__code"], "name": area_name(row, "district"), "value": row["n"]} for row in rows]


def by_district_map(user, filters: DashboardFilter) -> dict:
    return {"level": "district", "areas": district_counts(hazards_in(user, filters)), "unit": str(_("hazards"))}


def by_district_bar(user, filters: DashboardFilter) -> dict:
    areas = district_counts(hazards_in(user, filters))
    return {"categories": [a["name"] for a in areas], "category_areas": [a["code"] for a in areas],
            "series": [{"key": "hazards", "name": str(_("Hazards")), "data": [a["value"] for a in areas]}]}


def median_days_to_close(hazards: QuerySet) -> float | None:
    """The median days from raising to the first closing event, over the given hazards' closed ones."""
    sql, params = hazards.filter(state__in=CLOSED_STATES).values("id", "created_at").query.sql_with_params()
    with read_connection().cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM c.closed - h.created_at) / 86400)"
            f" FROM ({sql}) h(id, created_at) CROSS JOIN LATERAL (SELECT min(e.at) AS closed"
            f" FROM {HazardEvent._meta.db_table} e WHERE e.hazard_id = h.id AND e.to_state = ANY(%s)) c"
            " WHERE c.closed IS NOT NULL", [*params, list(CLOSED_STATES)])
        value = cursor.fetchone()[0]
    return round(float(value), 1) if value is not None else None


def figures(user, filters: DashboardFilter) -> dict:
    today = timezone.localdate()
    hazards = hazards_in(user, filters)
    counts = hazards.aggregate(
        open=Count("id", filter=~Q(state__in=CLOSED_STATES)),
        overdue=Count("id", filter=~Q(state__in=CLOSED_STATES) & Q(deadline__lt=today)))
    hazard_list = reverse("hazard-list-page")
    return {"tiles": [
        {"key": "open", "label": str(_("Open hazards")), "value": counts["open"], "unit": "", "href": hazard_list},
        {"key": "overdue", "label": str(_("Overdue hazards")), "value": counts["overdue"], "unit": "",
         "href": f"{hazard_list}?overdue=true"},
        {"key": "median_days_to_close", "label": str(_("Median days to close")),
         "value": median_days_to_close(hazards), "unit": str(_("days")), "href": None},
    ]}


def opened_closed(user, filters: DashboardFilter) -> dict:
    """Hazards raised per month, and hazards closed per month (their first closing event)."""
    opened = dict(hazards_in(user, filters).annotate(month=TruncMonth("created_at")).values_list("month")
                  .annotate(n=Count("id")).order_by())
    events = within(HazardEvent.objects.filter(
        to_state__in=CLOSED_STATES, hazard__in=scoped_hazards(user, filters).values("id")), "at", filters)
    closed = dict(events.annotate(month=TruncMonth("at")).values_list("month").annotate(
        n=Count("hazard_id", distinct=True)).order_by())
    opened = {m.strftime("%Y-%m"): n for m, n in opened.items()}
    closed = {m.strftime("%Y-%m"): n for m, n in closed.items()}
    months = month_keys(filters, set(opened) | set(closed))
    return {"categories": months, "thresholds": [], "bands": [], "series": [
        {"key": "opened", "name": str(_("Raised")), "data": [opened.get(m, 0) for m in months]},
        {"key": "closed", "name": str(_("Closed")), "data": [closed.get(m, 0) for m in months]}]}


HAZARDS = Dashboard("hazards", _("Hazards"), (
    DashboardPanel("figures", _("Open, overdue and time to close"), "kpi", figures, width=12),
    DashboardPanel("by_state", _("Hazards by state"), "pie", by_state, width=4),
    DashboardPanel("by_kind", _("Hazards by kind"), "bar", by_kind, width=4),
    DashboardPanel("by_district_map", _("Hazards by district (map)"), "choropleth", by_district_map, width=4),
    DashboardPanel("by_district", _("Hazards by district"), "bar", by_district_bar, width=6),
    DashboardPanel("opened_closed", _("Raised and closed per month"), "line", opened_closed, width=6),
))
