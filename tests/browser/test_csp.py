"""The main pages in real Chromium under the Content-Security-Policy: each runs its scripts (maps
drawn, widgets working) and the browser reports no violation and no page error."""

import pytest

from geo_server.features.models import AdminArea
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard
from tests.browser.csp import watch_csp
from tests.browser.login import log_in
from tests.test_hazards import building
from tests.test_zones import SQUARE

PRINT_MAP = "/exports/printmap?district=440106"


@pytest.fixture
def hazard(tianhe_office, enterprise):
    feature = building("B-1", where=(113.36, 23.13), organisation=enterprise)
    sweep("building")
    return Hazard.objects.get(feature=feature)


def show_inline(page, pattern: str) -> None:
    """Serve the download (Content-Disposition: attachment) as a page, with its real headers otherwise."""
    def without_attachment(route):
        response = route.fetch()
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-disposition"}
        route.fulfill(response=response, headers=headers)
    page.route(pattern, without_attachment)


# (path, a selector that shows the page's scripts ran)
def bobs_pages(hazard, zone) -> list[tuple[str, str]]:
    feature = hazard.feature_id
    return [
        ("/", "#map[data-loaded_district]"),
        (f"/features/{feature}/", "#minimap path.leaflet-interactive"),
        ("/hazards/", "#hazard-map[data-markers='1']"),
        (f"/hazards/{hazard.pk}/", "#hazardmap path.leaflet-interactive"),
        ("/zones/new", "#zone-map .leaflet-draw"),
        (f"/zones/{zone.pk}/edit", "#zone-map path.leaflet-interactive"),
        (f"/zones/{zone.pk}/", "#zone-map path.leaflet-interactive"),
        ("/inbox/", "table.messages"),
        ("/integrity/", "table.ranking"),
        ("/api/docs", "article.api-docs"),
        ("/ogc/collections/building/items?f=html", "#ogc-map .leaflet-marker-icon"),
        (f"/ogc/collections/building/items/{feature}?f=html", "#ogc-map .leaflet-marker-icon"),
        ("/m/", "body[data-ready='1']"),
        (PRINT_MAP, "path.leaflet-interactive"),
        ("/dashboards/hazards/", ".dashboard-panel[data-panel=by_district_map][data-state=ready] canvas"),
        ("/dashboards/overview/", ".dashboard-panel[data-panel=sectors][data-state=ready] .kpi-tile"),
    ]


def test_it_runs_every_main_page_without_a_policy_violation(page, problems, hazard, bob):
    from geo_server.patrols.zones import create_zone

    zone = create_zone(bob, "体育中心片区", SQUARE)
    violations = watch_csp(page)
    show_inline(page, f"**{PRINT_MAP}")
    log_in(page, "bob", "bob-password")
    for path, ran in bobs_pages(hazard, zone):
        page.goto(path)
        page.locator(ran).first.wait_for()
        assert violations.reported == [], path
    # The language menu submits itself (site.js, not an inline onchange).
    page.goto("/api/docs")
    with page.expect_navigation():
        page.locator("form.lang select").select_option("en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert violations.reported == []
    assert problems.console_errors == []
    assert problems.foreign_requests == []


def test_it_runs_the_admin_map_widget_under_the_policy(page, problems, admin_user, hazard):
    violations = watch_csp(page)
    log_in(page, "admin", "password", next_path="/admin/")
    page.goto(f"/admin/features/feature/{hazard.feature_id}/change/")
    page.locator("#id_geom-map .leaflet-marker-icon").wait_for()
    haizhu = AdminArea.objects.get(code="440105")
    page.goto(f"/admin/features/adminarea/{haizhu.pk}/change/")
    page.locator("#id_geom-map path.leaflet-interactive").first.wait_for()
    assert violations.reported == []
    assert problems.console_errors == []
    assert problems.foreign_requests == []
