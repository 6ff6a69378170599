from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BasinsConfig(AppConfig):
    name = "basins"
    verbose_name = _("River basins")

    def ready(self):
        from basins.sector import build_sector
        from geo_server.sector import register_sector

        register_sector(build_sector())
