from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BuildingsConfig(AppConfig):
    name = "geo_server.sectors.buildings"
    label = "buildings"
    verbose_name = _("Building safety")

    def ready(self):
        from geo_server.features.kinds import Kind, register_detail
        from geo_server.sectors.buildings import rules
        from geo_server.sectors.buildings.models import BuildingDetail
        from geo_server.supervision.rules import register_rule

        register_detail(Kind.BUILDING, BuildingDetail)
        for rule in rules.RULES:
            register_rule(rule)
