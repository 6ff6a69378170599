from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcreteConfig(AppConfig):
    name = "geo_server.sectors.concrete"
    label = "concrete"
    verbose_name = _("Ready-mixed concrete")

    def ready(self):
        from geo_server.sector import register_sector
        from geo_server.sectors.concrete.sector import build_sector

        register_sector(build_sector())
