"""Construction-site warning rules (DOMAIN.md §3), pure functions over a site's data."""

from datetime import date

from geo_server.features.kinds import Kind, RiskLevel
from geo_server.supervision.rules import Finding, Rule


def past_planned_completion(row: dict, params: dict, today: date) -> Finding | None:
    """Still under construction after the planned completion date [D]: yellow, orange after
    orange_after_days [D]. Long overruns are where wage arrears gather (seed)."""
    planned = row.get("planned_completion")
    if planned is None or row.get("status") != "under_construction" or today <= planned:
        return None
    days = (today - planned).days
    level = RiskLevel.ORANGE if days > params["orange_after_days"] else RiskLevel.YELLOW
    return Finding(level, f"超过计划竣工日期 {days} 天仍在施工", f"Still under construction {days} days after planned completion",
                   {"planned_completion": planned.isoformat(), "days_late": days})


RULES = (
    Rule("site.past_planned_completion", Kind.CONSTRUCTION_SITE, past_planned_completion, {"orange_after_days": 180},
         "超期未竣工", "Past planned completion"),
)
