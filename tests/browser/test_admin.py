"""The admin's map widgets in real Chromium: django-leaflet from local static files, nothing from a CDN."""

from django.contrib.gis.geos import Polygon

from geo_server.features.kinds import Kind
from geo_server.features.models import AdminArea, Feature
from tests.browser.login import log_in
from tests.conftest import CANTON_TOWER, point_feature


def test_it_shows_a_point_feature_on_the_change_page_map(page, problems, admin_user):
    plant = point_feature("CP-HZ-001", *CANTON_TOWER, name="广州塔混凝土搅拌站")
    log_in(page, "admin", "password", next_path="/admin/")

    page.goto(f"/admin/features/feature/{plant.pk}/change/")
    page.locator("#id_geom-map .leaflet-marker-icon").wait_for()

    assert page.locator("input[name=code]").input_value() == "CP-HZ-001"
    assert problems.console_errors == []
    assert problems.foreign_requests == []


def test_it_saves_a_feature_drawn_in_the_admin(page, problems, admin_user):
    # A feature saved from the change page keeps its geometry and gets its areas from the trigger.
    square = Polygon.from_bbox((113.320, 23.100, 113.325, 23.105))
    site = Feature.objects.create(kind=Kind.CONSTRUCTION_SITE, code="CS-HZ-001", name="海珠工地", geom=square)
    log_in(page, "admin", "password", next_path="/admin/")

    page.goto(f"/admin/features/feature/{site.pk}/change/")
    page.locator("#id_geom-map path.leaflet-interactive").wait_for()
    page.locator("input[name=name]").fill("海珠在建工地")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/features/feature/")

    site.refresh_from_db()
    assert site.name == "海珠在建工地"
    assert site.geom.equals_exact(square, tolerance=1e-6)
    assert site.district.name == "海珠区"
    assert problems.console_errors == []
    assert problems.foreign_requests == []


def test_it_lists_features_filtered_by_district(page, problems, admin_user):
    point_feature("CP-HZ-001", *CANTON_TOWER, name="广州塔混凝土搅拌站")
    haizhu = AdminArea.objects.get(code="440105")
    log_in(page, "admin", "password", next_path="/admin/")

    page.goto(f"/admin/features/feature/?district__id__exact={haizhu.pk}")

    assert page.locator("#result_list tbody tr").count() == 1
    assert "CP-HZ-001" in page.locator("#result_list").inner_text()
    assert page.locator("#changelist-filter").get_by_role("link", name="海珠区").count() == 1
    assert problems.console_errors == []


def test_it_draws_a_district_boundary_on_the_area_page(page, problems, admin_user):
    haizhu = AdminArea.objects.get(code="440105")
    log_in(page, "admin", "password", next_path="/admin/")

    page.goto(f"/admin/features/adminarea/{haizhu.pk}/change/")
    page.locator("#id_geom-map path.leaflet-interactive").first.wait_for()

    assert page.locator(".readonly").first.inner_text() == "440105"
    assert problems.console_errors == []
    assert problems.foreign_requests == []
