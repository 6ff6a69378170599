"""Every chart type of the dashboard contract drawn in real Chromium from a plugged-in sector's
dashboard (fixed chart dicts, as a sector's panels would answer): rankings sort and filter by their
row's area, a bar naming a month drills down to it, forecast bands and thresholds draw, and a typed
name stays text."""

from pathlib import Path

import pytest

from geo_server.sector import Dashboard, DashboardPanel, Sector, register_sector, unregister_sector
from tests.browser.charts import click_chart
from tests.browser.login import log_in
from tests.browser.test_dashboards import CANVASES_DRAWN, SCREENSHOTS, chart_option

ALL_READY = "() => [...document.querySelectorAll('.dashboard-panel')].every(p => p.dataset.state === 'ready')"
TYPED = '<img src=x onerror="window.pwned=1">'
MONTHS = ["2026-01", "2026-02", "2026-03"]
CHARTS = {
    "kpi": {"tiles": [{"key": "centers", "label": "中心", "value": 21, "unit": "个", "href": "/hazards/"},
                      {"key": "none", "label": TYPED, "value": None, "unit": ""}]},
    "ranking": {"columns": [{"key": "name", "label": "中心", "type": "string"},
                            {"key": "ratio", "label": "个贷率", "type": "percent"},
                            {"key": "loans", "label": "贷款", "type": "integer"}],
                "rows": [{"name": "广州", "ratio": 0.81, "loans": 10, "area": "440100", "href": None},
                         {"name": TYPED, "ratio": 0.92, "loans": 5, "area": None, "href": None},
                         {"name": "深圳", "ratio": 0.75, "loans": 30, "area": "440300", "href": "/hazards/"}],
                "sort": "ratio"},
    "table": {"columns": [{"key": "id", "label": "编号", "type": "string"},
                          {"key": "amount", "label": "金额", "type": "number"}],
              "rows": [{"id": "T-2", "amount": 1500000.5}, {"id": "T-1", "amount": 2.25}], "sort": "amount"},
    "pie": {"items": [{"key": "buy", "name": "购房", "value": 60}, {"key": "rent", "name": "租房", "value": 40}]},
    "stacked_bar": {"categories": MONTHS, "category_months": MONTHS,
                    "series": [{"key": "in", "name": "缴存", "data": [5, 6, 7]},
                               {"key": "out", "name": "提取", "data": [3, 2, 4]}]},
    "line": {"categories": MONTHS + ["2026-04", "2026-05"],
             "series": [{"key": "ratio", "name": "个贷率", "data": [0.8, 0.82, 0.85, None, None]},
                        {"key": "forecast", "name": "预测", "data": [None, None, 0.85, 0.87, 0.9]}],
             "thresholds": [{"name": "警戒线", "value": 0.88}],
             "bands": [{"name": "80% 区间", "lower": [None, None, 0.85, 0.84, 0.85],
                        "upper": [None, None, 0.85, 0.9, 0.95]}]},
    "choropleth": {"level": "city", "areas": [{"code": "440100", "name": "广州市", "value": 12},
                                              {"code": "440300", "name": "深圳市", "value": 30}], "unit": "亿元"},
}


def constant(data):
    return lambda user, filters: data


GALLERY = Sector(kind="gallery", app_label="gallery", dashboards=(Dashboard("gallery", "Gallery", tuple(
    DashboardPanel(chart, chart, chart, constant(data), width=6) for chart, data in CHARTS.items())),))


@pytest.fixture
def gallery():
    register_sector(GALLERY)
    yield
    unregister_sector(GALLERY.kind)


def test_every_chart_type_draws_and_links(page, problems, gallery, alice):
    log_in(page, "alice", "alice-password", next_path="/dashboards/gallery/")
    page.wait_for_function(ALL_READY)
    page.wait_for_function(CANVASES_DRAWN)
    assert page.locator(".dashboard-panel canvas").count() >= 4  # pie, stacked bar, line, map
    assert page.locator(".dashboard-panel[data-panel=kpi] .kpi-tile").all_inner_texts() == [
        "21 个\n中心", f"—\n{TYPED}"]
    ranking = page.locator(".dashboard-panel[data-panel=ranking] tbody tr td:first-child")
    assert ranking.all_inner_texts() == [TYPED, "广州", "深圳"]  # by 个贷率, highest first
    assert page.locator(".dashboard-panel[data-panel=ranking] tbody tr:first-child td").all_inner_texts() == [
        TYPED, "92.0%", "5"]
    page.locator(".dashboard-panel[data-panel=ranking] th[data-key=loans]").click()
    assert ranking.all_inner_texts() == ["深圳", "广州", TYPED]
    assert page.locator(".dashboard-panel[data-panel=table] tbody td:first-child").all_inner_texts() == ["T-2", "T-1"]
    assert page.locator("img").count() == 0 and page.evaluate("() => window.pwned") is None
    series = chart_option(page, "line", ".series.map(s => s.name)")
    assert series == ["个贷率", "预测", "80% 区间", "80% 区间"]
    assert chart_option(page, "line", ".series[0].markLine.data[0].yAxis") == 0.88

    # A bar naming a month drills down to it.
    click_chart(page, ".dashboard-panel[data-panel=stacked_bar] .chart", "{gridIndex: 0}, ['2026-02', 1]")
    page.wait_for_url("**/dashboards/gallery/?*start=2026-02&end=2026-02*")
    page.wait_for_function(ALL_READY)

    # A ranking row with an area filters to it.
    page.locator(".dashboard-panel[data-panel=ranking] tbody tr[data-area='440300'] td:nth-child(2)").click()
    page.wait_for_url("**/dashboards/gallery/?*area=440300*")
    page.wait_for_function("() => document.getElementById('dashboard-area').textContent === '深圳'")
    page.wait_for_function(ALL_READY)
    page.wait_for_function(CANVASES_DRAWN)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(SCREENSHOTS) / "dashboard_gallery.png"), full_page=True)
    assert problems.console_errors == []
    assert problems.foreign_requests == []
