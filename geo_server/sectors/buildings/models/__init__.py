"""The building-safety sector's models (DOMAIN.md §2), one module per concern; every row hangs off
the building feature."""

from geo_server.sectors.buildings.models.appraisals import AppraisalFinding, AppraisalReport
from geo_server.sectors.buildings.models.buildings import BuildingDetail
from geo_server.sectors.buildings.models.census import CensusRecord
from geo_server.sectors.buildings.models.curtain_walls import CurtainWallInspection
from geo_server.sectors.buildings.models.monitoring import MonitoringPoint, Reading

__all__ = ["AppraisalFinding", "AppraisalReport", "BuildingDetail", "CensusRecord", "CurtainWallInspection", "MonitoringPoint", "Reading"]
