"""The fund dashboard in real Chromium over the fund demo (21 centers, 36 months): the province opens
it for 2026, every chart draws, clicking Shenzhen on the choropleth filters every panel to it and
its 个贷率 line shows its forecast band; screenshots in var/screenshots/."""

from geo_server.accounts.models import Organisation
from geo_server.demo.bulk import insert_features, rng_for
from geo_server.sectors.funds.demo import FUND_COLUMNS, fund_centers
from geo_server.sectors.funds.demo_returns import load_fund_history
from geo_server.sectors.funds.models import FundCenterDetail
from tests.browser.charts import click_chart
from tests.browser.login import log_in
from tests.browser.test_dashboards import ALL_READY, CANVASES_DRAWN, SCREENSHOTS, chart_option
from tests.conftest import area, make_user

FUTIAN = (114.0579, 22.5431)
PANELS = 7


def test_the_province_filters_the_fund_dashboard_to_shenzhen_from_the_map(page, problems):
    insert_features("fund_center", FundCenterDetail, FUND_COLUMNS, fund_centers(rng_for(7, "funds")))
    load_fund_history(7, lambda message: None)
    bureau = Organisation.objects.create(name="广东省住房和城乡建设厅", type="province_bureau", jurisdiction=area("440000"))
    make_user("province", bureau, "supervisor")
    log_in(page, "province", "province-password", next_path="/dashboards/funds/")
    page.goto("/dashboards/funds/?start=2026-01&end=2026-11")
    page.wait_for_function(ALL_READY, arg=PANELS)
    page.wait_for_function(CANVASES_DRAWN)
    assert page.locator(".dashboard-panel[data-panel=ranking] tbody tr").count() == 21
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard_funds_province.png"), full_page=True)

    click_chart(page, ".dashboard-panel[data-panel=loan_ratio_map] .chart", f"{{seriesIndex: 0}}, [{FUTIAN[0]}, {FUTIAN[1]}]")
    page.wait_for_url("**/dashboards/funds/?*area=440300*")
    page.wait_for_function(ALL_READY, arg=PANELS)
    page.wait_for_function("() => document.querySelectorAll('.dashboard-panel[data-panel=ranking] tbody tr')"
                           ".length === 1")
    assert chart_option(page, "loan_ratio", ".xAxis[0].data.length") == 11 + 6  # and the forecast's months
    page.wait_for_function(CANVASES_DRAWN)
    page.screenshot(path=str(SCREENSHOTS / "dashboard_funds_shenzhen.png"), full_page=True)
    assert problems.console_errors == []
    assert problems.foreign_requests == []
