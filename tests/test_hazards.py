"""The supervision loop on PostGIS: sweeps upsert warnings, promote hazards, and the rectification
API moves them strictly, with versions, roles and jurisdictions checked."""

import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from geo_server.accounts.models import Organisation
from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard, HazardEvent, RuleThreshold, Warning
from geo_server.supervision.photos import store_photo
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, area, make_user, point_feature
from tests.photos import upload


def building(code, where=TIANHE_SPORTS_CENTER, grade="D", organisation=None, **extra):
    feature = point_feature(code, *where, kind="building", organisation=organisation)
    BuildingDetail.objects.create(feature=feature, address="天河路", floors=6, structure="frame", use="residential",
                                  year_built=1995, floor_area_m2=3000, safety_grade=grade, **extra)
    return feature


@pytest.fixture
def hazard(tianhe_office, enterprise):
    feature = building("B-1", organisation=enterprise)
    sweep("building")
    return Hazard.objects.get(feature=feature)


def post(client, user, hazard_id, **body):
    client.force_login(user)
    return client.post(f"/api/hazards/{hazard_id}/transitions", json.dumps(body), content_type="application/json")


def act(client, user, hazard_id, action, **body):
    version = Hazard.objects.get(pk=hazard_id).version
    response = post(client, user, hazard_id, action=action, version=version, **body)
    assert response.status_code == 200, response.json()
    return response.json()


def test_it_promotes_a_red_warning_to_a_hazard_with_district_geometry_and_owner(hazard, enterprise):
    assert (hazard.rule_code, hazard.level, hazard.state, hazard.version) == ("building.dangerous_grade", 3, "new", 1)
    assert hazard.district.code == "440106" and hazard.responsible_organisation == enterprise
    assert hazard.geom.coords == pytest.approx(TIANHE_SPORTS_CENTER)


def test_it_routes_an_ownerless_feature_to_no_one_not_to_the_offices_of_its_area(tianhe_office):
    feature = building("B-9")
    Organisation.objects.create(name="街道办", type="street_office", jurisdiction=feature.street, parent=tianhe_office)
    sweep("building")
    hazard = Hazard.objects.get(feature=feature)
    # It waits for its party under a dispatch deadline: a red hazard, one day.
    assert (hazard.responsible_organisation, hazard.deadline) == (None, timezone.localdate() + timedelta(days=1))


def test_it_updates_open_warnings_instead_of_duplicating_them(hazard):
    first = Warning.objects.get(feature=hazard.feature)
    result = sweep("building")
    again = Warning.objects.get(feature=hazard.feature)
    assert (again.pk, again.first_seen) == (first.pk, first.first_seen) and again.last_seen > first.last_seen
    assert result.hazards == 0 and Hazard.objects.filter(feature=hazard.feature).count() == 1


def test_it_closes_a_warning_that_stops_firing_but_keeps_its_hazard(hazard):
    BuildingDetail.objects.filter(feature=hazard.feature).update(safety_grade="B")
    assert sweep("building").closed == 1
    assert not Warning.objects.filter(feature=hazard.feature, is_open=True).exists()
    assert Hazard.objects.get(pk=hazard.pk).state == "new"


def test_it_applies_an_area_threshold_from_the_database(tianhe_office):
    feature = point_feature("S-1", *TIANHE_SPORTS_CENTER, kind="construction_site", status="under_construction")
    from geo_server.sectors.worksites.models import ConstructionSiteDetail
    ConstructionSiteDetail.objects.create(feature=feature, permit_no="P1", general_contractor="X", registered_workers=1,
                                          started_on=date(2020, 1, 1), planned_completion=timezone.localdate() - timedelta(days=20))
    sweep("construction_site")
    assert Warning.objects.get(feature=feature).level == 1
    RuleThreshold.objects.create(rule_code="site.past_planned_completion", area=area("440106"),
                                 parameters={"orange_after_days": 10})
    sweep("construction_site")
    assert Warning.objects.get(feature=feature, is_open=True).level == 2


def test_it_runs_the_command_twice_without_duplicates(hazard):
    call_command("evaluate_rules", "--kind", "building", stdout=open("/dev/null", "w"))
    call_command("evaluate_rules", "--kind", "building", stdout=open("/dev/null", "w"))
    assert Warning.objects.filter(feature=hazard.feature).count() == 1
    assert Hazard.objects.filter(feature=hazard.feature).count() == 1


def reply_with_evidence(client, user, hazard_id, reason="加固完成", grade="B"):
    """Reply as the responsible side with a photo, a re-appraisal of the dangerous building published."""
    from tests.loop import publish_reappraisal

    hazard = Hazard.objects.get(pk=hazard_id)
    publish_reappraisal(hazard.feature_id, grade=grade)
    photo = store_photo(upload(), user, hazard=hazard)
    return act(client, user, hazard_id, "reply", reason=reason, photos=[photo.pk])


