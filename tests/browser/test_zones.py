"""Drawing a patrol zone in real Chromium with leaflet.draw: saved when valid, refused on the page when not."""

from geo_server.patrols.models import PatrolZone
from tests.browser.login import log_in

SQUARE = [(23.133, 113.320), (23.133, 113.330), (23.143, 113.330), (23.143, 113.320)]
BOW_TIE = [(23.133, 113.320), (23.143, 113.330), (23.133, 113.330), (23.143, 113.320)]


def draw(page, corners):
    page.wait_for_function("() => window.zoneMap !== undefined")
    page.evaluate("window.zoneMap.setView([23.138, 113.325], 15, {animate: false})")
    box = page.locator("#zone-map").bounding_box()
    points = [page.evaluate("([lat, lng]) => { const p = window.zoneMap.latLngToContainerPoint([lat, lng]);"
                            " return [p.x, p.y]; }", list(corner)) for corner in corners]
    page.locator(".leaflet-draw-draw-polygon").click()
    for x, y in points + points[:1]:  # clicking the first vertex again closes the ring
        page.mouse.click(box["x"] + x, box["y"] + y)
        page.wait_for_timeout(150)


def test_it_saves_a_drawn_zone(page, problems, bob):
    log_in(page, "bob", "bob-password", "/zones/new")
    page.locator("input[name=name]").fill("体育中心片区")
    draw(page, SQUARE)
    page.locator("#zone-form button[type=submit]").click()
    page.wait_for_url("**/zones/*/")

    zone = PatrolZone.objects.get()
    assert zone.name == "体育中心片区" and abs(zone.geom.extent[0] - 113.320) < 0.0001
    assert page.locator("h1").inner_text() == "体育中心片区"
    assert problems.console_errors == [] and problems.foreign_requests == []


def test_it_shows_why_a_drawn_bow_tie_is_refused(page, problems, bob):
    log_in(page, "bob", "bob-password", "/zones/new")
    page.locator("input[name=name]").fill("bow tie")
    draw(page, BOW_TIE)
    page.locator("#zone-form button[type=submit]").click()

    assert page.locator("#zone-error").get_attribute("data-code") == "zone_self_intersecting"
    assert PatrolZone.objects.count() == 0
    assert problems.foreign_requests == []


def test_it_redraws_a_zone_by_dragging_a_corner(page, problems, bob):
    from geo_server.patrols.zones import create_zone
    from tests.test_zones import SQUARE as SQUARE_GEOJSON

    zone = create_zone(bob, "体育中心", SQUARE_GEOJSON)
    log_in(page, "bob", "bob-password", f"/zones/{zone.pk}/edit")
    page.wait_for_function("() => window.zoneMap !== undefined")
    page.evaluate("window.zoneMap.setView([23.138, 113.325], 15, {animate: false})")
    page.locator(".leaflet-draw-edit-edit").click()
    box = page.locator("#zone-map").bounding_box()
    # The north-east corner (23.143, 113.330) dragged east to 113.334.
    start, end = (page.evaluate("([lat, lng]) => { const p = window.zoneMap.latLngToContainerPoint([lat, lng]);"
                                " return [p.x, p.y]; }", corner) for corner in ([23.143, 113.330], [23.143, 113.334]))
    page.mouse.move(box["x"] + start[0], box["y"] + start[1])
    page.mouse.down()
    page.mouse.move(box["x"] + end[0], box["y"] + end[1], steps=8)
    page.mouse.up()
    page.locator(".leaflet-draw-actions a", has_text="保存").first.click()  # the page is Chinese: Leaflet.draw speaks it too
    page.locator("#zone-form button[type=submit]").click()
    page.wait_for_url(f"**/zones/{zone.pk}/")

    zone.refresh_from_db()
    assert zone.geom.extent[2] == __import__("pytest").approx(113.334, abs=0.0003)
    assert problems.console_errors == [] and problems.foreign_requests == []
