"""OGC API - Features through Django's test client: the OGC CITE assertions that matter, on hand-placed features."""

import json
from datetime import datetime, timezone as tz

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pyproj import Transformer

from geo_server.features.models import Feature
from layers.catalogue import LAYERS
from layers.ogcapi.items import feature_texts
from tests.conftest import CANTON_TOWER, CONGHUA_CENTER, TIANHE_SPORTS_CENTER, YUEXIU_PARK, point_feature

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
ITEMS = "/ogc/collections/concrete_plant/items"


@pytest.fixture(autouse=True)
def fresh_extents():
    cache.clear()  # Extents are cached per user id; ids repeat across rolled-back tests.


@pytest.fixture
def plants():
    """Four plants at known places: Haizhu, Tianhe (red), Yuexiu, Conghua."""
    return [point_feature("HZ", *CANTON_TOWER), point_feature("TH", *TIANHE_SPORTS_CENTER, risk_level=3),
            point_feature("YX", *YUEXIU_PARK), point_feature("CH", *CONGHUA_CENTER)]


def get(client, user, url, **headers):
    client.force_login(user)
    return client.get(url, **headers)


def body(response) -> dict:
    return json.loads(response.content)


def codes(response) -> list[str]:
    return [f["properties"]["code"] for f in body(response)["features"]]


def test_it_links_the_landing_page_to_the_api_definition_conformance_and_data(client, alice):
    links = {link["rel"]: link for link in body(get(client, alice, "/ogc/"))["links"]}
    assert links["service-desc"]["type"] == OPENAPI
    assert links["service-desc"]["href"] == "http://testserver/ogc/openapi"
    assert links["service-doc"]["type"] == "text/html"
    assert links["conformance"]["href"] == "http://testserver/ogc/conformance"
    assert links["data"]["href"] == "http://testserver/ogc/collections"
    assert {"self", "alternate"} <= set(links)


def test_it_declares_core_geojson_html_oas30_and_crs_conformance(client, alice):
    classes = body(get(client, alice, "/ogc/conformance"))["conformsTo"]
    for name in ("core", "geojson", "html", "oas30"):
        assert f"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/{name}" in classes
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in classes


def resolve(document: dict, node):
    """Every $ref in the document points at something that exists."""
    if isinstance(node, dict):
        if "$ref" in node:
            target = document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
        for value in node.values():
            resolve(document, value)
    elif isinstance(node, list):
        for value in node:
            resolve(document, value)


def test_it_serves_an_openapi_30_document_with_its_media_type(client, alice):
    response = get(client, alice, "/ogc/openapi")
    assert response["Content-Type"] == OPENAPI
    document = body(response)
    assert document["openapi"].startswith("3.0.") and document["info"]["title"] and document["info"]["version"]
    resolve(document, document)
    for path, item in document["paths"].items():
        assert path.startswith("/") and "200" in item["get"]["responses"]
    items = document["paths"]["/collections/building/items"]["get"]["parameters"]
    names = {p.get("name") for p in items} | {p.get("$ref", "").rsplit("/", 1)[-1] for p in items}
    assert {"bbox", "datetime", "limit", "crs", "bbox-crs", "district_name", "risk"} <= names
    assert document["components"]["parameters"]["limit"]["schema"]["maximum"] == 10000


def test_it_lists_every_catalogue_layer_as_a_collection_with_its_extent(client, alice, plants):
    data = body(get(client, alice, "/ogc/collections"))
    assert [c["id"] for c in data["collections"]] == list(LAYERS)
    plant = next(c for c in data["collections"] if c["id"] == "concrete_plant")
    assert (plant["title"], plant["description"]) == ("预拌混凝土企业", "Concrete plants")
    minx, miny, maxx, maxy = plant["extent"]["spatial"]["bbox"][0]
    assert (minx, miny) == pytest.approx((YUEXIU_PARK[0], CANTON_TOWER[1]))
    assert (maxx, maxy) == pytest.approx(CONGHUA_CENTER)
    assert "http://www.opengis.net/def/crs/EPSG/0/4547" in plant["crs"] and plant["storageCrs"] == CRS84


