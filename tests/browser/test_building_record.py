"""Buildings in real Chromium: a district officer opens a grade-D building from the dangerous
sub-layer's items (OGC API) and sees its appraisal history and the tilt chart, whose fitted trend reaches the
dashed limit line within 90 days."""

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from geo_server.sectors.buildings.models import AppraisalReport, MonitoringPoint, Reading
from geo_server.sectors.buildings.readings import refresh_trends
from tests.browser.login import log_in
from tests.building_world import building
from geo_server.accounts.models import Organisation
from tests.conftest import area, make_user

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def report(feature, grade, on, state="published"):
    AppraisalReport.objects.create(building=feature, agency="广州市房屋安全鉴定所", appraisers="张工", grade=grade,
                                   appraised_on=on, handling="stop" if grade == "D" else "observe",
                                   pdf="appraisals/x.pdf", state=state)


def test_an_officer_sees_a_dangerous_buildings_history_and_tilt_trend(page, problems):
    office = Organisation.objects.create(name="天河区住房和建设局", type="district_office", jurisdiction=area("440106"))
    make_user("bob", office, "district_officer")
    feature = building("TH-D", grade="D")
    report(feature, "C", date(2024, 4, 1))
    report(feature, "D", date(2026, 3, 1))
    point = MonitoringPoint.objects.create(building=feature, code="T1", quantity="tilt", unit="‰", limit=4.0)
    end = datetime.now(timezone.utc) - timedelta(days=1)
    Reading.objects.bulk_create(Reading(point=point, at=end - timedelta(weeks=w), value=3.4 - 0.056 * w)
                                for w in range(20))  # 0.008‰ a day: 4‰ in 75 days
    refresh_trends([point.pk])

    log_in(page, "bob", "bob-password", "/hazards/")
    items = page.request.get("/ogc/collections/building_dangerous/items").json()["features"]
    assert [f["properties"]["code"] for f in items] == ["TH-D"]
    page.goto(f"/features/{items[0]['id']}/")
    history = page.locator("table.appraisal-history tbody tr")
    assert history.count() == 2
    assert history.first.get_attribute("data-grade") == "D" and "in-force" in history.first.get_attribute("class")
    chart = page.locator("#monitoring-charts .monitoring-chart[data-point='T1'] canvas")
    chart.wait_for()
    option = page.evaluate("""() => {
        const node = document.querySelector("#monitoring-charts .monitoring-chart[data-point='T1']");
        const option = window.echarts.getInstanceByDom(node).getOption();
        return {limit: option.series[0].markLine.data[0].yAxis, trend: option.series[1].data,
                readings: option.series[0].data.length};
    }""")
    assert option["limit"] == 4.0 and option["readings"] == 20
    (start_ms, _first), (end_ms, last) = option["trend"]
    assert abs(last - 4.0) < 1e-6  # the trend is drawn to where it meets the limit
    assert 0 < (end_ms / 1000 - end.timestamp()) / 86_400 <= 90
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#appraisals").screenshot(path=str(SCREENSHOTS / "building_record.png"))
    assert problems.console_errors == [] and problems.foreign_requests == []
