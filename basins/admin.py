from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from basins.models import Basin, RiverReachDetail
from geo_server.features.admin import DetailAdmin


@admin.register(Basin)
class BasinAdmin(LeafletGeoAdmin):
    list_display = ("code", "name", "name_en", "synthetic")
    list_filter = ("synthetic",)
    search_fields = ("code", "name", "name_en")
    ordering = ("code",)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("geom")


@admin.register(RiverReachDetail)
class RiverReachDetailAdmin(DetailAdmin):
    list_display = ("feature", "river_name", "main_stem", "length_m", "width_m")
    list_filter = ("main_stem",)
    search_fields = DetailAdmin.search_fields + ("river_name", "river_name_en")
