from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class LayersConfig(AppConfig):
    name = "layers"
    verbose_name = _("Map layers")

    def ready(self):
        from geo_server.basemaps import check_basemaps

        checks.register(check_basemaps)
