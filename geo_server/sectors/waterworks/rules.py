"""Water-project warning rules (DOMAIN.md §6), pure functions over a project's data."""

from datetime import date

from geo_server.features.kinds import Kind, RiskLevel
from geo_server.sectors.waterworks.models import WaterProjectDetail
from geo_server.supervision.rules import Finding, Rule, add_years, choice_label


def overrun(row: dict, params: dict, today: date) -> Finding | None:
    """Started more than max_years ago [D] and not yet at completion acceptance: yellow."""
    started = row.get("started_on")
    if started is None or row.get("stage") == "completion":
        return None
    limit = add_years(started, params["max_years"])
    if today <= limit:
        return None
    stage = WaterProjectDetail.Stage
    return Finding(RiskLevel.YELLOW,
                   f"开工超过 {params['max_years']} 年仍未竣工验收（当前阶段：{choice_label(stage, row.get('stage'), 'zh')}）",
                   f"Started over {params['max_years']} years ago and not at completion "
                   f"(stage: {choice_label(stage, row.get('stage'), 'en')})",
                   {"started_on": started.isoformat(), "stage": row.get("stage"), "limit": limit.isoformat()})


RULES = (
    Rule("water.overrun", Kind.WATER_PROJECT, overrun, {"max_years": 2}, "工程超期", "Project overrun"),
)
