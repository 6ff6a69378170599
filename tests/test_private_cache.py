"""No cross-user caching: every response that depends on who asks is private and varies on
Authorization and Cookie, across every endpoint family (issue #17). Static files stay public."""

import base64

import pytest

from tests.conftest import TIANHE_SPORTS_CENTER, point_feature

BASIC = "Basic " + base64.b64encode(b"bob:bob-password").decode()

PAGES = ["/", "/hazards/", "/inbox/", "/zones/compliance/", "/accounts/me/"]
FAMILIES = [
    "/api/features",
    "/api/hazards",
    "/api/areas",
    "/ogc/",
    "/ogc/collections",
    "/ogc/collections/concrete_plant",
    "/ogc/collections/concrete_plant/queryables",
    "/ogc/collections/concrete_plant/items",
    "/tiles/concrete_plant/14/13349/7109.mvt",
    "/exports/?layer=concrete_plant&format=geojson",
    "/ows?SERVICE=WMS&REQUEST=GetCapabilities",
    "/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=concrete_plant",
    "/api/nope",  # an error answers privately too
]


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def directives(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",")}


@pytest.fixture
def world(db, bob):
    point_feature("CP-TH-001", *TIANHE_SPORTS_CENTER)


@pytest.mark.parametrize("path", FAMILIES)
def test_every_family_answers_privately_to_a_basic_client(client, world, path):
    response = client.get(path, HTTP_AUTHORIZATION=BASIC)
    assert response.status_code in (200, 404), (path, response.status_code)
    assert {"authorization", "cookie"} <= vary(response), path
    assert "private" in directives(response) or "no-store" in directives(response), path
    assert "public" not in directives(response), path


@pytest.mark.parametrize("path", PAGES)
def test_a_session_page_is_private_and_revalidated(client, world, bob, path):
    client.force_login(bob)
    response = client.get(path)
    assert response.status_code == 200, path
    assert {"private", "no-cache"} <= directives(response)
    assert {"authorization", "cookie"} <= vary(response)


def test_tiles_keep_their_lifetime_but_become_private(client, world):
    response = client.get("/tiles/concrete_plant/14/13349/7109.mvt", HTTP_AUTHORIZATION=BASIC)
    assert sorted(response["Cache-Control"].replace(" ", "").split(",")) == ["max-age=60", "private"]


def test_an_anonymous_challenge_is_not_cached_for_anyone(client, db):
    response = client.get("/ogc/collections")
    assert response.status_code == 401
    assert {"authorization", "cookie"} <= vary(response)
    assert "private" in directives(response)
