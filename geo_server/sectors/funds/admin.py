from django.contrib import admin

from geo_server.features.admin import DetailAdmin
from geo_server.sectors.funds.models import FundCenterDetail


@admin.register(FundCenterDetail)
class FundCenterDetailAdmin(DetailAdmin):
    list_display = ("feature", "city_adcode", "deposit_balance_wan", "loan_balance_wan", "loan_ratio_line",
                    "depositors")
    search_fields = DetailAdmin.search_fields + ("city_adcode",)
