from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BasinsConfig(AppConfig):
    name = "basins"
    verbose_name = _("River basins")

    def ready(self):
        from basins.jobs import RISK_MODEL
        from basins.sector import build_sector
        from geo_server.jobs.kinds import register_job_kind
        from geo_server.sector import register_sector

        register_sector(build_sector())
        register_job_kind(RISK_MODEL)
