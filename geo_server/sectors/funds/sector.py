"""The housing provident fund sector's declaration: what it hands the core in one register_sector call."""

from django.utils.translation import gettext_lazy as _

from geo_server.features.kinds import Kind
from geo_server.sector import FEATURE_ORGANISATION, LayerSpec, NavPage, PublishedField, Sector
from geo_server.sectors.funds.dashboard import DASHBOARDS
from geo_server.sectors.funds.models import (CenterThresholds, Collateral, ForecastRun, FundCenterDetail,
                                            LargeTransaction, MonthlyReturn)
from geo_server.sectors.funds.records import CENTER_SECTION
from geo_server.sectors.funds.rules import RULES


def build_sector() -> Sector:
    from geo_server.sectors.funds.demo import load_fund_centers

    return Sector(
        kind=Kind.FUND_CENTER, app_label="funds", title=_("Housing provident fund"), detail=FundCenterDetail,
        children=(MonthlyReturn, CenterThresholds, LargeTransaction, Collateral, ForecastRun),
        rules=RULES,
        layer=LayerSpec("住房公积金中心", "Housing fund centers", "MultiPolygon", "#00838f", max_zoom=10,
                        detail_zoom=0, grid_zoom=0),
        layer_fields=(
            PublishedField("deposit_balance_wan", "fund_center_detail__deposit_balance_wan", "number",
                           "缴存余额（万元）", "Deposit balance (10k yuan)"),
            PublishedField("loan_balance_wan", "fund_center_detail__loan_balance_wan", "number",
                           "个贷余额（万元）", "Personal loan balance (10k yuan)"),
            PublishedField("loan_ratio_line", "fund_center_detail__loan_ratio_line", "number",
                           "个贷率预警线", "Loan ratio warning line", popup=True),
            PublishedField("depositors", "fund_center_detail__depositors", "integer", "缴存人数", "Depositors",
                           minimum=0),
        ),
        record_sections=(CENTER_SECTION,),
        pages=(NavPage("funds-returns-page", _("Monthly returns")),),
        dashboards=DASHBOARDS,
        demo=load_fund_centers,
        # A center answers for its own hazards: the feature's organisation is the center itself.
        responsible_party=FEATURE_ORGANISATION,
    )
