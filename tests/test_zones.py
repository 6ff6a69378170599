"""Patrol zones: every refusal with its code and nothing saved, file imports, the zone page and layer.

Hand-checked shapes: SQUARE spans 0.01° x 0.01° around the Tianhe Sports Center, inside Tianhe;
at latitude 23.138° that is 1023.7 m (0.01 x 111,320 m x cos 23.138°) by ~1,107 m, about 1.134 km².
Shifted east by half its width, it overlaps the original by half: ~0.567 km².
"""

import json

import pytest

from geo_server.features.kinds import RiskLevel
from geo_server.patrols.models import PatrolZone
from geo_server.patrols.zones import features_inside
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, point_feature
from layers.tiles import empty_tile


def square(west: float, south: float, size: float = 0.01) -> dict:
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


SQUARE = square(113.320, 23.133)
BOW_TIE = {"type": "Polygon", "coordinates": [[[113.320, 23.133], [113.330, 23.143], [113.330, 23.133],
                                                [113.320, 23.143], [113.320, 23.133]]]}


def post_zone(client, user, name, geometry):
    client.force_login(user)
    return client.post("/api/zones", json.dumps({"name": name, "geometry": geometry}), content_type="application/json")


def refused(response, code: str):
    assert response.status_code == 422, response.content
    assert response.json()["code"] == code
    assert PatrolZone.objects.count() == 0 or code == "zone_overlaps"
    return response.json()


def test_it_saves_a_valid_zone_as_a_multipolygon(client, bob):
    response = post_zone(client, bob, "体育中心片区", SQUARE)

    assert response.status_code == 201, response.content
    zone = PatrolZone.objects.get()
    assert (zone.name, zone.organisation, zone.created_by, zone.geom.geom_type) == (
        "体育中心片区", bob.organisation, bob, "MultiPolygon")
    assert response.json()["properties"]["url"] == f"/zones/{zone.pk}/"


def test_it_rejects_a_self_intersecting_bow_tie_and_offers_the_repair(client, bob):
    body = refused(post_zone(client, bob, "bow tie", BOW_TIE), "zone_self_intersecting")
    assert "Self-intersection" in body["details"]["reason"]
    assert body["details"]["repaired"]["type"] == "MultiPolygon"  # ST_MakeValid splits it into two triangles
    assert len(body["details"]["repaired"]["coordinates"]) == 2


def test_it_rejects_a_zone_smaller_than_a_hectare(client, bob):
    # 0.0005° square: ~51 m x 55 m = ~2,800 m².
    body = refused(post_zone(client, bob, "tiny", square(113.322, 23.135, 0.0005)), "zone_too_small")
    assert body["details"]["area_m2"] == pytest.approx(2830, rel=0.02)


def test_it_rejects_a_zone_larger_than_the_limit(client, bob, settings):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "ZONE_MAX_AREA_M2": 1_000_000}
    refused(post_zone(client, bob, "big", SQUARE), "zone_too_large")


def test_it_rejects_a_zone_outside_the_jurisdiction(client, bob):
    # Around the Canton Tower, in Haizhu: bob's office supervises Tianhe.
    refused(post_zone(client, bob, "海珠", square(CANTON_TOWER[0] - 0.005, CANTON_TOWER[1] - 0.005)),
            "zone_outside_jurisdiction")


def test_it_rejects_a_zone_overlapping_another_of_the_organisation_with_the_overlap_area(client, bob):
    assert post_zone(client, bob, "西", SQUARE).status_code == 201
    body = refused(post_zone(client, bob, "东", square(113.325, 23.133)), "zone_overlaps")

    assert body["details"]["zone_name"] == "西"
    assert body["details"]["overlap_m2"] == pytest.approx(1_134_000 / 2, rel=0.01)
    assert PatrolZone.objects.count() == 1


def test_it_accepts_a_zone_sharing_only_a_border(client, bob):
    assert post_zone(client, bob, "西", SQUARE).status_code == 201
    assert post_zone(client, bob, "东", square(113.330, 23.133)).status_code == 201


def test_it_rejects_a_point_as_not_a_polygon(client, bob):
    refused(post_zone(client, bob, "point", {"type": "Point", "coordinates": list(TIANHE_SPORTS_CENTER)}),
            "zone_not_polygon")


def test_it_forbids_enterprise_users_to_draw_zones(client, erin):
    response = post_zone(client, erin, "mine", SQUARE)
    assert (response.status_code, response.json()["code"]) == (403, "zone_forbidden")


def test_it_shows_the_refusal_on_the_drawing_page_and_saves_nothing(client, bob):
    client.force_login(bob)
    response = client.post("/zones/new", {"name": "bow tie", "geometry": json.dumps(BOW_TIE)})

    assert response.status_code == 422
    assert b'data-code="zone_self_intersecting"' in response.content and b"zone-repaired" in response.content
    assert PatrolZone.objects.count() == 0


def test_it_saves_a_drawn_zone_and_opens_its_page(client, bob):
    client.force_login(bob)
    assert client.get("/zones/new").status_code == 200
    response = client.post("/zones/new", {"name": "体育中心", "geometry": json.dumps(SQUARE)})
    assert response.status_code == 302 and response["Location"] == f"/zones/{PatrolZone.objects.get().pk}/"


# -- files -------------------------------------------------------------------------------------

KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>{name}</name>
<Polygon><outerBoundaryIs><LinearRing><coordinates>{coords}</coordinates></LinearRing></outerBoundaryIs></Polygon>
</Placemark></Document></kml>"""


def kml(name: str, geometry: dict) -> str:
    return KML.format(name=name, coords=" ".join(f"{x},{y},0" for x, y in geometry["coordinates"][0]))


def upload(client, user, path, **headers):
    client.force_login(user)
    with path.open("rb") as handle:
        return client.post("/api/zones/import", {"file": handle}, **headers)


def test_it_imports_a_zone_from_geojson_named_by_its_property(client, bob, tmp_path):
    path = tmp_path / "zone.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "导入片区"}, "geometry": SQUARE}]}))

    assert upload(client, bob, path).status_code == 201
    assert PatrolZone.objects.get().name == "导入片区"


def test_it_imports_a_zone_from_kml(client, bob, tmp_path):
    path = tmp_path / "zone.kml"
    path.write_text(kml("KML 片区", SQUARE))

    assert upload(client, bob, path).status_code == 201
    zone = PatrolZone.objects.get()
    assert zone.name == "KML 片区" and not zone.geom.hasz


def test_it_imports_a_zone_from_a_geopackage(client, bob, tmp_path):
    import geopandas
    import shapely

    path = tmp_path / "zone.gpkg"
    geopandas.GeoDataFrame({"name": ["GPKG 片区"]}, geometry=[shapely.geometry.shape(SQUARE)],
                           crs="EPSG:4326").to_file(path, driver="GPKG")
    assert upload(client, bob, path).status_code == 201


def test_it_refuses_a_geopackage_in_another_crs(client, bob, tmp_path):
    import geopandas
    import shapely

    path = tmp_path / "zone.gpkg"
    frame = geopandas.GeoDataFrame({"name": ["m"]}, geometry=[shapely.geometry.shape(SQUARE)], crs="EPSG:4326")
    frame.to_crs(3857).to_file(path, driver="GPKG")
    refused(upload(client, bob, path), "zone_file_crs")


def test_it_refuses_a_geojson_file_declaring_another_crs(client, bob, tmp_path):
    path = tmp_path / "zone.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:EPSG::3857"}}, "features": [{"type": "Feature", "properties": {}, "geometry": SQUARE}]}))
    refused(upload(client, bob, path), "zone_file_crs")


def test_it_refuses_a_kml_bow_tie_and_saves_none_of_the_file(client, bob, tmp_path):
    path = tmp_path / "zones.kml"
    good, bad = kml("good", SQUARE), kml("bad", BOW_TIE)
    path.write_text(good.replace("</Document>", bad.split("<Document>")[1].split("</Document>")[0] + "</Document>"))

    body = refused(upload(client, bob, path, HTTP_ACCEPT_LANGUAGE="en"), "zone_self_intersecting")
    assert body["message"].startswith("Feature 2:")
    assert PatrolZone.objects.count() == 0


def test_it_refuses_other_file_formats(client, bob, tmp_path):
    path = tmp_path / "zone.shp"
    path.write_bytes(b"not really")
    refused(upload(client, bob, path), "zone_file_format")


# -- the zone page and the zone layer ------------------------------------------------------------

@pytest.fixture
def tall_zone(alice):
    """0.01° wide from the Canton Tower (Haizhu) up to the Sports Center (Tianhe); alice's, province-wide."""
    from geo_server.patrols.zones import create_zone

    return create_zone(alice, "珠江两岸", square(113.320, 23.100, 0.01) | {"coordinates": [[
        [113.320, 23.100], [113.330, 23.100], [113.330, 23.145], [113.320, 23.145], [113.320, 23.100]]]})


def test_it_lists_the_features_inside_within_the_users_jurisdiction(client, alice, bob, tall_zone):
    point_feature("CP-TH", *TIANHE_SPORTS_CENTER, risk_level=RiskLevel.RED)
    point_feature("CP-HZ", *CANTON_TOWER, risk_level=RiskLevel.YELLOW)
    point_feature("CP-YX", 113.2660, 23.1400)  # Yuexiu Park: outside the zone

    rows, total = features_inside(alice, tall_zone)
    assert [r["code"] for r in rows] == ["CP-TH", "CP-HZ"] and total == 2  # riskiest first
    assert [r["code"] for r in features_inside(bob, tall_zone)[0]] == ["CP-TH"]

    client.force_login(alice)
    page = client.get(f"/zones/{tall_zone.pk}/")
    assert page.status_code == 200 and b"CP-TH" in page.content and b"CP-YX" not in page.content


def test_it_hides_a_zone_from_users_above_whom_it_is_not(client, bob, tall_zone):
    client.force_login(bob)  # alice's province zone is not bob's to see
    assert client.get(f"/zones/{tall_zone.pk}/").status_code == 404


def test_it_serves_zones_as_a_layer_to_tiles_ogc_and_exports(client, bob, erin):
    assert post_zone(client, bob, "体育中心", SQUARE).status_code == 201
    client.force_login(bob)
    # Zoom 14 tile 13349/7109 holds the Sports Center (tests/test_tiles.py).
    assert client.get("/tiles/zone/14/13349/7109.mvt").status_code == 200
    items = client.get("/ogc/collections/zone/items").json()
    assert [f["properties"]["name"] for f in items["features"]] == ["体育中心"]
    export = client.get("/exports/?layer=zone&format=geojson")
    assert export.status_code == 200
    assert json.loads(b"".join(export.streaming_content))["features"][0]["properties"]["name"] == "体育中心"

    client.force_login(erin)
    assert client.get("/ogc/collections/zone/items").json()["features"] == []
    assert client.get("/tiles/zone/14/13349/7109.mvt").content == empty_tile("zone")
