"""The print map opened in real Chromium with the network cut off: Leaflet draws every feature."""

from django.contrib.gis.geos import Polygon

from geo_server.features.kinds import Kind, RiskLevel
from geo_server.features.models import Feature
from layers.printmaps import district_map
from tests.conftest import TIANHE_SPORTS_CENTER, explain_colour, point_feature


def test_it_draws_the_print_map_offline(page, problems, db):
    lon, lat = TIANHE_SPORTS_CENTER
    square = Polygon.from_bbox((lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002))
    square.srid = 4326
    explain_colour(Feature.objects.create(kind=Kind.BUILDING, code="TH-1", name="天河体育中心大楼", geom=square),
                   RiskLevel.RED)
    explain_colour(point_feature("CP-TH-1", 113.36, 23.13, name="黄村搅拌站"), RiskLevel.ORANGE)

    page.set_content(district_map("440106"), wait_until="load")

    # The district outline, the building and the plant's circle marker.
    page.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive, path').length >= 3")
    fills = page.eval_on_selector_all("path", "paths => paths.map(p => p.getAttribute('fill'))")
    assert "#c62828" in fills and "#ef6c00" in fills  # red building, orange plant
    assert "天河区" in page.locator(".print-legend").inner_text()
    assert problems.console_errors == []
    assert problems.foreign_requests == []
