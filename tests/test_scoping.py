"""Who sees which features: one scoping function for lists, records and the API."""

from geo_server.accounts.models import Organisation, User
from geo_server.features.models import AdminArea
from geo_server.features.scoping import scope_features
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, make_user, point_feature
from layers.tiles import empty_tile


def codes(user) -> set[str]:
    return set(scope_features(user).values_list("code", flat=True))


def test_it_shows_a_province_supervisor_everything_in_the_province(alice):
    point_feature("HZ", *CANTON_TOWER)
    point_feature("TH", *TIANHE_SPORTS_CENTER)
    assert codes(alice) == {"HZ", "TH"}


def test_it_shows_a_district_office_only_its_district(bob):
    point_feature("HZ", *CANTON_TOWER)
    point_feature("TH", *TIANHE_SPORTS_CENTER)
    assert codes(bob) == {"TH"}


def test_it_shows_a_street_office_only_its_street(db):
    tower = point_feature("HZ", *CANTON_TOWER)
    point_feature("TH", *TIANHE_SPORTS_CENTER)
    office = Organisation.objects.create(name="街道办", type="street_office", jurisdiction=tower.street)
    assert codes(make_user("sam", office, "inspector")) == {"HZ"}


def test_it_shows_an_enterprise_only_the_objects_it_is_responsible_for(erin, enterprise):
    point_feature("MINE", *TIANHE_SPORTS_CENTER, organisation=enterprise)
    point_feature("OTHER", *TIANHE_SPORTS_CENTER)
    assert codes(erin) == {"MINE"}


def test_it_shows_nothing_to_a_user_without_an_organisation(db):
    point_feature("HZ", *CANTON_TOWER)
    assert codes(User.objects.create_user("nobody", password="x")) == set()


def test_it_shows_a_superuser_everything(db):
    point_feature("FAR", 116.40, 39.90)
    assert codes(User.objects.create_superuser("root", password="x")) == {"FAR"}


def test_it_shows_a_city_bureau_nothing_outside_its_city(db):
    point_feature("HZ", *CANTON_TOWER)
    point_feature("SZ", 114.06, 22.55)  # Shenzhen
    bureau = Organisation.objects.create(name="市局", type="city_bureau", jurisdiction=AdminArea.objects.get(code="440100"))
    assert codes(make_user("carol", bureau, "supervisor")) == {"HZ"}


def test_it_serves_empty_tiles_pages_and_exports_to_a_user_without_an_organisation(client, db):
    point_feature("HZ", *CANTON_TOWER)
    client.force_login(User.objects.create_user("nobody", password="x"))
    assert client.get("/tiles/concrete_plant/10/843/444.mvt").content == empty_tile("concrete_plant")
    items = client.get("/ogc/collections/concrete_plant/items", HTTP_ACCEPT="application/geo+json")
    assert items.status_code == 200 and items.json()["numberReturned"] == 0
    export = client.get("/exports/", {"layer": "concrete_plant", "format": "geojson"})
    assert export.status_code == 200
    assert b'"features"' in b"".join(export.streaming_content)
