from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "geo_server.sectors.funds"
    label = "funds"
    verbose_name = _("Housing provident fund")

    def ready(self):
        from geo_server.sector import register_sector
        from geo_server.sectors.funds.sector import build_sector

        register_sector(build_sector())
