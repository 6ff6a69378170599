from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "geo_server.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from geo_server.features.kinds import register_every_kind_section
        from geo_server.jobs.kinds import register_job_kind
        from geo_server.supervision.jobs import RULE_SWEEP
        from geo_server.supervision import on_change
        from geo_server.supervision.records import hazard_section

        register_every_kind_section("supervision/_hazards.html", hazard_section)
        on_change.connect()
        register_job_kind(RULE_SWEEP)
