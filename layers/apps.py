from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class LayersConfig(AppConfig):
    name = "layers"
    verbose_name = _("Map layers")

    def ready(self):
        from geo_server.basemaps import check_basemaps
        from geo_server.jobs.kinds import register_job_kind
        from layers.jobs import DISTRICT_EXPORT

        register_job_kind(DISTRICT_EXPORT)
        checks.register(check_basemaps)
