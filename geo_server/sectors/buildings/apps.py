from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BuildingsConfig(AppConfig):
    name = "geo_server.sectors.buildings"
    label = "buildings"
    verbose_name = _("Building safety")

    def ready(self):
        from geo_server.sector import register_sector
        from geo_server.sectors.buildings.sector import build_sector

        register_sector(build_sector())
