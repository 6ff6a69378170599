"""Building-safety warning rules (DOMAIN.md §2), pure functions over a building's data."""

from datetime import date

from geo_server.features.kinds import Kind, RiskLevel
from geo_server.supervision.rules import Finding, Rule, add_years

# JGJ 125-2016 §6.1.4 grades; the mapping to colours is [D] (DOMAIN.md §2): C orange, D red.
_GRADE_LEVELS = {
    "C": (RiskLevel.ORANGE, "局部危房", "part of the building dangerous"),
    "D": (RiskLevel.RED, "整幢危房", "whole building dangerous"),
}


def dangerous_grade(row: dict, params: dict, today: date) -> Finding | None:
    """JGJ 125-2016 §6.1.4: grade C (局部危房) and D (整幢危房) enter the hazard list."""
    grade = row.get("safety_grade") or ""
    if grade not in _GRADE_LEVELS:
        return None
    level, zh, en = _GRADE_LEVELS[grade]
    return Finding(level, f"危险房屋鉴定等级 {grade}（{zh}）", f"Dangerous-building grade {grade} ({en})",
                   {"safety_grade": grade})


def curtain_wall_due(curtain_wall: str, completed: date, last: date | None, design_life: int) -> date:
    """The next inspection date under the municipal schedule of 建质〔2006〕291号 (DOMAIN.md §2):
    first 1 year after completion, then every 5 years; structural sealant from 10 years in use
    every 3; cable or rod supported every 3; beyond the design life every year. A stricter regime
    applies from its start, never before: one starting after the last inspection makes its start
    due if that comes before last + the interval in force at the last inspection."""
    if last is None or last < completed:  # an inspection before completion is no inspection of the wall
        return add_years(completed, 1)
    regimes = curtain_wall_regimes(curtain_wall, completed, design_life)
    due = add_years(last, min(interval for start, interval in regimes if start <= last))
    for start, _interval in regimes:
        if start > last:
            due = min(due, start)
    return due


def curtain_wall_regimes(curtain_wall: str, completed: date, design_life: int) -> list[tuple[date, int]]:
    """(start, interval in years) of every regime the wall comes under: the base 5 years from
    completion, and the stricter ones from their starts."""
    regimes = [(completed, 3 if curtain_wall == "point_supported" else 5)]
    if curtain_wall == "structural_sealant":
        regimes.append((add_years(completed, 10), 3))
    regimes.append((add_years(completed, design_life), 1))
    return regimes


def curtain_wall_inspection(row: dict, params: dict, today: date) -> Finding | None:
    """Overdue curtain-wall inspection -> orange; overdue by more than red_after_days -> red [D]."""
    curtain_wall = row.get("curtain_wall") or "none"
    if curtain_wall == "none" or not row.get("year_built"):
        return None
    # The stored schedule (the generated column, curtain_walls.py): the date the sub-layer, exports and
    # phone publish is the one judged here, never a second computation that could disagree.
    due = row.get("curtain_wall_next_due")
    last = row.get("last_curtain_wall_inspection")
    if due is None or today <= due:
        return None
    days = (today - due).days
    level = RiskLevel.RED if days > params["red_after_days"] else RiskLevel.ORANGE
    evidence = {"curtain_wall": curtain_wall, "year_built": row["year_built"],
                "last_inspection": last.isoformat() if last else None, "due": due.isoformat(), "days_overdue": days}
    return Finding(level, f"玻璃幕墙安全检查逾期 {days} 天（应于 {due.isoformat()} 前检查）",
                   f"Curtain-wall inspection overdue by {days} days (due {due.isoformat()})", evidence)


RULES = (
    # A dangerous building is closed on a photo and a re-appraisal that grades it A or B again.
    Rule("building.dangerous_grade", Kind.BUILDING, dangerous_grade, {},
         "危险房屋等级 C/D", "Dangerous-building grade C/D", evidence=("photo", "reappraisal")),
    # The red escalation after a year is a default [D]; the design life (25 years [D]) is the schedule's,
    # fixed in the generated column (curtain_walls.DESIGN_LIFE_YEARS), not a per-area parameter.
    Rule("building.curtain_wall_inspection", Kind.BUILDING, curtain_wall_inspection,
         {"red_after_days": 365}, "玻璃幕墙检查逾期", "Curtain-wall inspection overdue"),
)
