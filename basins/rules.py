"""The river-reach warning rule: it reads the relapse-risk level the basin model writes to
Feature.risk_level (basins/risk_runs.py), so a model run feeds the hazard list."""

from datetime import date

from geo_server.features.kinds import Kind, RiskLevel
from geo_server.supervision.rules import Finding, Rule


def reach_relapse_risk(row: dict, params: dict, today: date) -> Finding | None:
    """A reach whose relapse risk (返黑返臭预警) is at least min_level [D: orange] warns at that colour."""
    level = row.get("risk_level") or 0
    if level < RiskLevel.from_name(params["min_level"]):
        return None
    colour = RiskLevel(level)
    return Finding(colour, f"返黑返臭风险 {colour.name.lower()}", f"Relapse risk {colour.name.lower()}",
                   {"risk_level": int(level)})


RULES = (
    Rule("reach.relapse_risk", Kind.RIVER_REACH, reach_relapse_risk, {"min_level": "orange"},
         "返黑返臭风险", "Relapse risk"),
)
