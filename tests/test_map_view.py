"""Where the map opens (layers/map_view.py): the user's jurisdiction, through scoping."""

import json

import pytest

from geo_server.accounts.models import Organisation
from geo_server.features.models import AdminArea
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, YUEXIU_PARK, make_user, point_feature
from layers.map_view import jurisdiction_bounds

pytestmark = pytest.mark.django_db


def extent(code: str) -> list[float]:
    west, south, east, north = AdminArea.objects.get(code=code).geom.extent
    return [south, west, north, east]


def flat(bounds: list[list[float]] | None) -> list[float] | None:
    return None if bounds is None else bounds[0] + bounds[1]


def test_it_opens_a_district_officer_on_the_district(bob):
    assert flat(jurisdiction_bounds(bob)) == pytest.approx(extent("440106"))


def test_it_opens_the_province_on_the_province(alice):
    assert flat(jurisdiction_bounds(alice)) == pytest.approx(extent("440000"))


def test_it_opens_a_street_office_on_the_street():
    street = AdminArea.objects.filter(level="street", parent__code="440106").order_by("code").first()
    office = Organisation.objects.create(name="街道办", type="street_office", jurisdiction=street)
    assert flat(jurisdiction_bounds(make_user("sam", office, "district_officer"))) == pytest.approx(extent(street.code))


def test_it_opens_an_enterprise_on_its_own_features(erin, enterprise):
    point_feature("CP-HZ-001", *CANTON_TOWER, organisation=enterprise)
    point_feature("CP-YX-001", *YUEXIU_PARK, organisation=enterprise)
    point_feature("CP-TH-001", *TIANHE_SPORTS_CENTER)  # not erin's
    assert flat(jurisdiction_bounds(erin)) == pytest.approx([CANTON_TOWER[1], YUEXIU_PARK[0], YUEXIU_PARK[1], CANTON_TOWER[0]])


def test_it_keeps_the_default_view_for_an_enterprise_without_features(erin):
    assert jurisdiction_bounds(erin) is None


def test_it_hands_the_bounds_to_the_map_page(client, bob):
    client.force_login(bob)
    page = client.get("/").content.decode()
    view = json.loads(page.split('<script id="map-view" type="application/json">')[1].split("</script>")[0])
    assert flat(view["bounds"]) == pytest.approx(extent("440106"))
    assert view["search_url"] == "/api/search"
