"""OGC API - Features Part 3: CQL2 text and JSON filters narrow the scoped rows, nothing more."""

import json
from urllib.parse import quote

import pytest

from tests.conftest import CANTON_TOWER, CONGHUA_CENTER, TIANHE_SPORTS_CENTER, YUEXIU_PARK, point_feature

ITEMS = "/ogc/collections/concrete_plant/items"
# A box around the Tianhe sports centre only.
TIANHE_BOX = "POLYGON((113.31 23.12, 113.34 23.12, 113.34 23.15, 113.31 23.15, 113.31 23.12))"


@pytest.fixture
def plants(db):
    """Haizhu, Tianhe (red), Yuexiu, Conghua."""
    return [point_feature("HZ", *CANTON_TOWER), point_feature("TH", *TIANHE_SPORTS_CENTER, risk_level=3),
            point_feature("YX", *YUEXIU_PARK), point_feature("CH", *CONGHUA_CENTER)]


def items(client, user, cql: str, lang: str = "cql2-text", **extra):
    client.force_login(user)
    return client.get(f"{ITEMS}?filter={quote(cql)}&filter-lang={lang}", **extra)


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(f["properties"]["code"] for f in json.loads(response.content)["features"])


@pytest.mark.parametrize("cql, expected", [
    ("risk_level >= 2", ["TH"]),
    ("code IN ('HZ', 'YX')", ["HZ", "YX"]),
    ("district_name LIKE '海珠%'", ["HZ"]),
    ("NOT (code = 'CH') AND risk_level < 3", ["HZ", "YX"]),
    (f"S_INTERSECTS(geometry, {TIANHE_BOX})", ["TH"]),
    (f"S_INTERSECTS(geometry, {TIANHE_BOX}) OR code = 'CH'", ["CH", "TH"]),
    ("code = 'x; DELETE FROM features_feature; --'", []),  # a value, never SQL
])
def test_cql2_text_selects_the_matching_features(client, alice, plants, cql, expected):
    assert codes(items(client, alice, cql)) == expected


def test_cql2_json_selects_the_same(client, alice, plants):
    cql = {"op": "and", "args": [{"op": ">=", "args": [{"property": "risk_level"}, 2]},
                                 {"op": "s_intersects", "args": [{"property": "geometry"},
                                                                 {"type": "Polygon", "coordinates": [[
                                                                     [113.31, 23.12], [113.34, 23.12], [113.34, 23.15],
                                                                     [113.31, 23.15], [113.31, 23.12]]]}]}]}
    assert codes(items(client, alice, json.dumps(cql), "cql2-json")) == ["TH"]


def test_a_filter_only_narrows_what_the_user_may_see(client, bob, plants):
    # bob is Tianhe's district office: Haizhu's plant stays out whatever the filter says.
    assert codes(items(client, bob, "code = 'HZ' OR code = 'TH'")) == ["TH"]
    assert codes(items(client, bob, "code = 'HZ'")) == []


def test_the_match_count_and_paging_follow_the_filter(client, alice, plants):
    client.force_login(alice)
    response = client.get(f"{ITEMS}?limit=1&filter={quote('risk_level < 3')}")
    data = json.loads(response.content)
    assert data["numberMatched"] == 3 and data["numberReturned"] == 1
    following = next(link["href"] for link in data["links"] if link["rel"] == "next")
    assert "filter=" in following


@pytest.mark.parametrize("cql, lang, code", [
    ("colour = 'red'", "cql2-text", "invalid_filter"),  # not a queryable
    ("code = ", "cql2-text", "invalid_filter"),  # syntax
    ("risk_level = 'high'", "cql2-text", "invalid_filter"),  # a text against an integer field
    ("risk_level IN (1, 'two')", "cql2-text", "invalid_filter"),
    ("code = 3", "cql2-text", "invalid_filter"),
    ("{not json", "cql2-json", "invalid_filter"),
    ("code = 'HZ'", "ecql", "invalid_filter_lang"),
])
def test_a_bad_filter_is_a_400_with_a_code(client, alice, plants, cql, lang, code):
    response = items(client, alice, cql, lang)
    assert response.status_code == 400
    assert json.loads(response.content)["geo_server_code"] == code


def test_filter_crs_other_than_crs84_is_refused(client, alice, plants):
    client.force_login(alice)
    response = client.get(f"{ITEMS}?filter={quote('code = ' + chr(39) + 'HZ' + chr(39))}&filter-crs=EPSG:3857")
    assert response.status_code == 400 and json.loads(response.content)["geo_server_code"] == "invalid_filter_crs"


def test_conformance_and_queryables_advertise_filtering(client, alice, plants):
    client.force_login(alice)
    classes = json.loads(client.get("/ogc/conformance?f=json").content)["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter" in classes
    assert "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text" in classes
    schema = json.loads(client.get("/ogc/collections/concrete_plant/queryables?f=json").content)
    assert schema["properties"]["geometry"]["format"] == "geometry-point"
    assert schema["properties"]["risk_level"]["type"] == "integer"


def page(client, user, query: str) -> dict:
    client.force_login(user)
    response = client.get(f"{ITEMS}?{query}")
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_sortby_orders_and_pages_by_offset(client, alice, plants):
    first = page(client, alice, "sortby=-risk_level,code&limit=2")
    assert [f["properties"]["code"] for f in first["features"]] == ["TH", "CH"]
    following = next(link["href"] for link in first["links"] if link["rel"] == "next" and "json" in link["type"])
    second = json.loads(client.get(following.replace("http://testserver", "")).content)
    assert [f["properties"]["code"] for f in second["features"]] == ["HZ", "YX"]
    assert not any(link["rel"] == "next" for link in second["links"])
    assert [f["properties"]["code"] for f in page(client, alice, "sortby=district_name")["features"]][0] == "CH"


def test_properties_returns_only_the_fields_asked_for(client, alice, plants):
    data = page(client, alice, "properties=code,risk&limit=1")
    assert set(data["features"][0]["properties"]) == {"code", "risk"}


@pytest.mark.parametrize("query, code", [
    ("sortby=colour", "invalid_sortby"), ("properties=code,owner_phone", "invalid_properties"),
    ("offset=2", "invalid_offset"), ("sortby=code&after=3", "invalid_cursor"),
])
def test_bad_sorting_and_properties_are_refused(client, alice, plants, query, code):
    client.force_login(alice)
    response = client.get(f"{ITEMS}?{query}")
    assert response.status_code == 400 and json.loads(response.content)["geo_server_code"] == code
