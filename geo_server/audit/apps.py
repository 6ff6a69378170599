from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "geo_server.audit"
    label = "audit"
    verbose_name = _("Security audit")

    def ready(self):
        from geo_server.audit import receivers

        receivers.connect()
