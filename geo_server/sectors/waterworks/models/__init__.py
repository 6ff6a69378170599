from geo_server.sectors.waterworks.models.documents import SiteDocument
from geo_server.sectors.waterworks.models.projects import WaterProjectDetail

__all__ = ["SiteDocument", "WaterProjectDetail"]
