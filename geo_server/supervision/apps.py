from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "geo_server.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from geo_server.features.kinds import Kind, register_record_section
        from geo_server.supervision import feature_rules
        from geo_server.supervision.records import hazard_section
        from geo_server.supervision.rules import register_rule

        for rule in feature_rules.RULES:
            register_rule(rule)
        for kind in Kind.values:
            register_record_section(kind, "supervision/_hazards.html", hazard_section)
