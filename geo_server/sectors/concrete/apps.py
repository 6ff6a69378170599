from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcreteConfig(AppConfig):
    name = "geo_server.sectors.concrete"
    label = "concrete"
    verbose_name = _("Ready-mixed concrete")

    def ready(self):
        from geo_server.features.kinds import Kind, register_detail
        from geo_server.sectors.concrete import rules
        from geo_server.sectors.concrete.models import ConcretePlantDetail
        from geo_server.supervision.rules import register_rule

        register_detail(Kind.CONCRETE_PLANT, ConcretePlantDetail)
        for rule in rules.RULES:
            register_rule(rule)
