"""The map's search box (/api/search): scoped features by code or name, districts and streets by name."""

import pytest

from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, YUEXIU_PARK, point_feature

pytestmark = pytest.mark.django_db


@pytest.fixture
def plants():
    return [point_feature("CP-TH-001", *TIANHE_SPORTS_CENTER, name="天河搅拌站"),
            point_feature("CP-TH-0011", *TIANHE_SPORTS_CENTER, name="天河第二搅拌站"),
            point_feature("CP-HZ-001", *CANTON_TOWER, name="海珠搅拌站"),
            point_feature("CP-YX-001", *YUEXIU_PARK, name="越秀搅拌站", name_en="Yuexiu Plant")]


def search(client, user, q):
    client.force_login(user)
    return client.get("/api/search", {"q": q})


def codes(response) -> list[str]:
    return [result["code"] for result in response.json()["features"]]


def test_it_finds_a_district_officers_features_only(client, bob, plants):
    assert codes(search(client, bob, "cp-")) == ["CP-TH-001", "CP-TH-0011"]
    assert codes(search(client, bob, "CP-HZ-001")) == []
    assert codes(search(client, bob, "海珠")) == []


def test_it_finds_every_feature_for_the_province(client, alice, plants):
    assert codes(search(client, alice, "搅拌站")) == ["CP-HZ-001", "CP-TH-001", "CP-TH-0011", "CP-YX-001"]


def test_it_puts_the_exact_code_first(client, alice, plants):
    assert codes(search(client, alice, "0011")) == ["CP-TH-0011"]
    assert codes(search(client, alice, "cp-th-0011")) == ["CP-TH-0011"]
    assert codes(search(client, alice, "CP-TH-001"))[0] == "CP-TH-001"


def test_it_matches_english_names(client, alice, plants):
    assert codes(search(client, alice, "yuexiu plant")) == ["CP-YX-001"]


def test_it_answers_where_a_feature_is_and_its_record(client, bob, plants):
    result = search(client, bob, "CP-TH-001").json()["features"][0]
    assert result["point"] == pytest.approx([TIANHE_SPORTS_CENTER[1], TIANHE_SPORTS_CENTER[0]])
    assert result["bounds"] == [pytest.approx([23.138, 113.324])] * 2
    assert result["url"] == f"/features/{plants[0].pk}/"
    assert result["district"] == "天河区"
    assert result["risk"] == "none"


def test_it_takes_like_wildcards_literally(client, alice, plants):
    assert codes(search(client, alice, "%")) == []
    assert codes(search(client, alice, "CP_TH")) == []


def test_it_finds_districts_and_streets_by_name(client, bob):
    areas = search(client, bob, "天河").json()["areas"]
    assert areas[0]["code"] == "440106" and areas[0]["level"] == "district"
    assert all(area["level"] == "street" for area in areas[1:])
    south_west, north_east = areas[0]["bounds"]
    assert south_west[0] < TIANHE_SPORTS_CENTER[1] < north_east[0]
    assert south_west[1] < TIANHE_SPORTS_CENTER[0] < north_east[1]


@pytest.mark.parametrize("q, code", [("", "search_empty"), ("   ", "search_empty"), ("x" * 65, "search_too_long")])
def test_it_refuses_a_bad_query(client, bob, q, code):
    response = search(client, bob, q)
    assert response.status_code == 400
    assert response.json()["code"] == code


def test_it_refuses_a_missing_query(client, bob):
    client.force_login(bob)
    response = client.get("/api/search")
    assert response.status_code == 400 and response.json()["code"] == "search_empty"


def test_it_asks_anonymous_callers_to_log_in(client, plants):
    response = client.get("/api/search", {"q": "CP"})
    assert response.status_code == 401


def test_it_answers_a_nul_character_with_a_client_error(client, bob):
    response = search(client, bob, "CP\x00")
    assert response.status_code == 400


@pytest.fixture
def buildings():
    from geo_server.sectors.buildings.models import BuildingDetail

    made = []
    for code, where, address in (("B-TH-1", TIANHE_SPORTS_CENTER, "天河路385号"), ("B-TH-2", TIANHE_SPORTS_CENTER, "体育东路12号"),
                                 ("B-HZ-1", CANTON_TOWER, "阅江西路222号")):
        feature = point_feature(code, *where, kind="building", name=f"{code} 楼")
        BuildingDetail.objects.create(feature=feature, address=address, floors=6, structure="frame", use="residential",
                                      year_built=1995, floor_area_m2=3000, safety_grade="B")
        made.append(feature)
    return made


def test_it_finds_a_building_by_part_of_its_address_and_says_so(client, alice, buildings):
    response = search(client, alice, "路385")
    assert codes(response) == ["B-TH-1"]
    assert response.json()["features"][0]["matched"] == "天河路385号"
    assert codes(search(client, alice, "西路")) == ["B-HZ-1"]
    # Found by its code, the address is not offered as the reason.
    assert search(client, alice, "B-TH-2").json()["features"][0]["matched"] == ""


def test_an_address_search_stays_in_the_users_jurisdiction(client, bob, buildings):
    assert codes(search(client, bob, "号")) == ["B-TH-1", "B-TH-2"]
    assert codes(search(client, bob, "阅江西路")) == []


def test_an_address_is_only_matched_on_its_own_kind(client, alice, buildings, plants):
    # A plant has no building detail: a search for a building's address never finds it.
    assert codes(search(client, alice, "天河路")) == ["B-TH-1"]
