"""Concrete-plant warning rules (DOMAIN.md §4), pure functions over a plant's data."""

from datetime import date

from geo_server.features.kinds import Kind, RiskLevel
from geo_server.supervision.rules import Finding, Rule


def unlicensed(row: dict, params: dict, today: date) -> Finding | None:
    """基础预警 [D]: a plant with capacity of at least min_capacity_m3 and no qualification
    certificate number on record: orange."""
    if (row.get("licence_no") or "").strip():
        return None
    capacity = row.get("annual_capacity_m3") or 0
    if capacity < params["min_capacity_m3"]:
        return None
    return Finding(RiskLevel.ORANGE, f"年产能 {capacity} m³ 但无资质证书编号",
                   f"Annual capacity {capacity} m³ without a qualification certificate number",
                   {"annual_capacity_m3": capacity, "licence_no": ""})


RULES = (
    Rule("concrete.unlicensed", Kind.CONCRETE_PLANT, unlicensed, {"min_capacity_m3": 0},
         "无资质生产", "Producing without a licence"),
)
