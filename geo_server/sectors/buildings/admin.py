from django.contrib import admin

from geo_server.features.admin import DetailAdmin
from geo_server.sectors.buildings.models import BuildingDetail


@admin.register(BuildingDetail)
class BuildingDetailAdmin(DetailAdmin):
    list_display = ("feature", "structure", "use", "floors", "year_built", "safety_grade", "curtain_wall")
    list_filter = ("safety_grade", "structure", "use", "curtain_wall", "historic")
    autocomplete_fields = ("manager_organisation",)
    search_fields = DetailAdmin.search_fields + ("address",)
