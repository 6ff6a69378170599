"""Housing-fund warning rules (DOMAIN.md §5), pure functions over a center's data."""

from datetime import date
from decimal import Decimal

from geo_server.features.kinds import Kind, RiskLevel
from geo_server.supervision.rules import Finding, Rule


def loan_ratio(row: dict, params: dict, today: date) -> Finding | None:
    """个贷率 = personal loan balance / deposit balance [S], against the center's own line (85% by
    default, the seed: each center sets its own); over the line orange, over line + red_margin red [D]."""
    deposits = Decimal(row.get("deposit_balance_wan") or 0)
    if deposits <= 0:
        return None
    ratio = Decimal(row.get("loan_balance_wan") or 0) / deposits
    line = Decimal(row.get("loan_ratio_line") or params["default_line"])
    if ratio <= line:
        return None
    red_margin = Decimal(str(params["red_margin"]))
    level = RiskLevel.RED if ratio > line + red_margin else RiskLevel.ORANGE
    shown = f"{ratio * 100:.1f}%"
    return Finding(level, f"个贷率 {shown} 超过预警线 {line * 100:.1f}%",
                   f"Loan ratio {shown} over the warning line {line * 100:.1f}%",
                   {"loan_ratio": float(round(ratio, 4)), "line": float(line), "red_above": float(line + red_margin)})


RULES = (
    Rule("fund.loan_ratio", Kind.FUND_CENTER, loan_ratio, {"default_line": "0.85", "red_margin": "0.10"},
         "个贷率超预警线", "Loan ratio over the warning line"),
)
