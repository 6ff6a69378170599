from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "geo_server.integrity"
    label = "integrity"
    verbose_name = _("Integrity score")

    def ready(self):
        from geo_server.integrity.recording import on_events
        from geo_server.supervision.events import subscribe

        subscribe(on_events)
