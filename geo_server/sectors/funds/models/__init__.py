"""The fund sector's models by concern: the center and its thresholds (centers.py), its monthly
returns with their restatements (returns.py), large transactions, collateral and the
stored forecasts (flows.py)."""

from geo_server.sectors.funds.models.centers import CenterThresholds, FundCenterDetail
from geo_server.sectors.funds.models.flows import Collateral, ForecastRun, LargeTransaction
from geo_server.sectors.funds.models.returns import FIGURES, MONEY_FIGURES, MonthlyReturn

__all__ = ["CenterThresholds", "Collateral", "FIGURES", "ForecastRun", "FundCenterDetail", "LargeTransaction",
           "MONEY_FIGURES", "MonthlyReturn"]
