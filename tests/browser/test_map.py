"""The map page in real Chromium: login, layers drawn from vector tiles, popups, the record page."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.gis.geos import LineString

from geo_server.features.kinds import Kind, RiskLevel
from geo_server.features.models import Feature
from tests.browser.login import log_in
from tests.conftest import CANTON_TOWER, CONGHUA_CENTER, YUEXIU_PARK, explain_colour, point_feature

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
GUANGZHOU_DISTRICTS = 11


@pytest.fixture
def plants():
    """Three concrete plants far enough apart (at the map's first zoom) never to overlap."""
    return [
        explain_colour(point_feature("CP-HZ-001", *CANTON_TOWER, name="广州塔混凝土搅拌站"), RiskLevel.RED),
        explain_colour(point_feature("CP-YX-001", *YUEXIU_PARK, name="越秀混凝土搅拌站"), RiskLevel.NONE),
        explain_colour(point_feature("CP-CH-001", *CONGHUA_CENTER, name="从化混凝土搅拌站"), RiskLevel.ORANGE),
    ]


@pytest.fixture
def reach():
    """A short reach in Baiyun, away from the plants so it never covers one."""
    line = LineString((113.25, 23.30), (113.30, 23.35), srid=4326)
    return explain_colour(Feature.objects.create(kind=Kind.RIVER_REACH, code="RR-BY-001", name="白云涌示范段",
                                                 geom=line), RiskLevel.YELLOW)


# Zoom 10 over the city: plants and reaches are at their detail zoom, all three plants in view.
CITY_VIEW = "/?lat=23.33&lng=113.42&z=10"


def click_drawn(page, layer: str, feature_id: int):
    """Click the middle of a drawn feature of the layer; the popup it opens."""
    x, y = page.evaluate("""([layer, id]) => {
        const box = document.querySelector('path.gs-' + layer + '.gs-feature-' + id).getBoundingClientRect();
        return [box.x + box.width / 2, box.y + box.height / 2];
    }""", [layer, feature_id])
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content .popup")
    popup.wait_for()
    return popup


def wait_for_layer(page, layer: str, count: int) -> None:
    """Wait until `count` distinct features of the layer are drawn (tiles repeat edge-crossing ones)."""
    page.wait_for_selector(f"#map[data-loaded_{layer}='{count}']")
    page.wait_for_function(f"""() => new Set(Array.from(document.querySelectorAll('path.gs-{layer}'))
        .map(p => p.getAttribute('class').match(/gs-feature-\\d+/)[0])).size === {count}""")


def click_feature(page, feature_id: int) -> None:
    """Click a feature where it shows: tiles keep copies of edge features in their hidden margins."""
    x, y = page.evaluate("""id => {
        for (const path of document.querySelectorAll('path.gs-feature-' + id)) {
            const box = path.getBoundingClientRect();
            const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
            if (document.elementFromPoint(x, y) === path) return [x, y];
        }
        throw new Error('feature ' + id + ' is not visible');
    }""", feature_id)
    page.mouse.click(x, y)


def test_it_sends_anonymous_visitors_to_the_login_page(page, problems):
    page.goto("/")

    assert urlsplit(page.url).path == "/accounts/login/"
    assert page.locator("main form input[name=password]").is_visible()
    assert problems.console_errors == []
    assert problems.foreign_requests == []


def test_it_draws_the_districts_without_a_basemap(page, problems, alice):
    if settings.GEO_SERVER["BASEMAP_URL"]:
        pytest.skip("a basemap is configured (GEO_SERVER_BASEMAP_URL)")
    log_in(page, "alice", "alice-password")

    wait_for_layer(page, "district", GUANGZHOU_DISTRICTS)

    assert page.locator("img.leaflet-tile").count() == 0
    assert problems.console_errors == []
    assert problems.foreign_requests == []


def test_it_opens_a_feature_record_from_its_popup(page, problems, alice, plants, reach):
    canton_plant = plants[0]
    log_in(page, "alice", "alice-password")
    page.goto(CITY_VIEW)

    wait_for_layer(page, "concrete_plant", 3)
    wait_for_layer(page, "river_reach", 1)
    wait_for_layer(page, "district", GUANGZHOU_DISTRICTS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "map.png")
    click_feature(page, canton_plant.pk)
    popup = page.locator(".leaflet-popup-content .popup")
    popup.wait_for()

    assert popup.locator("strong").inner_text() == "广州塔混凝土搅拌站"
    text = popup.inner_text()
    assert "预拌混凝土企业" in text
    assert "海珠区" in text
    assert "红色" in text

    popup.locator("a.open-record").click()
    page.wait_for_url(f"**/features/{canton_plant.pk}/")

    page.screenshot(path=SCREENSHOTS / "record.png")
    assert page.locator("article.record h1").inner_text() == "广州塔混凝土搅拌站"
    assert page.locator("dd.district").inner_text() == "海珠区"
    assert problems.console_errors == []
    assert problems.foreign_requests == []


def test_it_offers_hazards_in_the_layer_control_off_by_default_with_a_popup_to_the_hazard(page, problems, alice):
    from geo_server.sectors.buildings.models import BuildingDetail
    from geo_server.supervision.evaluation import sweep
    from geo_server.supervision.models import Hazard

    feature = point_feature("B-HZ-001", *CANTON_TOWER, kind="building", name="广州塔危房")
    BuildingDetail.objects.create(feature=feature, address="阅江西路", floors=6, structure="frame", use="residential",
                                  year_built=1990, floor_area_m2=3000, safety_grade="D")
    sweep("building")
    hazard = Hazard.objects.get(feature=feature)
    log_in(page, "alice", "alice-password")
    page.goto(CITY_VIEW)
    wait_for_layer(page, "district", GUANGZHOU_DISTRICTS)

    toggle = page.locator(".leaflet-control-layers-overlays label", has_text="隐患").locator("input")
    assert not toggle.is_checked()
    assert page.locator("path.gs-hazards").count() == 0
    toggle.check()
    wait_for_layer(page, "hazards", 1)
    popup = click_drawn(page, "hazards", hazard.pk)

    assert popup.locator("strong").inner_text() == "广州塔危房"
    text = popup.inner_text()
    assert "隐患" in text and "海珠区" in text and "红色" in text and "新建" in text
    assert hazard.message_zh in text and hazard.message_en not in text
    popup.locator("a.open-record").click()
    page.wait_for_url(f"**/hazards/{hazard.pk}/")
    assert problems.console_errors == []
    assert problems.foreign_requests == []


def test_it_offers_patrol_zones_on_the_map_with_a_popup_to_the_zone(page, problems, bob):
    from geo_server.patrols.zones import create_zone
    from tests.test_zones import SQUARE

    zone = create_zone(bob, "体育中心片区", SQUARE)
    log_in(page, "bob", "bob-password")
    page.goto(CITY_VIEW)
    wait_for_layer(page, "district", GUANGZHOU_DISTRICTS)
    toggle = page.locator(".leaflet-control-layers-overlays label", has_text="巡查片区").locator("input")
    assert not toggle.is_checked()
    toggle.check()
    wait_for_layer(page, "zone", 1)
    popup = click_drawn(page, "zone", zone.pk)
    assert popup.locator("strong").inner_text() == "体育中心片区"
    assert "天河区住房和建设局" in popup.inner_text()
    popup.locator("a.open-record").click()
    page.wait_for_url(f"**/zones/{zone.pk}/")
    assert problems.console_errors == [] and problems.foreign_requests == []
