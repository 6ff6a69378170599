from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "geo_server.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from geo_server.features.kinds import Kind, register_record_section
        from geo_server.supervision import on_change
        from geo_server.supervision.records import hazard_section

        for kind in Kind.values:
            register_record_section(kind, "supervision/_hazards.html", hazard_section)
        on_change.connect()
