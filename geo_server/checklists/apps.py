from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecklistsConfig(AppConfig):
    name = "geo_server.checklists"
    label = "checklists"
    verbose_name = _("Inspection checklists")

    def ready(self):
        from geo_server.checklists.records import checklist_section
        from geo_server.features.kinds import Kind, register_record_section

        # Every kind: the section stays hidden for a kind with no checklist templates and no results.
        for kind in Kind.values:
            register_record_section(kind, "checklists/_results.html", checklist_section)
