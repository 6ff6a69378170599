"""The hazard list: codes accepted and refused, whitelisted sorts with keyset paging, and the page's
table, map data and export links."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, YUEXIU_PARK, point_feature


def building(code, name, where, grade):
    feature = point_feature(code, *where, kind="building", name=name)
    BuildingDetail.objects.create(feature=feature, address="天河路", floors=6, structure="frame", use="residential",
                                  year_built=1995, floor_area_m2=3000, safety_grade=grade)
    return feature


@pytest.fixture
def hazards(tianhe_office):
    """Tianhe red (deadline in 10 days), Haizhu orange (no deadline), Yuexiu red (overdue, 3 days old)."""
    features = [building("B-TH", "天河危房", TIANHE_SPORTS_CENTER, "D"), building("B-HZ", "海珠危房", CANTON_TOWER, "C"),
                building("B-YX", "越秀危房", YUEXIU_PARK, "D")]
    sweep("building")
    tianhe, haizhu, yuexiu = (Hazard.objects.get(feature=f) for f in features)
    today = timezone.localdate()
    Hazard.objects.filter(pk=tianhe.pk).update(state="dispatched", deadline=today + timedelta(days=10))
    # A new hazard has its dispatch deadline; without one (raised before they existed) it sorts last.
    Hazard.objects.filter(pk=haizhu.pk).update(deadline=None)
    Hazard.objects.filter(pk=yuexiu.pk).update(state="notice_issued", deadline=today - timedelta(days=1),
                                               created_at=timezone.now() - timedelta(days=3))
    return tianhe, haizhu, yuexiu


def codes(client, query):
    response = client.get(f"/api/hazards?{query}")
    assert response.status_code == 200, response.json()
    return [h["feature"]["code"] for h in response.json()["hazards"]]


@pytest.mark.parametrize("query, code", [
    ("level=purple", "invalid_level"),
    ("state=lost", "invalid_state"),
    ("kind=castle", "invalid_kind"),
    ("district=999999", "invalid_district"),
    ("district=440100", "invalid_district"),  # a city, not a district
    ("overdue=maybe", "invalid_overdue"),
    ("sort=name", "invalid_sort"),
    ("sort=deadline&after=tomorrow_3", "invalid_after"),
    ("colour=red", "unknown_parameter"),
])
def test_it_refuses_unknown_codes_with_a_stable_code(client, alice, query, code):
    client.force_login(alice)
    response = client.get(f"/api/hazards?{query}")
    assert (response.status_code, response.json()["code"]) == (400, code)


def test_it_filters_by_codes(client, alice, hazards):
    client.force_login(alice)
    assert codes(client, "level=red") == ["B-TH", "B-YX"]
    assert codes(client, "level=orange,red&district=440105") == ["B-HZ"]
    assert codes(client, "state=dispatched,new") == ["B-TH", "B-HZ"]
    assert codes(client, "kind=building&overdue=true") == ["B-YX"]
    assert codes(client, "overdue=false") == ["B-TH", "B-HZ"]


@pytest.mark.parametrize("sort, expected", [
    ("deadline", ["B-YX", "B-TH", "B-HZ"]),  # no deadline last
    ("-deadline", ["B-TH", "B-YX", "B-HZ"]),  # ... either way
    ("level", ["B-HZ", "B-TH", "B-YX"]),  # ties by id
    ("-level", ["B-TH", "B-YX", "B-HZ"]),
    ("district", ["B-YX", "B-HZ", "B-TH"]),  # 440104 越秀, 440105 海珠, 440106 天河
    ("-district", ["B-TH", "B-HZ", "B-YX"]),
    ("-age", ["B-YX", "B-TH", "B-HZ"]),  # oldest first
])
def test_it_sorts_and_pages_by_keyset_in_that_order(client, alice, hazards, sort, expected):
    client.force_login(alice)
    assert codes(client, f"sort={sort}") == expected
    seen, url = [], f"/api/hazards?sort={sort}&limit=1"
    while url:
        body = client.get(url).json()
        seen += [h["feature"]["code"] for h in body["hazards"]]
        url = body["links"][0]["href"] if body["links"] else None
    assert seen == expected


def test_the_page_shows_filters_sort_links_map_data_and_export_links(client, bob, hazards):
    tianhe = hazards[0]
    client.force_login(bob)
    response = client.get("/hazards/?level=red&sort=deadline", HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = response.content.decode()
    assert f'data-hazard="{tianhe.pk}"' in page and "天河危房" in page
    assert "海珠危房" not in page  # outside bob's district
    assert '<option value="red" selected>' in page and "天河区" in page
    assert 'href="?level=red&amp;sort=-deadline"' in page  # the current sort reverses
    geojson = response.context["map_data"]
    assert [f["id"] for f in geojson["features"]] == [tianhe.pk]
    assert geojson["features"][0]["geometry"] == {"type": "Point", "coordinates": list(TIANHE_SPORTS_CENTER)}
    assert geojson["features"][0]["properties"]["level"] == "red"
    exports = dict(response.context["exports"])
    assert exports["CSV"].startswith("/exports/?layer=hazards&state=new%2Cdispatched") and "risk=red" in exports["CSV"]
    assert "format=geojson" in exports["GeoJSON"]


def test_the_pages_export_link_gives_what_the_table_lists(client, alice, hazards):
    client.force_login(alice)
    response = client.get("/hazards/?level=red&overdue=true")
    table = [h["id"] for h in response.context["hazards"]]
    csv_href = dict(response.context["exports"])["GeoJSON"]
    exported = json.loads(b"".join(client.get(csv_href).streaming_content))
    assert [f["id"] for f in exported["features"]] == table == [hazards[2].pk]


def test_the_page_shows_a_bad_filter_as_a_message(client, alice, hazards):
    client.force_login(alice)
    page = client.get("/hazards/?level=purple", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Unknown level(s): purple" in page and "No hazards." in page


def test_the_page_pages_with_the_sort_kept(client, alice, hazards, settings):
    client.force_login(alice)
    first = client.get("/hazards/?sort=-level&limit=2")
    assert [h["feature"]["code"] for h in first.context["hazards"]] == ["B-TH", "B-YX"]
    following = first.context["next_query"]
    second = client.get(f"/hazards/?{following}")
    assert [h["feature"]["code"] for h in second.context["hazards"]] == ["B-HZ"]
    assert second.context["next_query"] == ""