def test_it_titles_collections_in_english_for_english_readers(client, alice):
    data = body(get(client, alice, "/ogc/collections/concrete_plant", HTTP_ACCEPT_LANGUAGE="en"))
    assert (data["title"], data["description"]) == ("Concrete plants", "预拌混凝土企业")


def test_it_returns_items_as_geojson_with_counts_and_a_timestamp(client, alice, plants):
    response = get(client, alice, f"{ITEMS}?limit=10")
    assert response["Content-Type"] == "application/geo+json"
    data = body(response)
    assert (data["type"], data["numberMatched"], data["numberReturned"]) == ("FeatureCollection", 4, 4)
    assert datetime.fromisoformat(data["timeStamp"]).tzinfo is not None
    first = data["features"][0]
    assert first["id"] == plants[0].pk and first["geometry"] == {"type": "Point", "coordinates": list(CANTON_TOWER)}
    assert first["properties"]["district_name"] == "海珠区"


def test_it_filters_items_by_a_bbox_in_crs84_and_in_epsg_4326_order(client, alice, plants):
    # Around Tianhe Sports Center and Yuexiu Park, not Canton Tower (south) nor Conghua (north).
    assert codes(get(client, alice, f"{ITEMS}?bbox=113.2,23.12,113.4,23.2")) == ["TH", "YX"]
    assert codes(get(client, alice, f"{ITEMS}?bbox=23.12,113.2,23.2,113.4&bbox-crs=EPSG:4326")) == ["TH", "YX"]


def test_it_filters_items_by_a_bbox_in_epsg_4547(client, alice, plants):
    to_4547 = Transformer.from_crs("EPSG:4326", "EPSG:4547")  # EPSG order both ways: lat/lon in, north/east out.
    south, west = to_4547.transform(23.12, 113.2)
    north, east = to_4547.transform(23.2, 113.4)
    url = f"{ITEMS}?bbox={south},{west},{north},{east}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4547"
    assert codes(get(client, alice, url)) == ["TH", "YX"]


def test_it_filters_items_by_published_properties(client, alice, plants):
    assert codes(get(client, alice, f"{ITEMS}?district_name=天河区")) == ["TH"]
    assert codes(get(client, alice, f"{ITEMS}?risk=red&risk_level=3")) == ["TH"]
    assert codes(get(client, alice, f"{ITEMS}?risk=red&district_name=越秀区")) == []


def test_it_filters_items_by_datetime_on_updated_at(client, alice, plants):
    Feature.objects.filter(code="HZ").update(updated_at=datetime(2024, 5, 1, 12, tzinfo=tz.utc))
    Feature.objects.filter(code="YX").update(updated_at=datetime(2025, 1, 1, 12, tzinfo=tz.utc))
    assert codes(get(client, alice, f"{ITEMS}?datetime=../2024-12-31T00:00:00Z")) == ["HZ"]
    assert codes(get(client, alice, f"{ITEMS}?datetime=2024-06-01T00:00:00Z/2025-06-01T00:00:00Z")) == ["YX"]
    assert codes(get(client, alice, f"{ITEMS}?datetime=2024-05-01")) == ["HZ"]
    assert sorted(codes(get(client, alice, f"{ITEMS}?datetime=2025-06-01T00:00:00Z/.."))) == ["CH", "TH"]


def test_it_returns_projected_northing_easting_for_epsg_4547(client, alice, plants):
    response = get(client, alice, f"/ogc/collections/concrete_plant/items/{plants[1].pk}?crs=EPSG:4547")
    north, east = Transformer.from_crs("EPSG:4326", "EPSG:4547").transform(TIANHE_SPORTS_CENTER[1],
                                                                           TIANHE_SPORTS_CENTER[0])
    assert body(response)["geometry"]["coordinates"] == pytest.approx([north, east], abs=0.05)
    assert 2_500_000 < north < 2_600_000 and 400_000 < east < 500_000  # West of the 114E meridian.
    assert response["Content-Crs"] == "<http://www.opengis.net/def/crs/EPSG/0/4547>"


def test_it_swaps_the_axis_order_for_epsg_4326_and_4490(client, alice, plants):
    for crs in ("EPSG:4326", "http://www.opengis.net/def/crs/EPSG/0/4490"):
        response = get(client, alice, f"{ITEMS}?limit=1&crs={crs}")
        assert body(response)["features"][0]["geometry"]["coordinates"] == [CANTON_TOWER[1], CANTON_TOWER[0]]
        assert response["Content-Crs"].endswith(crs[-4:] + ">")
    assert get(client, alice, ITEMS)["Content-Crs"] == f"<{CRS84}>"


