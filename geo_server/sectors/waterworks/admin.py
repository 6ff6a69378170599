from django.contrib import admin

from geo_server.features.admin import DetailAdmin
from geo_server.sectors.waterworks.models import WaterProjectDetail


@admin.register(WaterProjectDetail)
class WaterProjectDetailAdmin(DetailAdmin):
    list_display = ("feature", "project_type", "stage", "owner_unit", "contractor", "budget_wan", "started_on")
    list_filter = ("project_type", "stage")
    autocomplete_fields = ("contractor_organisation",)
    search_fields = DetailAdmin.search_fields + ("owner_unit", "contractor")
