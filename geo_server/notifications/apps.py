from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "geo_server.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from geo_server.notifications import inbox, webhooks
        from geo_server.supervision.events import subscribe

        subscribe(inbox.on_events)
        subscribe(webhooks.on_events)
