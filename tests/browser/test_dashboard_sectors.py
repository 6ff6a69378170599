"""The sector dashboards in real Chromium, as a Guangzhou city user, on tests/dashboard_worlds.py:
every panel of rivers, buildings and construction loads and every chart draws; a click on Tianhe's
bar of unpaid worker-months filters the construction dashboard to Tianhe."""

from pathlib import Path

from django.conf import settings

from geo_server.accounts.models import Organisation
from tests.browser.charts import click_chart
from tests.browser.login import log_in
from tests.browser.test_dashboards import ALL_READY, CANVASES_DRAWN
from tests.conftest import area, make_user
from tests.dashboard_worlds import build_buildings, build_rivers, build_sites
from tests.loop import city_bureau

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
RANGE = "?start=2026-01&end=2026-12"


def tile(page, panel: str, key: str) -> str:
    return page.locator(f".dashboard-panel[data-panel={panel}] .kpi-tile[data-key={key}] .value").inner_text()


def test_a_city_user_sees_every_sector_chart_drawn_and_filters_by_a_bar(page, problems):
    build_rivers(Organisation.objects.create(name="天河区住房和建设局", type="district_office",
                                             jurisdiction=area("440106")))
    build_buildings()
    build_sites()
    make_user("carol", city_bureau(), "supervisor")
    log_in(page, "carol", "carol-password", next_path="/dashboards/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for dashboard in ("rivers", "buildings", "construction"):
        page.goto(f"/dashboards/{dashboard}/{RANGE}")
        page.wait_for_function(ALL_READY, arg=6)
        page.wait_for_function(CANVASES_DRAWN)
        page.screenshot(path=str(SCREENSHOTS / f"dashboard_{dashboard}.png"), full_page=True)
    assert tile(page, "tiles", "sites") == "2"

    # Tianhe's bar (the first: most unpaid worker-months) at half its height of 2.
    click_chart(page, ".dashboard-panel[data-panel=unpaid_by_district] .chart", "{seriesIndex: 0}, [0, 1]")
    page.wait_for_url("**/dashboards/construction/?*area=440106*")
    page.wait_for_function("""() => document.querySelector(
        '.dashboard-panel[data-panel=tiles] .kpi-tile[data-key=sites] .value').textContent === '1'""")
    page.wait_for_function(ALL_READY, arg=6)
    assert tile(page, "tiles", "unpaid") == "2"
    assert problems.console_errors == []
    assert problems.foreign_requests == []
