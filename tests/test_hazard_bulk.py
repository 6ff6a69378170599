"""The hazard list for real workloads: bulk dispatch (API and page, all or none, each hazard through the
one transition path), the export of the ticked rows, the page size and the rule's title in the rows."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from geo_server.accounts.models import Organisation
from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.supervision import events as events_module
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard, HazardEvent
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, area, make_user, point_feature

pytestmark = pytest.mark.django_db


def building(code, name, where, grade, organisation):
    feature = point_feature(code, *where, kind="building", name=name, organisation=organisation)
    BuildingDetail.objects.create(feature=feature, address="天河路", floors=6, structure="frame", use="residential",
                                  year_built=1995, floor_area_m2=3000, safety_grade=grade)
    return feature


@pytest.fixture
def hazards(tianhe_office, enterprise):
    """Three in Tianhe (red, red, orange) and one in Haizhu (red), all new, all the enterprise's."""
    lon, lat = TIANHE_SPORTS_CENTER
    features = [building("B-1", "天河一号楼", (lon, lat), "D", enterprise),
                building("B-2", "天河二号楼", (lon + 0.001, lat), "D", enterprise),
                building("B-3", "天河三号楼", (lon, lat + 0.001), "C", enterprise),
                building("B-HZ", "海珠秘密楼", CANTON_TOWER, "D", enterprise)]
    sweep("building")
    return [Hazard.objects.get(feature=f) for f in features]


def dispatch(client, user, body):
    client.force_login(user)
    return client.post("/api/hazards/dispatch", json.dumps(body), content_type="application/json")


def states(hazards):
    return [Hazard.objects.get(pk=h.pk).state for h in hazards]


@pytest.mark.parametrize("body", [{}, {"ids": []}, {"ids": "1,2"}, {"ids": [1.5]}, {"ids": [True]}, {"ids": [0]},
                                  {"ids": [-3]}, {"ids": ["7"] * 2 + [0]}, {"ids": list(range(1, 202))}])
def test_it_refuses_bad_ids_with_a_stable_code(client, bob, body):
    response = dispatch(client, bob, body)
    assert (response.status_code, response.json()["code"]) == (400, "invalid_ids")


def test_it_refuses_a_body_that_is_not_an_object_and_a_bad_deadline(client, bob, hazards):
    assert dispatch(client, bob, [hazards[0].pk]).json()["code"] == "bad_json"
    response = dispatch(client, bob, {"ids": [hazards[0].pk], "deadline": "soon"})
    assert (response.status_code, response.json()["code"]) == (400, "invalid_deadline")
    assert states(hazards[:1]) == ["new"]


