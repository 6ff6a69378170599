"""The phone's API: /api/m/today, and /api/m/sync applying queued actions in order, once, atomically.

Tracks run east along latitude 23.138° inside the zone SQUARE (113.320-113.330 E), one fix a minute.
"""

import importlib
import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone as dj_timezone

from geo_server.accounts.models import Organisation
from geo_server.checklists.models import ChecklistResult, ChecklistTemplate
from geo_server.features.models import AdminArea
from geo_server.mobile.models import SyncAction
from geo_server.mobile.sync import MAX_ACTIONS
from geo_server.patrols.models import Patrol, PatrolPlan, PatrolSession
from geo_server.patrols.plans import generate_tasks
from geo_server.patrols.zones import create_zone
from geo_server.sectors.waterworks.models import WaterProjectDetail
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard, HazardEvent
from tests.browser.conftest import SEEDED_MODELS, SEEDS
from tests.conftest import TIANHE_SPORTS_CENTER, make_user, point_feature
from tests.test_hazards import building
from tests.test_zones import SQUARE

T0 = datetime(2026, 5, 6, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def at(minutes: float) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat()


@pytest.fixture
def ivan(tianhe_office):
    return make_user("ivan", tianhe_office, "inspector")


@pytest.fixture
def zone(bob):
    return create_zone(bob, "体育中心", SQUARE)


@pytest.fixture
def plan(zone, ivan):
    plan = PatrolPlan.objects.create(zone=zone)
    plan.inspectors.set([ivan])
    return plan


@pytest.fixture
def project(db):
    feature = point_feature("WP-1", *TIANHE_SPORTS_CENTER, kind="water_project", name="猎德泵站", risk_level=2)
    contractor = Organisation.objects.create(name="某建设公司", type="enterprise", jurisdiction=feature.district)
    WaterProjectDetail.objects.create(feature=feature, project_type="pumping_station", owner_unit="市水务局",
                                      contractor="某建设公司", contractor_organisation=contractor,
                                      stage="main_structure", budget_wan=1200, started_on=date(2025, 3, 1))
    return feature


@pytest.fixture
def main_structure(db):
    return ChecklistTemplate.objects.get(code="water_project-main_structure")


def sync(client, actions, user=None):
    if user is not None:
        client.force_login(user)
    response = client.post("/api/m/sync", json.dumps({"actions": actions}), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def new_id() -> str:
    return str(uuid.uuid4())


def patrol_actions(zone, patrol: str, minutes=range(0, 4)) -> list[dict]:
    points = [[113.321 + 0.001 * m, 23.138, at(m)] for m in minutes]
    return [{"id": patrol, "type": "start_patrol", "zone": zone.pk, "started_at": at(0)},
            {"id": new_id(), "type": "track_points", "patrol": patrol, "points": points[:2]},
            {"id": new_id(), "type": "track_points", "patrol": patrol, "points": points[2:]}]


def checklist(template, feature, answers: dict[int, str], **extra) -> dict:
    items = {i.order: i.pk for i in template.items.all()}
    return {"id": new_id(), "type": "checklist_result", "template": template.pk, "feature": feature.pk,
            "filled_at": at(2), "answers": [{"item": items[o], "answer": a} for o, a in answers.items()], **extra}


def test_today_lists_the_task_its_zone_the_features_with_hazards_and_the_templates(client, plan, ivan, project,
                                                                                   main_structure):
    generate_tasks(dj_timezone.localdate())
    sync(client, [checklist(main_structure, project, {3: "fail"})], ivan)

    body = client.get("/api/m/today").json()
    task = body["tasks"][0]
    assert (task["zone"], task["due"], task["done"], task["status"]) == (plan.zone_id, 1, 0, "due")
    assert [z["id"] for z in body["zones"]["features"]] == [plan.zone_id]
    feature = body["features"]["features"][0]
    assert (feature["id"], feature["properties"]["stage"], feature["properties"]["risk_level"]) == (
        project.pk, "main_structure", 2)
    hazard = feature["properties"]["hazards"][0]
    assert (hazard["level"], hazard["state"], hazard["version"]) == (3, "new", 1)
    assert {t["code"] for t in body["templates"]} == set(
        ChecklistTemplate.objects.filter(kind="water_project").values_list("code", flat=True))


def test_today_is_empty_for_someone_without_a_plan(client, tianhe_office, plan, project):
    client.force_login(make_user("olga", tianhe_office, "inspector"))
    body = client.get("/api/m/today").json()
    assert body["tasks"] == [] and body["zones"]["features"] == [] and body["templates"] == []


def test_a_patrol_and_a_failed_checklist_sync_in_order_into_one_hazard(client, plan, ivan, project, main_structure):
    patrol = new_id()
    actions = patrol_actions(plan.zone, patrol) + [
        checklist(main_structure, project, {1: "pass", 3: "fail"}, patrol=patrol),
        {"id": new_id(), "type": "finish_patrol", "patrol": patrol, "finished_at": at(4)}]

    results = sync(client, actions, ivan)

    assert [r["status"] for r in results] == ["applied"] * 5
    assert results[2]["result"]["points"] == 4
    assert results[4]["result"]["length_m"] == pytest.approx(307.3, abs=0.5)  # 0.003° at 23.138°
    hazard = Hazard.objects.get()
    result = ChecklistResult.objects.get()
    assert results[3]["result"]["answers"][1]["hazard"] == hazard.pk
    assert result.patrol == Patrol.objects.get() == PatrolSession.objects.get().patrol
    assert Patrol.objects.get().valid is False  # 3 minutes: shorter than any task's minimum


def test_replaying_a_batch_answers_duplicate_with_the_original_results(client, plan, ivan, project, main_structure):
    patrol = new_id()
    actions = patrol_actions(plan.zone, patrol) + [checklist(main_structure, project, {3: "fail"}, patrol=patrol)]
    first = sync(client, actions, ivan)
    again = sync(client, actions, ivan)

    assert [r["status"] for r in again] == ["duplicate"] * 4
    assert [r["result"] for r in again] == [r["result"] for r in first]
    assert (Hazard.objects.count(), ChecklistResult.objects.count(), SyncAction.objects.count()) == (1, 1, 4)
    assert len(PatrolSession.objects.get().points) == 4  # points were not appended twice
    assert Hazard.objects.get().events.count() == 1


def test_a_duplicate_within_one_batch_is_applied_once(client, plan, ivan, project, main_structure):
    action = checklist(main_structure, project, {3: "fail"})
    assert [r["status"] for r in sync(client, [action, action], ivan)] == ["applied", "duplicate"]
    assert Hazard.objects.get().events.count() == 1


def test_actions_apply_in_the_order_sent(client, plan, ivan):
    patrol = new_id()
    start, early, late = patrol_actions(plan.zone, patrol)
    # Points sent before their patrol started refer to nothing yet.
    results = sync(client, [early, start, late], ivan)
    assert [(r["status"], r.get("code")) for r in results] == [
        ("error", "patrol_not_found"), ("applied", None), ("applied", None)]
    # Points going back in time do not continue the track: refused, the track unchanged.
    back = {"id": new_id(), "type": "track_points", "patrol": patrol, "points": [[113.322, 23.138, at(1)]]}
    assert sync(client, [back])[0]["code"] == "bad_track_times"
    assert len(PatrolSession.objects.get().points) == 2


def test_an_edit_of_a_changed_checklist_is_answered_as_conflict(client, plan, ivan, project, main_structure):
    sent = checklist(main_structure, project, {1: "pass"})
    sync(client, [sent], ivan)
    first_edit = {**checklist(main_structure, project, {1: "fail"}), "result": sent["id"], "version": 1}
    second_device = {**checklist(main_structure, project, {1: "na"}), "result": sent["id"], "version": 1}

    applied, conflict = sync(client, [first_edit, second_device])

    assert applied["status"] == "applied" and applied["result"]["version"] == 2
    assert (conflict["status"], conflict["code"]) == ("conflict", "stale_version")
    assert conflict["current"]["version"] == 2 and conflict["current"]["answers"][0]["answer"] == "fail"
    assert ChecklistResult.objects.get().answers.get().answer == "fail"  # not overwritten
    # Sent again, the conflicting action is judged again (not remembered as applied).
    assert sync(client, [second_device])[0]["status"] == "conflict"


def test_a_new_checklist_under_an_existing_id_is_a_conflict(client, plan, ivan, project, main_structure):
    sent = checklist(main_structure, project, {1: "pass"})
    sync(client, [sent], ivan)
    again = {**checklist(main_structure, project, {1: "fail"}), "result": sent["id"]}
    outcome = sync(client, [again])[0]
    assert (outcome["status"], outcome["code"], outcome["current"]["version"]) == ("conflict", "result_exists", 1)


def test_a_hazard_moved_meanwhile_is_a_conflict_with_its_current_state(client, plan, ivan, bob, project,
                                                                       main_structure):
    sync(client, [checklist(main_structure, project, {3: "fail"})], ivan)
    hazard = Hazard.objects.get()
    seen = {"hazard": hazard.pk, "version": hazard.version}
    dispatched = sync(client, [{"id": new_id(), "type": "hazard_transition", "action": "dispatch", **seen}], bob)
    assert dispatched[0]["result"]["state"] == "dispatched"

    # bob's phone, offline since it saw version 1, closes it as not fixed.
    late = sync(client, [{"id": new_id(), "type": "hazard_transition", "action": "close_not_fixed",
                          "reason": "现场已停工", **seen}])[0]
    assert (late["status"], late["code"]) == ("conflict", "stale_version")
    assert (late["current"]["state"], late["current"]["version"]) == ("dispatched", 2)
    assert "issue_notice" in late["current"]["allowed_actions"]
    assert Hazard.objects.get().state == "dispatched"


def test_an_action_refused_for_its_content_answers_error_and_saves_nothing(client, plan, ivan, project,
                                                                           main_structure):
    bad_answer = checklist(main_structure, project, {3: "broken"})
    other_kind = checklist(ChecklistTemplate.objects.get(code="building-routine"), project, {1: "fail"})
    foreign_zone = {"id": new_id(), "type": "start_patrol", "zone": plan.zone_id + 1, "started_at": at(0)}
    results = sync(client, [bad_answer, other_kind, foreign_zone], ivan)
    assert [(r["status"], r["code"]) for r in results] == [
        ("error", "invalid_answer"), ("error", "template_kind_mismatch"), ("error", "not_zone_inspector")]
    assert (ChecklistResult.objects.count(), Hazard.objects.count(), SyncAction.objects.count()) == (0, 0, 0)


def test_an_id_of_another_users_action_is_not_answered_with_its_result(client, plan, ivan, tianhe_office, project,
                                                                       main_structure):
    action = checklist(main_structure, project, {3: "fail"})
    sync(client, [action], ivan)
    outcome = sync(client, [action], make_user("olga", tianhe_office, "inspector"))[0]
    assert (outcome["status"], outcome["code"]) == ("error", "id_taken") and "result" not in outcome


@pytest.mark.parametrize("body, code", [
    ("not json", "bad_json"),
    (json.dumps([]), "bad_batch"),
    (json.dumps({"actions": [{"type": "start_patrol"}]}), "bad_action_id"),
    (json.dumps({"actions": [{"id": "42", "type": "start_patrol"}]}), "bad_action_id"),
    (json.dumps({"actions": [{"id": str(uuid.uuid4()), "type": "delete_everything"}]}), "bad_action_type"),
    (json.dumps({"actions": ["start_patrol"]}), "bad_action"),
])
def test_a_malformed_batch_is_refused_whole_with_a_code(client, ivan, body, code):
    client.force_login(ivan)
    response = client.post("/api/m/sync", body, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, code)
    assert SyncAction.objects.count() == 0


def test_a_malformed_batch_applies_not_even_its_good_actions(client, plan, ivan, project, main_structure):
    client.force_login(ivan)
    good = checklist(main_structure, project, {3: "fail"})
    response = client.post("/api/m/sync", json.dumps({"actions": [good, {"id": "x", "type": "finish_patrol"}]}),
                           content_type="application/json")
    assert (response.status_code, response.json()["details"]["index"]) == (400, 1)
    assert Hazard.objects.count() == 0


def test_too_many_actions_is_413(client, ivan):
    client.force_login(ivan)
    actions = [{"id": str(uuid.uuid4()), "type": "finish_patrol"}] * (MAX_ACTIONS + 1)
    response = client.post("/api/m/sync", json.dumps({"actions": actions}), content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (413, "too_many_actions")


def test_the_phone_api_needs_a_login(client):
    assert client.get("/api/m/today").status_code == 401
    assert client.post("/api/m/sync", "{}", content_type="application/json").status_code == 401


# -- photos: one multipart request each, after their checklist ------------------------------------

def post_photo(client, photo_id: str, result: str, item: int, data: bytes | None = None):
    from tests.photos import upload

    return client.post("/api/m/photos", {"id": photo_id, "result": result, "item": str(item),
                                         "file": upload(data)})


def test_a_photo_joins_the_hazard_its_failed_item_raised_once(client, plan, ivan, project, main_structure, media):
    sent = checklist(main_structure, project, {3: "fail"})
    sync(client, [sent], ivan)
    item = main_structure.items.get(order=3)
    photo_id = new_id()

    first = post_photo(client, photo_id, sent["id"], item.pk)
    again = post_photo(client, photo_id, sent["id"], item.pk)

    assert (first.status_code, first.json()["status"]) == (201, "applied")
    assert (again.status_code, again.json()["status"], again.json()["result"]) == (200, "duplicate",
                                                                                  first.json()["result"])
    hazard = Hazard.objects.get()
    photo = hazard.photos.get()
    assert photo.event == hazard.events.get(action="raise") and photo.location is not None  # EXIF GPS kept
    assert list(ChecklistResult.objects.get().answers.get(item=item).photos.all()) == [photo]


def test_a_photo_before_its_checklist_waits_and_a_fake_one_is_refused(client, plan, ivan, project, main_structure,
                                                                      media):
    sent = checklist(main_structure, project, {3: "fail"})
    item = main_structure.items.get(order=3).pk
    client.force_login(ivan)
    early = post_photo(client, new_id(), sent["id"], item)
    assert (early.status_code, early.json()["code"]) == (404, "answer_not_found")

    sync(client, [sent])
    fake = post_photo(client, new_id(), sent["id"], item, data=b"not a photo at all" * 20)
    assert (fake.status_code, fake.json()["status"], fake.json()["code"]) == (400, "error", "invalid_photo")
    assert Hazard.objects.get().photos.count() == 0 and SyncAction.objects.filter(type="photo").count() == 0


def test_a_photo_without_an_id_is_refused(client, ivan):
    from tests.photos import upload

    client.force_login(ivan)
    response = client.post("/api/m/photos", {"result": new_id(), "item": "1", "file": upload()})
    assert (response.status_code, response.json()["code"]) == (400, "invalid_id")


def test_the_service_worker_is_served_for_the_phone_scope_with_the_shell_to_keep(client, ivan):
    client.force_login(ivan)
    response = client.get("/m/sw.js")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/javascript") and response["Service-Worker-Allowed"] == "/m/"
    assert "no-cache" in response["Cache-Control"]
    assert all(url in body for url in ('"/m/"', '"/api/m/today"', "/static/leaflet/leaflet.js",
                                       "/static/geo_server/mobile.js"))


def test_the_phone_page_is_bilingual_and_sets_the_csrf_cookie(client, ivan):
    client.force_login(ivan)
    chinese = client.get("/m/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert chinese.status_code == 200 and "今日任务" in chinese.content.decode() and "csrftoken" in chinese.cookies
    client.cookies["django_language"] = "en"
    assert "Today's tasks" in client.get("/m/").content.decode()


@pytest.fixture
def live_areas(transactional_db):
    """A transactional test flushes every table after itself (and another's flush may have run
    before): areas and the migrations' reference rows must be back for it."""
    if not AdminArea.objects.filter(level=AdminArea.Level.STREET).exists():
        call_command("load_areas", verbosity=0)
    if not all(django_apps.get_model(name).objects.exists() for name in SEEDED_MODELS):
        for module, function in SEEDS:
            getattr(importlib.import_module(module), function)(django_apps, None)


def test_twenty_concurrent_copies_of_one_action_apply_once_and_answer_duplicate(live_areas, tianhe_office, enterprise,
                                                                               bob):
    building("B-1", organisation=enterprise)
    sweep("building")
    hazard = Hazard.objects.get()
    action = {"id": new_id(), "type": "hazard_transition", "hazard": hazard.pk, "action": "dispatch",
              "version": hazard.version}
    login = Client()
    login.force_login(bob)
    start = threading.Barrier(20)

    def send() -> dict:
        # Each thread has its own database connection: twenty real concurrent transactions.
        try:
            phone = Client()
            phone.cookies = login.cookies
            start.wait()
            response = phone.post("/api/m/sync", json.dumps({"actions": [action]}), content_type="application/json")
            return response.json()["results"][0]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(lambda _: send(), range(20)))

    assert sorted(o["status"] for o in outcomes) == ["applied"] + ["duplicate"] * 19
    assert {o["result"]["version"] for o in outcomes} == {2}
    assert SyncAction.objects.count() == 1
    assert HazardEvent.objects.filter(action="dispatch").count() == 1
