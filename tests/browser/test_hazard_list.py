"""The hazard list in real Chromium: filter, table and map in step, and the CSV export of the filter."""

import csv
import io
from pathlib import Path

from django.conf import settings

from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard
from tests.browser.login import log_in
from tests.conftest import CANTON_TOWER, CONGHUA_CENTER, TIANHE_SPORTS_CENTER, YUEXIU_PARK, point_feature

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
    page.locator(f"tr[data-hazard='{conghua.pk}'] td:nth-child(4)").click()
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


def test_an_officer_ticks_three_hazards_and_dispatches_them_at_once(page, problems, bob, enterprise):
    """bob (Tianhe) ticks three of the four new hazards he sees, one by one, and dispatches them."""
    lon, lat = TIANHE_SPORTS_CENTER
    features = []
    for i in range(4):
        feature = point_feature(f"B-{i}", lon + i * 0.001, lat, kind="building", name=f"天河{i}号楼",
                                organisation=enterprise)
        BuildingDetail.objects.create(feature=feature, address="天河路", floors=6, structure="frame",
                                      use="residential", year_built=1995, floor_area_m2=3000, safety_grade="D")
        features.append(feature)
    sweep("building")
    hazards = [Hazard.objects.get(feature=f) for f in features]
    log_in(page, "bob", "bob-password", next_path="/hazards/")

    dispatch = page.locator("form#bulk button.bulk-dispatch")
    assert dispatch.is_disabled()
    # Select all on the page, then untick one: three remain.
    page.locator("input.select-page").check()
    assert page.locator(".selected-count").get_attribute("data-count") == "4"
    page.locator(f"tr[data-hazard='{hazards[3].pk}'] input[name=ids]").uncheck()
    assert page.locator(".selected-count").get_attribute("data-count") == "3"
    assert page.locator("input.select-page").evaluate("box => box.indeterminate")
    assert dispatch.is_enabled()
    # Ticking does not fly the map to the row.
    assert page.locator("tr.highlighted").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "hazard_list_bulk.png")

    dispatch.click()
    page.wait_for_selector("p.message.success")
    assert "3" in page.locator("p.message.success").inner_text()
    assert [Hazard.objects.get(pk=h.pk).state for h in hazards] == ["dispatched"] * 3 + ["new"]
    rows = {h.pk: page.locator(f"tr[data-hazard='{h.pk}'] td:nth-child(10)").inner_text() for h in hazards}
    assert rows == {**{h.pk: "已派发" for h in hazards[:3]}, hazards[3].pk: "新建"}
    assert problems.console_errors == []
