"""Stored XSS in real Chromium: a feature, a hazard message, a transition's reason and a patrol zone
named with script payloads show as literal text on every page that shows them, and none runs."""

import json

import pytest
from django.test import Client

from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard
from tests.browser.login import log_in
from tests.browser.test_csp import PRINT_MAP, show_inline
from tests.browser.test_map import CITY_VIEW, GUANGZHOU_DISTRICTS, click_drawn, wait_for_layer
from tests.test_hazards import building
from tests.test_zones import SQUARE

IMG = "<img src=x onerror=window.__xss=1>"
SCRIPT = "<script>window.__xss=1</script>"
SVG = '"><svg onload=window.__xss=1>'
# In Tianhe, outside the zone's square, so the zone and the hazard can each be clicked on the map.
WHERE = (113.36, 23.13)


@pytest.fixture
def hazard(tianhe_office, enterprise, bob, erin):
    feature = building("B-1", where=WHERE, organisation=enterprise)
    feature.name = IMG
    feature.save()
    sweep("building")
    Hazard.objects.filter(feature=feature).update(message_zh=SCRIPT, message_en=SCRIPT)
    hazard = Hazard.objects.get(feature=feature)
    # Dispatched with a reason: the enterprise's inbox gets the message, the timeline the reason.
    client = Client()
    client.force_login(bob)
    response = client.post(f"/api/hazards/{hazard.pk}/transitions", json.dumps(
        {"action": "dispatch", "version": hazard.version, "reason": SVG}), content_type="application/json")
    assert response.status_code == 200, response.content
    return hazard


@pytest.fixture
def zone(bob):
    from geo_server.patrols.zones import create_zone

    return create_zone(bob, SVG, SQUARE)


def ran_nothing(page) -> None:
    assert page.evaluate("window.__xss") is None, page.url


def shows(page, selector: str, text: str) -> None:
    assert text in page.locator(selector).first.inner_text(), (page.url, selector)
    ran_nothing(page)


def test_it_shows_payloads_as_text_on_the_pages_of_the_supervising_officer(page, problems, hazard, zone):
    log_in(page, "bob", "bob-password")
    page.goto(f"/hazards/{hazard.pk}/")
    shows(page, "h1", SCRIPT)
    shows(page, "dd a[href^='/features/']", IMG)
    shows(page, "#timeline .reason", SVG)

    page.goto("/hazards/")
    shows(page, f"tr[data-hazard='{hazard.pk}']", IMG)
    page.locator(f"tr[data-hazard='{hazard.pk}'] td:nth-child(3)").click()
    shows(page, ".leaflet-popup-content .popup strong", IMG)

    page.goto(f"/features/{hazard.feature_id}/")
    shows(page, "h1", IMG)
    shows(page, "#hazards", SCRIPT)

    for path in (f"/zones/{zone.pk}/", f"/zones/{zone.pk}/edit"):
        page.goto(path)
        shows(page, "h1", SVG)
    assert page.locator("input[name=name]").input_value() == SVG


def test_it_shows_payloads_as_text_in_the_main_map_popups(page, problems, hazard, zone):
    log_in(page, "bob", "bob-password")
    page.goto(CITY_VIEW)
    wait_for_layer(page, "district", GUANGZHOU_DISTRICTS)
    for title, layer, shown in (("巡查片区", "zone", zone), ("隐患", "hazards", hazard)):
        page.locator(".leaflet-control-layers-overlays label", has_text=title).locator("input").check()
        wait_for_layer(page, layer, 1)
        popup = click_drawn(page, layer, shown.pk)
        assert popup.locator("strong").inner_text() == (SVG if layer == "zone" else IMG)
        ran_nothing(page)
        page.keyboard.press("Escape")
    assert SCRIPT in popup.inner_text()  # the hazard popup's rule is its message
    assert problems.console_errors == [] and problems.foreign_requests == []


def test_it_shows_payloads_as_text_in_the_inbox_of_the_responsible_enterprise(page, problems, hazard, erin):
    log_in(page, "erin", "erin-password")
    page.goto("/inbox/")
    shows(page, "table.messages tbody", IMG)
    shows(page, "table.messages tbody", SCRIPT)
    shows(page, "table.messages tbody", SVG)
    assert problems.console_errors == []


def test_it_shows_payloads_as_text_in_the_ogc_map_tooltips(page, problems, hazard, bob):
    log_in(page, "bob", "bob-password")
    items = "/ogc/collections/building/items"
    for path in (f"{items}?f=html", f"{items}/{hazard.feature_id}?f=html"):
        page.goto(path)
        page.locator("#ogc-map .leaflet-marker-icon").hover()
        shows(page, ".leaflet-tooltip", IMG)
        shows(page, "h1" if "items/" in path else "table.ogc-table", IMG)
    assert problems.console_errors == []


def test_it_shows_payloads_as_text_in_the_print_map_tooltip(page, problems, hazard, bob):
    log_in(page, "bob", "bob-password")
    show_inline(page, f"**{PRINT_MAP}")
    page.goto(PRINT_MAP)
    page.locator("path.leaflet-interactive").first.hover()
    shows(page, ".leaflet-tooltip", IMG)
    assert problems.console_errors == []
    assert problems.foreign_requests == []
