"""The center's summary and its own thresholds are kept by hand; returns, transactions and collateral
arrive through the API (api.py) and the returns page, and are not edited here."""

from django.contrib import admin

from geo_server.features.admin import DetailAdmin
from geo_server.sectors.funds.models import CenterThresholds, FundCenterDetail


@admin.register(FundCenterDetail)
class FundCenterDetailAdmin(DetailAdmin):
    list_display = ("feature", "city_adcode", "deposit_balance_wan", "loan_balance_wan", "loan_ratio_line",
                    "depositors")
    search_fields = DetailAdmin.search_fields + ("city_adcode",)


@admin.register(CenterThresholds)
class CenterThresholdsAdmin(admin.ModelAdmin):
    """A center's own lines, kept by hand; an empty field is the default (models.centers.THRESHOLD_DEFAULTS).
    A change takes effect at the next sweep or filing."""

    raw_id_fields = ("center",)
    list_select_related = ("center",)
    list_display = ("center", "loan_ratio_line", "overdue_rate_line", "negative_flow_months",
                    "liquidity_floor_months", "large_transaction_yuan", "updated_at")
    search_fields = ("center__code", "center__name")
