"""The hazards dashboard in real Chromium, as a Guangzhou city user: every chart draws, and clicking
Tianhe on the choropleth filters every panel to it (the URL keeps the filter)."""

from pathlib import Path

from django.conf import settings

from tests.browser.charts import click_chart
from tests.browser.login import log_in
from tests.conftest import TIANHE_SPORTS_CENTER, make_user
from tests.dashboards_world import make_world
from tests.loop import city_bureau

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
ALL_READY = """(n) => {
    const panels = [...document.querySelectorAll('.dashboard-panel')];
    return panels.length === n && panels.every(p => p.dataset.state === 'ready');
}"""
# Every canvas has drawn: more than a few hundred pixels neither transparent nor white.
CANVASES_DRAWN = """() => {
    const canvases = [...document.querySelectorAll('.dashboard-panel canvas')];
    return canvases.length > 0 && canvases.every(c => {
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let inked = 0;
        for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3] > 0 && !(data[i] > 250 && data[i + 1] > 250 && data[i + 2] > 250)) inked++;
        }
        return inked > 300;
    });
}"""


def open_tile_is(value: str) -> str:
    return ("() => document.querySelector("
            f"'.dashboard-panel[data-panel=figures] .kpi-tile[data-key=open] .value').textContent === '{value}'")


def tile(page, key: str) -> str:
    return page.locator(f".dashboard-panel[data-panel=figures] .kpi-tile[data-key={key}] .value").inner_text()


def chart_option(page, panel: str, path: str):
    return page.evaluate(f"""() => echarts.getInstanceByDom(
        document.querySelector('.dashboard-panel[data-panel={panel}] .chart')).getOption(){path}""")


def test_a_city_user_filters_every_panel_by_clicking_a_district(page, problems):
    make_world()
    make_user("carol", city_bureau(), "supervisor")
    log_in(page, "carol", "carol-password", next_path="/dashboards/hazards/")
    page.goto("/dashboards/hazards/?start=2026-01&end=2026-03")
    page.wait_for_function(ALL_READY, arg=6)
    page.wait_for_function(CANVASES_DRAWN)
    assert page.locator(".dashboard-panel canvas").count() >= 5  # pie, two bars, map, line
    assert tile(page, "open") == "3"  # T-1, T-3, H-1 (Shenzhen's is outside the city)
    assert chart_option(page, "by_district", ".xAxis[0].data.length") == 3

    # Tianhe on the choropleth: ECharts says where its point is drawn.
    click_chart(page, ".dashboard-panel[data-panel=by_district_map] .chart",
                f"{{seriesIndex: 0}}, [{TIANHE_SPORTS_CENTER[0]}, {TIANHE_SPORTS_CENTER[1]}]")
    page.wait_for_url("**/dashboards/hazards/?*area=440106*")
    page.wait_for_function(open_tile_is("2"))
    page.wait_for_function(ALL_READY, arg=6)
    assert chart_option(page, "by_district", ".xAxis[0].data") == ["天河区"]
    assert sum(item["value"] for item in chart_option(page, "by_state", ".series[0].data")) == 3
    assert page.locator("#dashboard-area").inner_text() == "天河区"
    assert "area=440106" in page.locator(".dashboard-panel[data-panel=by_state] a.csv").get_attribute("href")
    page.wait_for_function(CANVASES_DRAWN)
    # Each chart downloads as a PNG.
    with page.expect_download() as download:
        page.locator(".dashboard-panel[data-panel=by_state] button.png").click()
    assert download.value.suggested_filename == "hazards-by_state.png"
    assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard_hazards_tianhe.png"), full_page=True)
    # All areas again: the filter leaves the URL and the panels count the whole city.
    page.locator("#dashboard-area-clear").click()
    page.wait_for_function("() => !location.search.includes('area=')")
    page.wait_for_function(open_tile_is("3"))
    assert problems.console_errors == []
    assert problems.foreign_requests == []