def test_it_dispatches_them_all_each_as_a_single_dispatch_would(client, bob, hazards, enterprise):
    tianhe = hazards[:3]
    response = dispatch(client, bob, {"ids": [h.pk for h in tianhe], "reason": "集中派发"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["numberDispatched"] == 3 and [h["id"] for h in body["dispatched"]] == [h.pk for h in tianhe]
    today = timezone.localdate()
    stored = [Hazard.objects.get(pk=h.pk) for h in tianhe]
    assert [(h.state, h.version, h.responsible_organisation_id) for h in stored] == [("dispatched", 2, enterprise.pk)] * 3
    # The deadline by level, as a single dispatch gives: red 7 days, orange 15.
    assert [h.deadline for h in stored] == [today + timedelta(days=7)] * 2 + [today + timedelta(days=15)]
    events = HazardEvent.objects.filter(hazard__in=tianhe, action="dispatch")
    assert sorted((e.hazard_id, e.actor.username, e.reason) for e in events) == [(h.pk, "bob", "集中派发") for h in tianhe]
    assert states(hazards[3:]) == ["new"]


def test_the_subscribers_get_the_dispatches_as_one_batch(client, bob, hazards, monkeypatch,
                                                        django_capture_on_commit_callbacks):
    delivered = []
    monkeypatch.setattr(events_module, "deliver", delivered.append)
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch(client, bob, {"ids": [h.pk for h in hazards[:3]]}).status_code == 200
    assert [sorted(e.hazard_id for e in batch) for batch in delivered] == [sorted(h.pk for h in hazards[:3])]


def test_a_given_deadline_applies_to_each(client, bob, hazards):
    deadline = timezone.localdate() + timedelta(days=20)
    assert dispatch(client, bob, {"ids": [hazards[0].pk, hazards[2].pk], "deadline": deadline.isoformat()}).status_code == 200
    assert [Hazard.objects.get(pk=h.pk).deadline for h in (hazards[0], hazards[2])] == [deadline] * 2


def test_a_hazard_outside_the_jurisdiction_is_a_404_like_a_missing_one_and_nothing_moves(client, bob, hazards):
    tianhe, haizhu = hazards[0], hazards[3]
    outside = dispatch(client, bob, {"ids": [tianhe.pk, haizhu.pk]})
    assert (outside.status_code, outside.json()["code"], outside.json()["details"]["hazard"]) == \
        (404, "hazard_not_found", haizhu.pk)
    missing_id = max(h.pk for h in hazards) + 1000
    missing = dispatch(client, bob, {"ids": [tianhe.pk, missing_id]})
    assert (missing.status_code, missing.json()["code"]) == (404, "hazard_not_found")
    # The same answer but the id: nothing tells an existing hazard from a missing one.
    assert outside.json()["message"].replace(str(haizhu.pk), "N") == missing.json()["message"].replace(str(missing_id), "N")
    assert "海珠" not in outside.content.decode()
    assert states(hazards) == ["new"] * 4  # the Tianhe one was rolled back
    assert not HazardEvent.objects.filter(action="dispatch").exists()


def test_a_hazard_in_the_wrong_state_is_a_409_naming_it_and_nothing_moves(client, bob, hazards):
    first, second, third = hazards[:3]
    Hazard.objects.filter(pk=second.pk).update(state="dispatched")
    response = dispatch(client, bob, {"ids": [first.pk, second.pk, third.pk]})
    body = response.json()
    assert (response.status_code, body["code"], body["details"]["hazard"], body["details"]["state"]) == \
        (409, "illegal_transition", second.pk, "dispatched")
    assert states([first, second, third]) == ["new", "dispatched", "new"]


def test_only_those_who_may_act_dispatch(client, hazards, tianhe_office, erin):
    viewer = make_user("vera", tianhe_office, "read_only")
    response = dispatch(client, viewer, {"ids": [hazards[0].pk]})
    assert (response.status_code, response.json()["code"], response.json()["details"]["hazard"]) == \
        (403, "not_allowed", hazards[0].pk)
    # The enterprise sees its hazards (it is responsible) but dispatching is the office's.
    response = dispatch(client, erin, {"ids": [hazards[0].pk]})
    assert (response.status_code, response.json()["code"]) == (403, "not_allowed")
    assert states(hazards[:1]) == ["new"]


def test_a_street_office_of_another_district_sees_none_of_them(client, hazards):
    haizhu = Organisation.objects.create(name="海珠区住房和建设局", type="district_office", jurisdiction=area("440105"))
    dora = make_user("dora", haizhu, "district_officer")
    response = dispatch(client, dora, {"ids": [hazards[3].pk, hazards[0].pk]})
    assert (response.status_code, response.json()["details"]["hazard"]) == (404, hazards[0].pk)
    assert states(hazards) == ["new"] * 4


def test_the_page_dispatches_the_ticked_rows_and_comes_back_to_its_filters(client, bob, hazards):
    client.force_login(bob)
    ids = [str(h.pk) for h in hazards[:2]]
    response = client.post("/hazards/selected", {"ids": ids, "bulk_action": "dispatch", "back": "level=red&limit=25&x=evil"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response["Location"]) == (302, "/hazards/?level=red&limit=25")
    assert states(hazards) == ["dispatched", "dispatched", "new", "new"]
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 hazards dispatched." in page


def test_the_page_reports_the_hazard_that_stopped_the_dispatch(client, bob, hazards):
    client.force_login(bob)
    Hazard.objects.filter(pk=hazards[1].pk).update(state="dispatched")
    response = client.post("/hazards/selected", {"ids": [hazards[0].pk, hazards[1].pk], "bulk_action": "dispatch"},
                           HTTP_ACCEPT_LANGUAGE="en", follow=True)
    page = response.content.decode()
    assert f"Nothing was dispatched: hazard {hazards[1].pk}: Cannot dispatch a hazard in state dispatched" in page
    assert states(hazards[:2]) == ["new", "dispatched"]


def test_the_page_exports_exactly_the_ticked_rows_whatever_their_state(client, bob, hazards):
    client.force_login(bob)
    Hazard.objects.filter(pk=hazards[2].pk).update(state="closed")  # the layer's default shows open ones only
    picked = [hazards[0], hazards[2]]
    response = client.post("/hazards/selected", {"ids": [h.pk for h in picked], "bulk_action": "csv"})
    assert response.status_code == 302 and response["Location"].startswith("/exports/?layer=hazards&")
    exported = client.get(response["Location"])
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))
    assert sorted(r["feature_name"] for r in rows) == ["天河一号楼", "天河三号楼"]
    geojson = client.post("/hazards/selected", {"ids": [h.pk for h in picked] + [hazards[3].pk], "bulk_action": "geojson"})
    features = json.loads(b"".join(client.get(geojson["Location"]).streaming_content))["features"]
    assert sorted(f["id"] for f in features) == sorted(h.pk for h in picked)  # Haizhu's is not bob's to export


def test_the_export_refuses_bad_ids(client, bob):
    client.force_login(bob)
    response = client.get("/exports/?layer=hazards&ids=1,x")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_ids")


def test_the_page_offers_page_sizes_and_refuses_a_larger_one(client, bob, hazards):
    client.force_login(bob)
    page = client.get("/hazards/?limit=2", HTTP_ACCEPT_LANGUAGE="en")
    assert len(page.context["hazards"]) == 2 and "limit=2" in page.context["next_query"]
    page = client.get("/hazards/?limit=50", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="50" selected>50</option>' in page and '<option value="200">200</option>' in page
    page = client.get("/hazards/?limit=500", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "limit must be between 1 and 200." in page and "No hazards." in page


def test_the_rows_show_the_rules_title_in_the_page_language(client, bob, hazards):
    client.force_login(bob)
    zh = client.get("/hazards/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<td class="rule"' in zh and ">危险房屋等级 C/D</td>" in zh and "building.dangerous_grade" not in zh
    en = client.get("/hazards/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Dangerous-building grade C/D</td>" in en
    assert f'name="ids" value="{hazards[0].pk}"' in en and "select-page" in en


@pytest.mark.parametrize("raw, code", [
    ('{"ids": [1], "reason": 5}', "invalid_reason"),
    ('{"ids": [1], "deadline": 20300101}', "invalid_deadline"),
    ('{"ids": [1], "deadline": "2000-01-01"}', "hazard_not_found"),  # id 1 is no hazard of bob's
    ('{"ids": [[1]]}', "invalid_ids"),
    ('{"ids": [{"id": 1}]}', "invalid_ids"),
    ('{"ids": null}', "invalid_ids"),
    ('{"ids": ["１２"]}', "invalid_ids"),  # full-width digits are no id
    ("[1, 2]", "bad_json"),
    ("not json", None),
])
def test_malformed_bodies_answer_4xx_with_a_code_never_500(client, bob, raw, code):
    client.force_login(bob)
    response = client.post("/api/hazards/dispatch", raw, content_type="application/json")
    assert 400 <= response.status_code < 500 and response.json()["code"]
    if code:
        assert response.json()["code"] == code


def test_a_past_deadline_is_refused_and_rolls_back(client, bob, hazards):
    response = dispatch(client, bob, {"ids": [hazards[0].pk, hazards[1].pk], "deadline": "2000-01-01"})
    assert (response.status_code, response.json()["code"], response.json()["details"]["hazard"]) == \
        (400, "invalid_deadline", hazards[0].pk)
    assert states(hazards[:2]) == ["new", "new"]


def test_get_is_not_allowed(client, bob):
    client.force_login(bob)
    assert client.get("/api/hazards/dispatch").status_code == 405
