"""/api/zones/preview: what a polygon being drawn covers, scoped, before anything is saved."""

import json

import pytest

from geo_server.features.kinds import RiskLevel
from geo_server.patrols.models import PatrolZone
from geo_server.supervision.models import Hazard
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, explain_colour, point_feature

pytestmark = pytest.mark.django_db

# 113.30..113.35 E, 23.10..23.15 N: holds the Tianhe sports centre and Canton Tower (Haizhu).
BOTH = {"type": "Polygon", "coordinates": [[[113.30, 23.10], [113.35, 23.10], [113.35, 23.15], [113.30, 23.15],
                                            [113.30, 23.10]]]}


@pytest.fixture
def world():
    red = explain_colour(point_feature("CP-TH-001", *TIANHE_SPORTS_CENTER), RiskLevel.RED)
    plain = point_feature("CP-TH-002", TIANHE_SPORTS_CENTER[0] + 0.001, TIANHE_SPORTS_CENTER[1])
    reach = point_feature("RR-TH-001", TIANHE_SPORTS_CENTER[0] - 0.001, TIANHE_SPORTS_CENTER[1], kind="river_reach")
    haizhu = explain_colour(point_feature("CP-HZ-001", *CANTON_TOWER), RiskLevel.YELLOW)
    outside = point_feature("CP-TH-999", 113.40, 23.17)
    for feature, state in ((red, "new"), (red, "closed"), (haizhu, "new"), (outside, "new")):
        Hazard.objects.create(feature=feature, rule_code="test.preview", subject=state, kind=feature.kind,
                              geom=feature.geom, level=feature.risk_level or 1, message_zh="测试", message_en="Test",
                              state=state)
    return {"red": red, "plain": plain, "reach": reach, "haizhu": haizhu, "outside": outside}


def preview(client, user, body):
    client.force_login(user)
    return client.post("/api/zones/preview", json.dumps(body), content_type="application/json")


def by(rows, key):
    return {row[key]: row["count"] for row in rows}


def test_it_counts_what_a_district_officer_may_see_inside(client, bob, world):
    answer = preview(client, bob, {"geometry": BOTH}).json()
    assert answer["features"] == 3
    assert by(answer["kinds"], "kind") == {"concrete_plant": 2, "river_reach": 1}
    assert by(answer["risk"], "value") == {"red": 1, "orange": 0, "yellow": 0, "none": 2}
    assert answer["open_hazards"] == 1


def test_it_counts_the_other_district_for_the_province(client, alice, world):
    answer = preview(client, alice, {"type": "Feature", "properties": {}, "geometry": BOTH}).json()
    assert answer["features"] == 4
    assert by(answer["risk"], "value") == {"red": 1, "orange": 0, "yellow": 1, "none": 2}
    assert answer["open_hazards"] == 2


def test_it_saves_nothing(client, bob, world):
    preview(client, bob, {"name": "预览", "geometry": BOTH})
    assert not PatrolZone.objects.exists()


def test_it_previews_a_self_crossing_outline_as_repaired(client, bob, world):
    # Crossing at (113.325, 23.13): the upper lobe holds the three Tianhe features (y 23.138).
    bow_tie = {"type": "Polygon", "coordinates": [[[113.30, 23.10], [113.35, 23.16], [113.30, 23.16], [113.35, 23.10],
                                                   [113.30, 23.10]]]}
    response = preview(client, bob, {"geometry": bow_tie})
    assert response.status_code == 200
    assert response.json()["features"] == 3


@pytest.mark.parametrize("body, status, code", [
    ({"geometry": {"type": "Point", "coordinates": [113.3, 23.1]}}, 422, "zone_not_polygon"),
    ({"geometry": None}, 422, "zone_not_polygon"),
    ({"geometry": {"type": "Polygon", "coordinates": [[[113.3, 23.1]]]}}, 422, "zone_not_polygon"),
])
def test_it_refuses_what_is_not_a_polygon(client, bob, body, status, code):
    response = preview(client, bob, body)
    assert response.status_code == status
    assert response.json()["code"] == code


def test_it_refuses_a_get(client, bob):
    client.force_login(bob)
    assert client.get("/api/zones/preview").status_code == 405


@pytest.mark.parametrize("geometry", [
    {"type": "Polygon", "coordinates": []},
    {"type": "Polygon", "coordinates": [[["a", "b"], [1, 2], [3, 4], ["a", "b"]]]},
    {"type": "Polygon", "coordinates": [[[1e308, 1e308], [-1e308, 1e308], [0, 0], [1e308, 1e308]]]},
    {"type": "MultiPolygon", "coordinates": [[[[113.3, 23.1], [113.3, 23.1], [113.3, 23.1], [113.3, 23.1]]]]},
])
def test_it_answers_odd_outlines_without_a_server_error(client, bob, geometry):
    response = preview(client, bob, {"geometry": geometry})
    assert response.status_code in (200, 422)
    assert response.status_code == 200 or response.json()["code"] == "zone_not_polygon"
