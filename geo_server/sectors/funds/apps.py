from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "geo_server.sectors.funds"
    label = "funds"
    verbose_name = _("Housing provident fund")

    def ready(self):
        from geo_server.features.kinds import Kind, register_detail
        from geo_server.sectors.funds import rules
        from geo_server.sectors.funds.models import FundCenterDetail
        from geo_server.supervision.rules import register_rule

        register_detail(Kind.FUND_CENTER, FundCenterDetail)
        for rule in rules.RULES:
            register_rule(rule)
