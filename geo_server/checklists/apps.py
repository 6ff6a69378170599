from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecklistsConfig(AppConfig):
    name = "geo_server.checklists"
    label = "checklists"
    verbose_name = _("Inspection checklists")