def test_it_drives_a_hazard_through_the_fixed_path(client, hazard, bob, erin, media):
    act(client, bob, hazard.pk, "dispatch")
    act(client, bob, hazard.pk, "issue_notice")
    reply_with_evidence(client, erin, hazard.pk)
    act(client, bob, hazard.pk, "confirm")
    body = act(client, bob, hazard.pk, "close")
    assert (body["state"], body["version"], body["allowed_actions"]) == ("closed", 6, [])
    assert [(e["actor"], e["from"], e["to"]) for e in body["timeline"]] == [
        (None, "", "new"), ("bob", "new", "dispatched"), ("bob", "dispatched", "notice_issued"), ("erin", "notice_issued", "replied"),
        ("bob", "replied", "confirmed"), ("bob", "confirmed", "closed")]
    # Red: 7 days to rectify by default.
    assert body["deadline"] == (timezone.localdate() + timedelta(days=7)).isoformat()


def test_it_sends_a_rejected_reply_back_to_notice_issued_then_fixes_it(client, hazard, bob, erin, media):
    for user, action in ((bob, "dispatch"), (bob, "issue_notice"), (erin, "reply")):
        act(client, user, hazard.pk, action, reason="r")
    response = post(client, bob, hazard.pk, action="reject", version=4)
    assert (response.status_code, response.json()["code"]) == (400, "reason_required")
    assert act(client, bob, hazard.pk, "reject", reason="照片不清楚")["state"] == "notice_issued"
    reply_with_evidence(client, erin, hazard.pk, reason="补充照片")
    act(client, bob, hazard.pk, "confirm")
    assert act(client, bob, hazard.pk, "close")["state"] == "closed"
    assert HazardEvent.objects.get(hazard=hazard, action="reject").reason == "照片不清楚"


def test_it_extends_the_deadline_with_a_reason(client, hazard, bob):
    act(client, bob, hazard.pk, "dispatch", deadline="2030-01-10")
    response = post(client, bob, hazard.pk, action="extend", version=2, deadline="2030-01-05", reason="雨季")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_deadline")
    body = act(client, bob, hazard.pk, "extend", deadline="2030-02-10", reason="雨季")
    assert (body["state"], body["deadline"]) == ("dispatched", "2030-02-10")
    assert body["timeline"][-1]["data"] == {"deadline": "2030-02-10"}


def test_it_refers_a_misrouted_hazard_to_another_organisation(client, hazard, bob, erin):
    # The building's property manager, recorded after the raise: it now answers for the building.
    other = Organisation.objects.create(name="天河物业管理有限公司", type="enterprise", jurisdiction=area("440106"))
    frank = make_user("frank", other, "enterprise_user")
    act(client, bob, hazard.pk, "dispatch")
    BuildingDetail.objects.filter(feature=hazard.feature).update(manager_organisation=other)
    body = act(client, bob, hazard.pk, "refer", organisation=other.pk, reason="物业负责整改")
    assert (body["state"], body["organisation"]["id"]) == ("dispatched", other.pk)
    act(client, bob, hazard.pk, "issue_notice")
    # erin's enterprise still owns the building, so it sees the hazard but may no longer answer it.
    assert post(client, erin, hazard.pk, action="reply", version=4, reason="x").status_code == 403
    assert act(client, frank, hazard.pk, "reply", reason="已整改")["state"] == "replied"


def test_it_closes_not_fixed_as_a_distinct_end(client, hazard, bob):
    act(client, bob, hazard.pk, "dispatch")
    body = act(client, bob, hazard.pk, "close_not_fixed", reason="房屋已拆除")
    assert (body["state"], body["allowed_actions"]) == ("closed_not_fixed", [])
    # The rule still fires: a fresh hazard opens for the same rule and feature.
    sweep("building")
    assert Hazard.objects.filter(feature=hazard.feature, state="new").count() == 1


def test_it_answers_an_illegal_transition_with_409_and_the_allowed_ones(client, hazard, bob):
    response = post(client, bob, hazard.pk, action="close", version=1)
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert response.json()["details"]["allowed"] == ["dispatch", "close_not_fixed"]


def test_it_refuses_a_stale_version_and_saves_nothing(client, hazard, bob):
    act(client, bob, hazard.pk, "dispatch")
    response = post(client, bob, hazard.pk, action="issue_notice", version=1)
    assert (response.status_code, response.json()["code"]) == (409, "stale_version")
    assert response.json()["details"]["version"] == 2
    stored = Hazard.objects.get(pk=hazard.pk)
    assert (stored.state, stored.version, stored.events.count()) == ("dispatched", 2, 2)  # raise, dispatch


