from django.contrib import admin

from geo_server.features.admin import DetailAdmin
from geo_server.sectors.concrete.models import ConcretePlantDetail


@admin.register(ConcretePlantDetail)
class ConcretePlantDetailAdmin(DetailAdmin):
    list_display = ("feature", "enterprise", "licence_no", "annual_capacity_m3", "mixer_count")
    search_fields = DetailAdmin.search_fields + ("enterprise", "licence_no")
