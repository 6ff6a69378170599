"""The map in real Chromium: it opens on the district officer's district, keeps its view and layers
in the URL across a reload, and its search box flies to a feature by code."""

from pathlib import Path

import pytest
from django.conf import settings

from geo_server.features.models import AdminArea
from tests.browser.login import log_in
from tests.conftest import TIANHE_SPORTS_CENTER, point_feature

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
HAZARDS = ".leaflet-control-layers-overlays label:has-text('隐患') input"


def view(page) -> dict:
    """The view map_view.js wrote into the URL and onto the map element."""
    page.wait_for_function("() => location.hash.startsWith('#map=') && document.getElementById('map').dataset.bounds")
    return page.evaluate("""() => {
        const params = new URLSearchParams(location.hash.slice(1));
        const [zoom, lat, lon] = params.get('map').split('/').map(Number);
        return {hash: location.hash, zoom, lat, lon, layers: params.get('layers').split(','),
                bounds: document.getElementById('map').dataset.bounds.split(',').map(Number)};
    }""")


def test_it_opens_on_the_district_officers_district(page, problems, bob):
    west, south, east, north = AdminArea.objects.get(code="440106").geom.extent
    log_in(page, "bob", "bob-password")

    shown = view(page)
    page.wait_for_selector("#map[data-loaded_district]")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "map_district_officer.png")

    view_west, view_south, view_east, view_north = shown["bounds"]
    assert view_west <= west and view_south <= south and view_east >= east and view_north >= north
    # Around the district, not the city: at most four district widths across.
    assert view_east - view_west < 4 * (east - west)
    assert view_north - view_south < 4 * (north - south)
    assert problems.console_errors == []
    assert problems.foreign_requests == []


def test_it_keeps_the_panned_view_and_the_layers_in_the_url_across_a_reload(page, problems, bob):
    log_in(page, "bob", "bob-password")
    opened = view(page)
    assert "hazards" not in opened["layers"] and "concrete_plant" in opened["layers"]

    page.mouse.move(640, 400)
    page.mouse.down()
    page.mouse.move(440, 300, steps=5)
    page.mouse.up()
    page.wait_for_function("hash => location.hash !== hash", arg=opened["hash"])
    page.locator(HAZARDS).check()
    page.wait_for_function("() => location.hash.includes('hazards')")
    panned = view(page)
    page.reload()
    restored = view(page)

    assert panned["lon"] > opened["lon"] and panned["lat"] < opened["lat"]  # dragged left and up: looking east, south
    assert restored["hash"] == panned["hash"]
    assert restored["bounds"] == pytest.approx(panned["bounds"])
    assert page.locator(HAZARDS).is_checked()
    assert problems.console_errors == []


def test_it_flies_to_a_feature_found_by_its_code(page, problems, bob):
    plant = point_feature("CP-TH-042", *TIANHE_SPORTS_CENTER, name="体育中心混凝土搅拌站")
    log_in(page, "bob", "bob-password")
    view(page)

    page.locator(".map-search-input").fill("cp-th-042")
    page.locator(".map-search-input").press("Enter")
    page.locator(".map-search-result").first.click()
    popup = page.locator(".leaflet-popup-content .search-popup")
    popup.wait_for()
    page.wait_for_function("() => location.hash.startsWith('#map=17/')")
    arrived = view(page)

    assert popup.locator("strong").inner_text() == "体育中心混凝土搅拌站"
    assert popup.locator("a.open-record").get_attribute("href") == f"/features/{plant.pk}/"
    assert arrived["lon"] == pytest.approx(TIANHE_SPORTS_CENTER[0], abs=1e-4)
    assert arrived["lat"] == pytest.approx(TIANHE_SPORTS_CENTER[1], abs=1e-4)
    popup.locator("a.open-record").click()
    page.wait_for_url(f"**/features/{plant.pk}/")
    assert problems.console_errors == []
    assert problems.foreign_requests == []
