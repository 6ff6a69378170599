from django.contrib import admin

from geo_server.features.admin import DetailAdmin
from geo_server.sectors.worksites.models import ConstructionSiteDetail


@admin.register(ConstructionSiteDetail)
class ConstructionSiteDetailAdmin(DetailAdmin):
    list_display = ("feature", "permit_no", "general_contractor", "started_on", "planned_completion",
                    "registered_workers")
    search_fields = DetailAdmin.search_fields + ("permit_no", "general_contractor")
