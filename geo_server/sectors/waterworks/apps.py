from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WaterworksConfig(AppConfig):
    name = "geo_server.sectors.waterworks"
    label = "waterworks"
    verbose_name = _("Water engineering inspection")

    def ready(self):
        from geo_server.features.kinds import Kind, register_detail
        from geo_server.sectors.waterworks import rules
        from geo_server.sectors.waterworks.models import WaterProjectDetail
        from geo_server.supervision.rules import register_rule

        register_detail(Kind.WATER_PROJECT, WaterProjectDetail)
        for rule in rules.RULES:
            register_rule(rule)
