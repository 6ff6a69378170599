"""The export button in real Chromium: choose layer, format and district, get the file."""

import json

from tests.browser.login import log_in
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, point_feature


def test_it_downloads_a_district_export_from_the_map(page, problems, alice):
    point_feature("CP-TH", *TIANHE_SPORTS_CENTER, name="天河搅拌站")
    point_feature("CP-HZ", *CANTON_TOWER, name="海珠搅拌站")
    log_in(page, "alice", "alice-password")

    page.locator(".export-button").click()
    form = page.locator("form.export-form")
    form.locator("input[name=layer][value=building]").uncheck()
    form.locator("input[name=layer][value=concrete_plant]").check()
    form.locator("select[name=format]").select_option("geojson")
    page.wait_for_selector("select[name=area] option[value='district:440106']", state="attached")
    form.locator("select[name=area]").select_option("district:440106")
    with page.expect_download() as download_info:
        form.locator("button.export-download").click()
    download = download_info.value

    assert download.suggested_filename.startswith("concrete_plant_天河区_")
    document = json.loads(open(download.path(), encoding="utf-8").read())
    assert [f["properties"]["name"] for f in document["features"]] == ["天河搅拌站"]
    # The print link opens the print sheet of the district (issue #15) in a new tab.
    assert form.locator("a.export-print").get_attribute("href") == "/exports/printmap/sheet?area=440106"
    assert problems.console_errors == []
    assert problems.foreign_requests == []
