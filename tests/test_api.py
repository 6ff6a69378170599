"""/api/features and /api/features/<id>: GeoJSON, keyset paging, scoping and JSON errors."""

import json

import pytest
from django.urls import reverse

from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, point_feature


@pytest.fixture
def client_alice(client, alice):
    client.force_login(alice)
    return client


def get_json(client, url, **params):
    response = client.get(url, params)
    return response, json.loads(response.content)


def test_it_returns_a_feature_collection_with_areas_and_risk(client_alice):
    point_feature("TH", *TIANHE_SPORTS_CENTER, name="体育中心", risk_level=3)
    response, body = get_json(client_alice, "/api/features", kind="concrete_plant")
    assert response["Content-Type"] == "application/geo+json"
    assert body["type"] == "FeatureCollection"
    (feature,) = body["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": list(TIANHE_SPORTS_CENTER)}
    assert feature["properties"]["name"] == "体育中心"
    assert feature["properties"]["district"] == "天河区"
    assert feature["properties"]["risk"] == "red"
    assert feature["properties"]["url"] == reverse("feature-record", args=[feature["id"]])


def test_it_filters_by_bbox(client_alice):
    point_feature("HZ", *CANTON_TOWER)
    point_feature("TH", *TIANHE_SPORTS_CENTER)
    # Canton Tower is at 23.1065N, the sports centre at 23.138N: a box between them keeps one.
    _, body = get_json(client_alice, "/api/features", bbox="113.30,23.12,113.35,23.15")
    assert [f["properties"]["code"] for f in body["features"]] == ["TH"]
    assert body["numberMatched"] == 1


def test_it_pages_with_next_links_that_keep_every_parameter(client_alice):
    for i in range(5):
        point_feature(f"P{i}", TIANHE_SPORTS_CENTER[0] + i * 0.001, TIANHE_SPORTS_CENTER[1])
    seen, url, params = [], "/api/features", {"kind": "concrete_plant", "limit": "2"}
    while url:
        _, body = get_json(client_alice, url, **params)
        assert body["numberMatched"] == 5
        seen += [f["properties"]["code"] for f in body["features"]]
        nxt = [link["href"] for link in body["links"] if link["rel"] == "next"]
        url, params = (nxt[0], {}) if nxt else (None, None)
        if url:
            assert "kind=concrete_plant" in url and "limit=2" in url
    assert seen == ["P0", "P1", "P2", "P3", "P4"]


def test_it_hides_features_outside_the_users_jurisdiction(client, bob):
    point_feature("HZ", *CANTON_TOWER)
    tianhe = point_feature("TH", *TIANHE_SPORTS_CENTER)
    client.force_login(bob)
    _, body = get_json(client, "/api/features")
    assert [f["id"] for f in body["features"]] == [tianhe.pk]


@pytest.mark.parametrize(
    "params, code",
    [
        ({"bbox": "1,2,3"}, "invalid_bbox"),
        ({"bbox": "a,b,c,d"}, "invalid_bbox"),
        ({"bbox": "113.4,23,113.3,23.1"}, "invalid_bbox"),
        ({"bbox": "0,-91,1,1"}, "invalid_bbox"),
        ({"kind": "castle"}, "invalid_kind"),
        ({"limit": "0"}, "invalid_limit"),
        ({"limit": "10001"}, "invalid_limit"),
        ({"limit": "ten"}, "invalid_limit"),
        ({"after": "-1"}, "invalid_after"),
        ({"colour": "red"}, "unknown_parameter"),
    ],
)
def test_it_rejects_bad_parameters_with_a_json_400(client_alice, params, code):
    response, body = get_json(client_alice, "/api/features", **params)
    assert response.status_code == 400
    assert body["code"] == code
    assert body["message"]


def test_it_returns_one_feature_with_its_details_and_masked_phone(client_alice):
    from geo_server.sectors.buildings.models import BuildingDetail

    building = point_feature("B1", *CANTON_TOWER, kind="building", name="测试楼")
    BuildingDetail.objects.create(feature=building, address="海珠区阅江西路222号", floors=3, structure="frame",
                                  use="public", year_built=2009, floor_area_m2=1000, owner_phone="13812345678")
    response, body = get_json(client_alice, f"/api/features/{building.pk}")
    assert response.status_code == 200
    assert body["type"] == "Feature"
    assert body["properties"]["details"]["address"] == "海珠区阅江西路222号"
    assert body["properties"]["details"]["owner_phone"] == "138****5678"
    assert "13812345678" not in response.content.decode()


def test_it_answers_404_json_for_an_unknown_or_hidden_feature(client, bob):
    hidden = point_feature("HZ", *CANTON_TOWER)
    client.force_login(bob)
    for feature_id in (hidden.pk, 999_999_999):
        response, body = get_json(client, f"/api/features/{feature_id}")
        assert response.status_code == 404
        assert body["code"] == "feature_not_found"


def test_it_answers_401_json_to_an_anonymous_api_call(client):
    response, body = get_json(client, "/api/features")
    assert response.status_code == 401
    assert body["code"] == "not_authenticated"


def test_it_lists_districts_as_geojson(client_alice):
    _, body = get_json(client_alice, "/api/areas", level="district")
    assert len(body["features"]) == 11
    assert {f["properties"]["name"] for f in body["features"]} >= {"天河区", "越秀区"}


def test_it_rejects_an_unknown_area_level(client_alice):
    response, body = get_json(client_alice, "/api/areas", level="planet")
    assert (response.status_code, body["code"]) == (400, "invalid_level")
