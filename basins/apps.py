from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BasinsConfig(AppConfig):
    name = "basins"
    verbose_name = _("River basins")

    def ready(self):
        from basins import rules
        from basins.models import RiverReachDetail
        from basins.records import reach_section
        from geo_server.features.kinds import Kind, register_detail, register_record_section
        from geo_server.supervision.rules import register_rule

        register_detail(Kind.RIVER_REACH, RiverReachDetail)
        register_record_section(Kind.RIVER_REACH, "features/_river_reach.html", reach_section)
        for rule in rules.RULES:
            register_rule(rule)