@pytest.mark.parametrize("query, code", [
    ("colour=red", "unknown_parameter"), ("limit=0", "invalid_limit"),
    ("limit=ten", "invalid_limit"), ("crs=EPSG:2385", "invalid_crs"), ("bbox-crs=EPSG:900913&bbox=1,2,3,4", "invalid_crs"),
    ("bbox=1,2,3", "invalid_bbox"), ("datetime=yesterday", "invalid_datetime"), ("risk_level=high", "invalid_property"),
])
def test_it_answers_400_with_an_ogc_exception(client, alice, query, code):
    response = get(client, alice, f"{ITEMS}?{query}")
    assert response.status_code == 400
    assert body(response)["code"] == "InvalidParameterValue" and body(response)["description"]
    assert body(response)["geo_server_code"] == code


def test_a_limit_above_the_maximum_is_capped_not_refused(client, alice, plants):
    response = get(client, alice, f"{ITEMS}?limit=10001")
    assert response.status_code == 200
    assert body(response)["numberReturned"] == len(plants)
    assert body(get(client, alice, f"{ITEMS}?limit=99999999999999999999"))["numberReturned"] == len(plants)


def test_it_answers_404_for_unknown_collections_and_items(client, alice):
    missing = body(get(client, alice, "/ogc/collections/nothing/items"))
    assert (missing["code"], missing["geo_server_code"]) == ("NotFound", "collection_not_found")
    for fid in ("999999999", "abc", "99999999999999999999"):
        response = get(client, alice, f"{ITEMS}/{fid}")
        assert response.status_code == 404
        assert (body(response)["code"], body(response)["geo_server_code"]) == ("NotFound", "item_not_found")


def json_link(data: dict, rel: str) -> str | None:
    found = [link["href"] for link in data["links"] if link["rel"] == rel and link["type"] == "application/geo+json"]
    return found[0] if found else None


def test_it_pages_with_next_links_that_sum_to_numberMatched_and_keep_every_parameter(client, alice):
    for i in range(7):
        point_feature(f"P{i}", 113.30 + i * 0.001, 23.13, risk_level=3)
    point_feature("OTHER", 113.31, 23.13, risk_level=0)
    url, seen, pages = f"{ITEMS}?limit=3&risk=red&bbox=113.2,23.1,113.4,23.2", [], 0
    while url:
        data = body(get(client, alice, url))
        assert data["numberMatched"] == 7
        seen += [f["properties"]["code"] for f in data["features"]]
        url, pages = json_link(data, "next"), pages + 1
        if url:
            assert "risk=red" in url and "limit=3" in url and "bbox=113.2%2C23.1" in url
    assert seen == [f"P{i}" for i in range(7)] and pages == 3


def test_the_pages_of_a_listing_share_its_count_until_the_data_changes(client, alice):
    for i in range(5):
        point_feature(f"P{i}", 113.30 + i * 0.001, 23.13)
    first = body(get(client, alice, f"{ITEMS}?limit=2&bbox=113.2,23.1,113.4,23.2"))
    assert first["numberMatched"] == 5
    with CaptureQueriesContext(connection) as queries:
        second = body(get(client, alice, json_link(first, "next")))
    assert second["numberMatched"] == 5
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"]]  # counted once per listing
    other = body(get(client, alice, f"{ITEMS}?limit=2&bbox=113.2,23.1,113.3025,23.2"))
    assert other["numberMatched"] == 3  # another bbox: another listing, counted on its own
    point_feature("P5", 113.305, 23.13)  # a write replaces the data version: the count is taken again
    assert body(get(client, alice, json_link(first, "next")))["numberMatched"] == 6


