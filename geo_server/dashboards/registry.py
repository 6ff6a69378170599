"""Which dashboards exist: the core's own, named here, then every registered sector's."""

from geo_server.dashboards.hazards import HAZARDS
from geo_server.dashboards.overview import OVERVIEW
from geo_server.errors import NotFound
from geo_server.sector import Dashboard, DashboardPanel, sectors

CORE_DASHBOARDS = (OVERVIEW, HAZARDS)


def all_dashboards() -> list[Dashboard]:
    return [*CORE_DASHBOARDS, *(dashboard for sector in sectors() for dashboard in sector.dashboards)]


def visible_dashboards(user) -> list[Dashboard]:
    """Every dashboard, for every user: each panel scopes its own rows."""
    return all_dashboards()


def get_dashboard(user, dashboard_id: str) -> Dashboard:
    for dashboard in visible_dashboards(user):
        if dashboard.id == dashboard_id:
            return dashboard
    raise NotFound(f"No dashboard {dashboard_id!r}.", code="unknown_dashboard")


def get_panel(dashboard: Dashboard, panel_id: str) -> DashboardPanel:
    for panel in dashboard.panels:
        if panel.id == panel_id:
            return panel
    raise NotFound(f"No panel {panel_id!r} on the dashboard {dashboard.id!r}.", code="unknown_panel")