def test_it_lets_only_the_responsible_organisation_reply(client, hazard, bob, erin):
    act(client, bob, hazard.pk, "dispatch")
    response = post(client, erin, hazard.pk, action="issue_notice", version=2)
    assert (response.status_code, response.json()["code"]) == (403, "not_allowed")
    act(client, bob, hazard.pk, "issue_notice")
    response = post(client, bob, hazard.pk, action="reply", version=3, reason="x")
    assert response.status_code == 403
    assert response.json()["details"]["allowed"] == ["extend", "refer", "close_not_fixed"]


def test_it_hides_a_hazard_outside_the_users_jurisdiction(client, hazard):
    haizhu = Organisation.objects.create(name="海珠区住房和建设局", type="district_office", jurisdiction=area("440105"))
    dora = make_user("dora", haizhu, "district_officer")
    assert post(client, dora, hazard.pk, action="dispatch", version=1).status_code == 404
    assert client.get("/api/hazards").json()["hazards"] == []
    assert client.get(f"/api/hazards/{hazard.pk}").status_code == 404


def test_it_refuses_read_only_users_in_the_jurisdiction(client, hazard, tianhe_office):
    viewer = make_user("vera", tianhe_office, "read_only")
    response = post(client, viewer, hazard.pk, action="dispatch", version=1)
    assert (response.status_code, response.json()["code"]) == (403, "not_allowed")


def test_it_answers_anonymous_callers_with_401(client, hazard):
    assert client.get("/api/hazards").status_code == 401


def test_it_filters_the_list_and_pages_by_keyset(client, hazard, alice, tianhe_office):
    building("B-2", where=CANTON_TOWER, grade="C")
    sweep("building")
    client.force_login(alice)
    everything = client.get("/api/hazards").json()["hazards"]
    assert [h["feature"]["code"] for h in everything] == ["B-1", "B-2"]
    assert [h["level"] for h in client.get("/api/hazards?level=orange").json()["hazards"]] == ["orange"]
    assert [h["feature"]["code"] for h in client.get("/api/hazards?district=440106").json()["hazards"]] == ["B-1"]
    first = client.get("/api/hazards?limit=1").json()
    assert len(first["hazards"]) == 1 and first["links"][0]["rel"] == "next"
    second = client.get(first["links"][0]["href"]).json()
    assert [h["feature"]["code"] for h in second["hazards"]] == ["B-2"] and second["links"] == []
    Hazard.objects.filter(pk=hazard.pk).update(deadline=timezone.localdate() - timedelta(days=1), state="dispatched")
    overdue = client.get("/api/hazards?overdue=true").json()["hazards"]
    assert [(h["feature"]["code"], h["overdue"]) for h in overdue] == [("B-1", True)]
    assert client.get("/api/hazards?state=bogus").json()["code"] == "invalid_state"


def test_it_shows_the_hazard_page_with_actions_and_moves_it_by_form(client, hazard, bob):
    client.force_login(bob)
    page = client.get(f"/hazards/{hazard.pk}/").content.decode()
    assert 'value="dispatch"' in page and 'value="reply"' not in page
    client.post(f"/hazards/{hazard.pk}/", {"action": "dispatch", "version": "1"})
    assert Hazard.objects.get(pk=hazard.pk).state == "dispatched"
    page = client.get(f"/hazards/{hazard.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-action="dispatch" data-from="new" data-to="dispatched"' in page
    assert "<strong>Dispatch</strong>: New → Dispatched" in page
    assert "B-1" in client.get("/hazards/").content.decode()


def test_it_lists_hazards_on_the_feature_record_page(client, hazard, bob):
    client.force_login(bob)
    page = client.get(f"/features/{hazard.feature_id}/").content.decode()
    assert 'id="hazards"' in page and f'data-hazard="{hazard.pk}"' in page


def test_it_loses_the_race_when_another_transition_lands_between_read_and_write(hazard, bob, monkeypatch):
    """Both users read version 1; the other's update lands first: the conditional UPDATE refuses."""
    from geo_server.errors import Conflict
    from geo_server.supervision import hazards as module

    stale = Hazard.objects.get(pk=hazard.pk)
    Hazard.objects.filter(pk=hazard.pk).update(state="dispatched", version=2)
    monkeypatch.setattr(module, "get_visible", lambda user, hazard_id: stale)
    with pytest.raises(Conflict) as caught:
        module.apply_transition(bob, hazard.pk, "dispatch", {}, 1)
    assert caught.value.code == "stale_version"
    stored = Hazard.objects.get(pk=hazard.pk)
    assert (stored.state, stored.version, stored.events.count()) == ("dispatched", 2, 1)  # the raise only


def test_it_lists_hazards_with_labels_and_messages_in_the_page_language(client, hazard, bob):
    client.force_login(bob)
    chinese = client.get("/hazards/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "红色" in chinese and "新建" in chinese and hazard.message_zh in chinese
    english = client.get("/hazards/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Red<" in english and hazard.message_en in english
