"""Areas from the geometry: the database trigger on hand-checked coordinates."""

from django.contrib.gis.db.models import Union
from django.contrib.gis.geos import GEOSGeometry

from geo_server.features.models import AdminArea, Feature
from tests.conftest import CANTON_TOWER, CONGHUA_CENTER, TIANHE_SPORTS_CENTER, YUEXIU_PARK, point_feature


def test_it_loads_every_real_city_and_district_and_every_named_street(db):
    assert AdminArea.objects.filter(level="city").count() == 21
    assert AdminArea.objects.filter(level="district", parent__code="440100").count() == 11
    assert AdminArea.objects.filter(level="street").count() == 178
    assert AdminArea.objects.get(code="440103001").name == "沙面街道"


def test_it_cuts_each_district_exactly_into_its_streets(db):
    tianhe = AdminArea.objects.get(code="440106")
    streets = AdminArea.objects.filter(parent=tianhe)
    assert streets.count() == 21
    union = streets.aggregate(u=Union("geom"))["u"]
    assert abs(union.area - tianhe.geom.area) / tianhe.geom.area < 1e-6


def test_it_assigns_district_street_and_city_from_a_point(db):
    tower = point_feature("T1", *CANTON_TOWER)
    assert tower.district.name == "海珠区"
    assert tower.city.code == "440100"
    assert tower.street.parent_id == tower.district_id


def test_it_assigns_the_right_district_for_each_known_place(db):
    expected = {"天河区": TIANHE_SPORTS_CENTER, "越秀区": YUEXIU_PARK, "从化区": CONGHUA_CENTER}
    for name, (lon, lat) in expected.items():
        assert point_feature(f"P-{name}", lon, lat).district.name == name


def test_it_keeps_a_district_given_explicitly(db):
    conghua = AdminArea.objects.get(code="440117")
    feature = point_feature("T2", *CANTON_TOWER, district=conghua)
    assert feature.district == conghua
    assert feature.city.code == "440100"


def test_it_moves_the_district_when_the_geometry_moves(db):
    feature = point_feature("T3", *CANTON_TOWER)
    feature.geom = GEOSGeometry("POINT(%s %s)" % CONGHUA_CENTER, srid=4326)
    feature.save()
    feature.refresh_from_db()
    assert feature.district.name == "从化区"


def test_it_gives_a_city_wide_polygon_a_city_but_no_district(db):
    guangzhou = AdminArea.objects.get(code="440100")
    feature = Feature.objects.create(kind="fund_center", code="HPF-T", name="广州", geom=guangzhou.geom)
    feature.refresh_from_db()
    assert feature.city == guangzhou
    assert feature.district is None


def test_it_leaves_areas_empty_far_outside_guangdong(db):
    feature = point_feature("FAR", 116.40, 39.90)  # Beijing
    assert (feature.city, feature.district, feature.street) == (None, None, None)


def test_it_gives_a_point_just_off_the_coast_the_nearest_district(db):
    nansha = AdminArea.objects.get(code="440115")
    southmost = min(nansha.geom.coords[0][0], key=lambda xy: xy[1])
    feature = point_feature("EDGE", southmost[0], southmost[1] - 0.003)  # ~330 m out to sea
    assert feature.district == nansha


def test_it_leaves_a_point_far_out_at_sea_without_a_district(db):
    nansha = AdminArea.objects.get(code="440115")
    southmost = min(nansha.geom.coords[0][0], key=lambda xy: xy[1])
    assert point_feature("SEA", southmost[0], southmost[1] - 0.05).district is None
