from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WaterworksConfig(AppConfig):
    name = "geo_server.sectors.waterworks"
    label = "waterworks"
    verbose_name = _("Water engineering inspection")

    def ready(self):
        from geo_server.sector import register_sector
        from geo_server.sectors.waterworks.sector import build_sector

        register_sector(build_sector())
