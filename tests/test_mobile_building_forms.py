"""The buildings sector's phone forms through the phone's API: a census entry and a curtain-wall
inspection queued offline sync once (the client UUID), within the user's jurisdiction, refuse bad
input with a JSON code, and take their photos after them; an inspection moves the wall's last
inspection and so its next due date."""

import json
import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone

from geo_server.mobile.models import SyncAction
from geo_server.patrols.models import PatrolPlan
from geo_server.patrols.zones import create_zone
from geo_server.sectors.buildings.models import BuildingDetail, CensusRecord, CurtainWallInspection
from geo_server.supervision.models import Photo
from tests.building_world import building
from tests.conftest import CANTON_TOWER, make_user
from tests.photos import upload
from tests.test_zones import SQUARE


def new_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def ivan(tianhe_office):
    return make_user("ivan", tianhe_office, "inspector")


def sync(client, user, *actions):
    client.force_login(user)
    response = client.post("/api/m/sync", json.dumps({"actions": list(actions)}), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def census(feature, **fields):
    return {"id": new_id(), "type": "building_census", "feature": feature.pk, "surveyed_on": "2026-05-06",
            "structure": "brick_concrete", "floors": 5, "year_built": 1986, "use": "residential",
            "visible_defects": "外墙斜裂缝", "suggests_danger": True, **fields}


def inspection(feature, **fields):
    return {"id": new_id(), "type": "curtain_wall_inspection", "feature": feature.pk, "inspected_on": "2026-05-06",
            "result": "repair", "findings": "东立面两块玻璃面板松动", **fields}


def test_a_census_entry_syncs_once_with_the_user_as_surveyor(client, ivan, tianhe_office):
    house = building("TH-1")
    action = census(house)
    first = sync(client, ivan, action)[0]
    assert (first["status"], first["type"]) == ("applied", "building_census")
    entry = CensusRecord.objects.get()
    assert first["result"] == {"feature": house.pk, "census": entry.pk, "surveyed_on": "2026-05-06",
                               "suggests_danger": True}
    assert (entry.building_id, entry.surveyor, entry.structure, entry.floors, entry.year_built, entry.use,
            entry.visible_defects) == (house.pk, "ivan", "brick_concrete", 5, 1986, "residential", "外墙斜裂缝")
    # The phone sends it again (no answer reached it): the stored result, no second entry.
    again = sync(client, ivan, action)[0]
    assert (again["status"], again["result"]) == ("duplicate", first["result"])
    assert CensusRecord.objects.count() == 1 and SyncAction.objects.filter(type="building_census").count() == 1


def test_a_census_entry_is_refused_with_a_code_for_bad_input_or_outside_the_jurisdiction(client, ivan, tianhe_office):
    house, haizhu = building("TH-1"), building("HZ-1", where=CANTON_TOWER)
    bad = sync(client, ivan, census(house, floors=0, structure="mud", surveyed_on="2026-13-01"))[0]
    assert (bad["status"], bad["code"]) == ("error", "invalid_census")
    assert {e["column"] for e in bad["details"]["errors"]} == {"floors", "structure", "surveyed_on"}
    elsewhere = sync(client, ivan, census(haizhu))[0]
    assert (elsewhere["status"], elsewhere["code"]) == ("error", "not_found")
    wrong_feature = sync(client, ivan, {**census(house), "feature": "1"})[0]
    assert (wrong_feature["status"], wrong_feature["code"]) == ("error", "invalid_feature")
    reader = make_user("rita", tianhe_office, "read_only")
    assert sync(client, reader, census(house))[0]["code"] == "forbidden"
    assert CensusRecord.objects.count() == 0 and not SyncAction.objects.exists()


def test_the_census_photos_follow_it_once(client, ivan, tianhe_office):
    house = building("TH-1")
    action = census(house)
    client.force_login(ivan)
    photo_id = new_id()
    # Before its record synced: refused, kept on the phone for later.
    early = client.post("/api/m/photos", {"id": photo_id, "record": action["id"], "file": upload()})
    assert (early.status_code, early.json()["code"]) == (404, "record_not_found")
    sync(client, ivan, action)
    response = client.post("/api/m/photos", {"id": photo_id, "record": action["id"], "file": upload()})
    assert response.status_code == 201, response.content
    entry, photo = CensusRecord.objects.get(), Photo.objects.get()
    assert response.json()["result"] == {"record": action["id"], "census": entry.pk, "feature": house.pk,
                                         "photo": photo.pk}
    assert entry.photos == [photo.image.name]
    replay = client.post("/api/m/photos", {"id": photo_id, "record": action["id"], "file": upload()})
    assert (replay.status_code, replay.json()["status"]) == (200, "duplicate")
    assert Photo.objects.count() == 1 and CensusRecord.objects.get().photos == [photo.image.name]
    # Someone else cannot hang a photo on ivan's record.
    other = make_user("olga", tianhe_office, "inspector")
    client.force_login(other)
    refused = client.post("/api/m/photos", {"id": new_id(), "record": action["id"], "file": upload()})
    assert (refused.status_code, refused.json()["code"]) == (404, "record_not_found")


def test_a_curtain_wall_inspection_moves_the_last_inspection_and_the_next_due_date(client, ivan, tianhe_office):
    # Built 1995: yearly inspections since 2020-01-01.
    wall = building("TH-W", curtain_wall="framed", last_curtain_wall_inspection=date(2023, 3, 1))
    assert BuildingDetail.objects.get(pk=wall.pk).curtain_wall_next_due == date(2024, 3, 1)
    result = sync(client, ivan, inspection(wall))[0]
    assert result["status"] == "applied", result
    assert (result["result"]["last_inspection"], result["result"]["next_due"]) == ("2026-05-06", "2027-05-06")
    detail = BuildingDetail.objects.get(pk=wall.pk)
    assert (detail.last_curtain_wall_inspection, detail.curtain_wall_next_due) == (date(2026, 5, 6), date(2027, 5, 6))
    stored = CurtainWallInspection.objects.get()
    assert (stored.inspector, stored.result, stored.findings) == (ivan, "repair", "东立面两块玻璃面板松动")
    # An older inspection synced late is recorded but does not move the last inspection back.
    late = sync(client, ivan, inspection(wall, inspected_on="2025-11-20", result="pass", findings=""))[0]
    assert (late["status"], late["result"]["last_inspection"]) == ("applied", "2026-05-06")
    assert CurtainWallInspection.objects.count() == 2


def test_a_curtain_wall_inspection_is_refused_with_a_code(client, ivan, tianhe_office):
    wall, plain = building("TH-W", curtain_wall="framed"), building("TH-P", where=(113.3250, 23.1380))
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    cases = [
        (inspection(plain), "no_curtain_wall"),
        (inspection(wall, result="fine"), "invalid_inspection"),
        (inspection(wall, inspected_on=tomorrow), "invalid_inspection"),
        (inspection(wall, findings=""), "invalid_inspection"),  # a failed wall needs its findings
        (inspection(building("HZ-W", where=CANTON_TOWER, curtain_wall="framed")), "feature_not_found"),
    ]
    results = sync(client, ivan, *[action for action, _code in cases])
    assert [(r["status"], r["code"]) for r in results] == [("error", code) for _action, code in cases]
    assert not CurtainWallInspection.objects.exists()
    assert BuildingDetail.objects.get(pk=wall.pk).last_curtain_wall_inspection is None


def test_today_offers_each_building_its_forms(client, ivan, bob):
    zone = create_zone(bob, "体育中心", SQUARE)
    PatrolPlan.objects.create(zone=zone).inspectors.set([ivan])
    wall, house = building("TH-W", curtain_wall="framed"), building("TH-1", where=(113.3250, 23.1380))
    client.force_login(ivan)
    body = client.get("/api/m/today", HTTP_ACCEPT_LANGUAGE="en").json()
    forms = {f["action"]: f for f in body["forms"]}
    assert {"building_census", "curtain_wall_inspection"} <= set(forms)
    census_fields = {f["name"]: f for f in forms["building_census"]["fields"]}
    assert (census_fields["floors"]["type"], census_fields["floors"]["min"]) == ("integer", 1)
    assert ["brick_concrete", "Brick-concrete"] in census_fields["structure"]["choices"]
    offered = {f["id"]: f["properties"]["forms"] for f in body["features"]["features"]}
    assert offered[wall.pk] == ["building_census", "curtain_wall_inspection"]
    assert offered[house.pk] == ["building_census"]


def test_the_building_page_shows_the_walls_inspections_and_next_due_date(client, ivan, bob, tianhe_office):
    wall = building("TH-W", curtain_wall="framed", last_curtain_wall_inspection=date(2023, 3, 1))
    sync(client, ivan, inspection(wall, findings="<b>东立面</b>面板松动"))
    client.force_login(bob)
    html = client.get(f"/features/{wall.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = html[html.index('class="curtain-wall"'):]
    assert '<dd class="last-inspection">2026-05-06</dd>' in section
    assert '<dd class="next-due">2027-05-06</dd>' in section
    row = section[section.index("data-inspection="):section.index("</tr>", section.index("data-inspection="))]
    assert "Defects to repair" in row and "&lt;b&gt;东立面&lt;/b&gt;面板松动" in row
