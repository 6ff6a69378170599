"""Health, login and the record page."""

import json

from geo_server.sectors.buildings.models import BuildingDetail
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, point_feature


def test_it_answers_health_without_login(client, db):
    response = client.get("/health")
    assert response.status_code == 200
    assert json.loads(response.content)["status"] == "ok"


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_a_record_with_details_and_masked_personal_data(client, alice):
    building = point_feature("B1", *CANTON_TOWER, kind="building", name="测试楼")
    BuildingDetail.objects.create(feature=building, address="阅江西路222号", floors=3, structure="frame",
                                  use="public", year_built=2009, floor_area_m2=1000, owner_phone="13812345678")
    client.force_login(alice)
    page = client.get(f"/features/{building.pk}/").content.decode()
    assert "测试楼" in page and "海珠区" in page and "阅江西路222号" in page
    assert "138****5678" in page and "13812345678" not in page


def test_it_answers_404_for_a_record_outside_the_jurisdiction(client, bob):
    hidden = point_feature("HZ", *CANTON_TOWER)
    visible = point_feature("TH", *TIANHE_SPORTS_CENTER)
    client.force_login(bob)
    assert client.get(f"/features/{hidden.pk}/").status_code == 404
    assert client.get(f"/features/{visible.pk}/").status_code == 200


def test_it_shows_the_map_page_in_english_on_request(client, alice):
    client.force_login(alice)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert '"title": "Buildings"' in page