def test_it_goes_back_with_prev_links(client, alice):
    for i in range(5):
        point_feature(f"P{i}", 113.30 + i * 0.001, 23.13)
    first = body(get(client, alice, f"{ITEMS}?limit=2"))
    assert json_link(first, "prev") is None
    second = body(get(client, alice, json_link(first, "next")))
    back = body(get(client, alice, json_link(second, "prev")))
    assert [f["id"] for f in back["features"]] == [f["id"] for f in first["features"]]
    assert json_link(back, "prev") is None
    assert [f["id"] for f in body(get(client, alice, json_link(back, "next")))["features"]] == \
        [f["id"] for f in second["features"]]


def test_it_shows_bob_only_the_tianhe_features(client, bob, plants):
    data = body(get(client, bob, ITEMS))
    assert [f["properties"]["code"] for f in data["features"]] == ["TH"] and data["numberMatched"] == 1
    assert get(client, bob, f"{ITEMS}/{plants[0].pk}").status_code == 404


def test_it_returns_a_single_item_with_self_alternate_and_collection_links(client, alice, plants):
    data = body(get(client, alice, f"{ITEMS}/{plants[1].pk}"))
    assert data["type"] == "Feature" and data["properties"]["code"] == "TH"
    rels = {link["rel"]: link["href"] for link in data["links"]}
    assert rels["self"].startswith(f"http://testserver{ITEMS}/{plants[1].pk}")
    assert rels["collection"] == "http://testserver/ogc/collections/concrete_plant" and "alternate" in rels


def test_it_answers_json_to_any_client_and_html_to_browsers(client, alice, plants):
    assert get(client, alice, ITEMS, HTTP_ACCEPT="*/*")["Content-Type"] == "application/geo+json"
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = get(client, alice, ITEMS, HTTP_ACCEPT=browser)
    assert page["Content-Type"].startswith("text/html") and "ogc-map" in page.content.decode()
    assert get(client, alice, f"{ITEMS}?f=json", HTTP_ACCEPT=browser)["Content-Type"] == "application/geo+json"
    assert get(client, alice, "/ogc/collections?f=html")["Content-Type"].startswith("text/html")
    assert "天河区" in get(client, alice, f"{ITEMS}/{plants[1].pk}?f=html").content.decode()


def test_it_leaves_numberMatched_out_above_the_exact_count_limit(client, alice, plants, settings):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "OGC_EXACT_COUNT_LIMIT": 3}
    first = body(get(client, alice, f"{ITEMS}?limit=2"))
    assert "numberMatched" not in first and first["numberReturned"] == 2
    assert "numberMatched" not in body(get(client, alice, f"{ITEMS}?limit=2&after={first['features'][1]['id']}"))
    assert body(get(client, alice, f"{ITEMS}?district_name=天河区"))["numberMatched"] == 1


def test_it_counts_a_first_page_that_holds_every_match_itself(client, alice, plants, settings):
    # Above the limit too: the 4 plants on one page are all the matches, exactly, with no count query.
    settings.GEO_SERVER = {**settings.GEO_SERVER, "OGC_EXACT_COUNT_LIMIT": 3}
    for url in (ITEMS, f"{ITEMS}?sortby=-name"):
        with CaptureQueriesContext(connection) as queries:
            assert body(get(client, alice, url))["numberMatched"] == 4
        assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def test_it_challenges_anonymous_clients_with_an_ogc_exception(client, db):
    response = client.get("/ogc/collections")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Basic")
    assert (body(response)["code"], body(response)["geo_server_code"]) == ("NoApplicableCode", "not_authenticated")


def test_it_counts_exactly_on_request_with_result_type_hits(client, alice, plants, settings):
    settings.GEO_SERVER = {**settings.GEO_SERVER, "OGC_EXACT_COUNT_LIMIT": 3}
    data = body(get(client, alice, f"{ITEMS}?resultType=hits"))
    assert (data["numberMatched"], data["numberReturned"], data["features"]) == (4, 0, [])


def test_it_refuses_a_filter_value_outside_the_fields_range(client, alice, plants):
    response = get(client, alice, f"{ITEMS}?risk_level=-1")
    assert response.status_code == 400
    assert body(response)["code"] == "InvalidParameterValue"


def test_it_writes_no_features_for_rows_django_proves_empty(db):
    # Django compiles no SQL for a filter it proves empty (pk__in=[]); there is nothing to write.
    assert feature_texts(LAYERS["concrete_plant"], Feature.objects.filter(pk__in=[]), CRS84) == []
