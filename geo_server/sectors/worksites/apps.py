from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorksitesConfig(AppConfig):
    name = "geo_server.sectors.worksites"
    label = "worksites"
    verbose_name = _("Construction workers and wages")

    def ready(self):
        from geo_server.sector import register_sector
        from geo_server.sectors.worksites.sector import build_sector

        register_sector(build_sector())
