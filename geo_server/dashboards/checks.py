"""A system check over every registered dashboard: unique ids usable in URLs, known chart types."""

import re

from django.core.checks import Error

from geo_server.sector import CHARTS

_ID = re.compile(r"^[a-z0-9_]+$")
_SLUG = re.compile(r"^[a-z0-9_-]+$")


def dashboard_errors(dashboards) -> list[str]:
    """Problems with the declared dashboards, as sentences (pure: tested without a database)."""
    problems, seen = [], set()
    for dashboard in dashboards:
        if not _SLUG.match(dashboard.id):
            problems.append(f"dashboard id {dashboard.id!r} is not a URL slug")
        if dashboard.id in seen:
            problems.append(f"two dashboards have the id {dashboard.id!r}")
        seen.add(dashboard.id)
        panel_ids = [panel.id for panel in dashboard.panels]
        for panel in dashboard.panels:
            if not _ID.match(panel.id):
                problems.append(f"{dashboard.id}: panel id {panel.id!r} is not [a-z0-9_]+")
            if panel.chart not in CHARTS:
                problems.append(f"{dashboard.id}.{panel.id}: unknown chart {panel.chart!r}")
            if not 1 <= panel.width <= 12:
                problems.append(f"{dashboard.id}.{panel.id}: width {panel.width} is not 1..12")
        if len(set(panel_ids)) != len(panel_ids):
            problems.append(f"{dashboard.id}: two panels share an id")
    return problems


def check_dashboards(app_configs=None, **kwargs) -> list[Error]:
    from geo_server.dashboards.registry import all_dashboards

    return [Error(problem, id="dashboards.E001") for problem in dashboard_errors(all_dashboards())]
