from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorksitesConfig(AppConfig):
    name = "geo_server.sectors.worksites"
    label = "worksites"
    verbose_name = _("Construction workers and wages")

    def ready(self):
        from geo_server.features.kinds import Kind, register_detail
        from geo_server.sectors.worksites import rules
        from geo_server.sectors.worksites.models import ConstructionSiteDetail
        from geo_server.supervision.rules import register_rule

        register_detail(Kind.CONSTRUCTION_SITE, ConstructionSiteDetail)
        for rule in rules.RULES:
            register_rule(rule)
