from django.contrib import admin

from layers.models import RasterLayer


@admin.register(RasterLayer)
class RasterLayerAdmin(admin.ModelAdmin):
    list_display = ("slug", "title_zh", "title_en", "units", "synthetic", "ramp", "value_min", "value_max")
    list_filter = ("synthetic",)
