"""The hazard list in real Chromium: filter, table and map in step, and the CSV export of the filter."""

import csv
import io
from pathlib import Path

from django.conf import settings

from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard
from tests.browser.login import log_in
from tests.conftest import CANTON_TOWER, CONGHUA_CENTER, YUEXIU_PARK, point_feature

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def building(code, name, where, grade):
    feature = point_feature(code, *where, kind="building", name=name)
    BuildingDetail.objects.create(feature=feature, address="示例路", floors=6, structure="frame", use="residential",
                                  year_built=1995, floor_area_m2=3000, safety_grade=grade)
    return feature


def hazards():
    """Red at the Canton Tower and in Conghua (50 km apart), orange at Yuexiu Park."""
    features = [building("B-HZ", "广州塔危房", CANTON_TOWER, "D"), building("B-CH", "从化危房", CONGHUA_CENTER, "D"),
                building("B-YX", "越秀危房", YUEXIU_PARK, "C")]
    sweep("building")
    return [Hazard.objects.get(feature=f) for f in features]


def centre(page) -> tuple[float, float]:
    lat, lng = page.locator("#hazard-map").get_attribute("data-center").split(",")
    return float(lat), float(lng)


def test_it_keeps_table_and_map_in_step_and_exports_the_filter(page, problems, alice):
    canton, conghua, yuexiu = hazards()
    log_in(page, "alice", "alice-password", next_path="/hazards/")

    page.locator("select[name=level]").select_option("red")
    page.locator("form.hazard-filters button[type=submit]").click()
    page.wait_for_url("**/hazards/?*level=red*")
    rows = page.locator("table.hazard-list tbody tr[data-hazard]")
    assert sorted(rows.evaluate_all("rs => rs.map(r => Number(r.dataset.hazard))")) == sorted([canton.pk, conghua.pk])
    page.wait_for_selector("#hazard-map[data-markers='2']")
    assert page.locator("path.hazard-marker").count() == 2

    # A row: the map flies to its hazard and opens its popup.
    page.locator(f"tr[data-hazard='{conghua.pk}'] td:nth-child(3)").click()
    page.wait_for_function(f"""() => {{
        const [lat, lng] = document.getElementById('hazard-map').dataset.center.split(',').map(Number);
        return Math.abs(lat - {CONGHUA_CENTER[1]}) < 0.001 && Math.abs(lng - {CONGHUA_CENTER[0]}) < 0.001;
    }}""")
    assert centre(page) == (round(CONGHUA_CENTER[1], 5), round(CONGHUA_CENTER[0], 5))
    popup = page.locator(".leaflet-popup-content .popup")
    popup.wait_for()
    assert "从化危房" in popup.inner_text()
    assert popup.locator("a.open-hazard").get_attribute("href") == f"/hazards/{conghua.pk}/"
    assert "highlighted" in page.locator(f"tr[data-hazard='{conghua.pk}']").get_attribute("class")

    # A marker, on the page as it loads (both hazards in view): its row is highlighted and opens the hazard.
    page.reload()
    page.wait_for_selector("#hazard-map[data-markers='2']")
    page.locator(f"path.hazard-marker-{canton.pk}").click()
    page.wait_for_selector(f"tr[data-hazard='{canton.pk}'].highlighted")
    assert page.locator("tr.highlighted").count() == 1
    assert page.locator(".leaflet-popup-content a.open-hazard").get_attribute("href") == f"/hazards/{canton.pk}/"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "hazard_list.png")

    # The CSV export of the current filter.
    with page.expect_download() as download_info:
        page.locator("a.export-csv").click()
    download = download_info.value
    assert download.suggested_filename.startswith("hazards_") and download.suggested_filename.endswith(".csv")
    text = open(download.path(), encoding="utf-8-sig").read()
    exported = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["feature_name"] for r in exported) == sorted(["广州塔危房", "从化危房"])
    assert {r["risk"] for r in exported} == {"red"}
    assert problems.console_errors == []
    assert problems.foreign_requests == []
