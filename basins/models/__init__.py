"""Every basins model, one module per concern; imported here so Django finds them."""

from basins.models.basins import Basin, RiverReachDetail
from basins.models.monitoring import MonitoringPoint, WaterSample
from basins.models.patrols import PatrolRequirement, ReachChief
from basins.models.risk import RiskAssessment, RiskModelRun
from basins.models.sources import PollutionSource, Rainfall
from basins.models.truth import RelapseTruth

__all__ = [
    "Basin", "RiverReachDetail", "MonitoringPoint", "WaterSample", "PatrolRequirement", "ReachChief",
    "PollutionSource", "Rainfall", "RelapseTruth", "RiskAssessment", "RiskModelRun",
]
