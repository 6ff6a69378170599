"""The inspector issues the numbered rectification notice on site from the phone (the issue_notice
sync action, offline-queued): once per action id, only in the inspector's jurisdiction; the project's
contractor replies with photos, another contractor cannot; the inspector confirms or rejects."""

import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from geo_server.mobile.models import SyncAction
from geo_server.supervision.models import Hazard, Photo, RectificationNotice
from tests.loop import act, committed
from tests.photos import photo_bytes
from tests.test_hazards import post as transition
from tests.waterworks_world import (carl, contractor, hana, ivan, other_contractor, other_project, otto,  # noqa: F401
                                    project)


def sync(client, user, actions):
    client.force_login(user)
    with committed():
        response = client.post("/api/m/sync", json.dumps({"actions": actions}), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def notice_action(project, **extra):
    return {"id": str(uuid.uuid4()), "type": "issue_notice", "feature": project.pk,
            "finding": "基坑东侧未设置临边防护栏杆", "deadline": "2099-05-20", **extra}


def test_it_issues_one_numbered_notice_to_the_contractor(client, ivan, contractor, project):
    outcome = sync(client, ivan, [notice_action(project)])[0]
    assert outcome["status"] == "applied", outcome
    hazard = Hazard.objects.get()
    notice = RectificationNotice.objects.get()
    assert (hazard.state, hazard.feature_id, hazard.responsible_organisation, str(hazard.deadline)) == (
        "notice_issued", project.pk, contractor, "2099-05-20")
    assert (notice.hazard, notice.recipient, outcome["result"]["notice"]) == (hazard, contractor, notice.number)
    assert notice.number.endswith("第0001号") and "基坑东侧未设置临边防护栏杆" in notice.text_zh
    assert [e.action for e in hazard.events.order_by("id")] == ["raise", "dispatch", "issue_notice"]


def test_it_creates_exactly_one_notice_per_action_even_synced_twice(client, ivan, project):
    action = notice_action(project)
    first = sync(client, ivan, [action])[0]
    again = sync(client, ivan, [action, action])
    assert [o["status"] for o in again] == ["duplicate", "duplicate"]
    assert again[0]["result"]["notice"] == first["result"]["notice"]
    assert (Hazard.objects.count(), RectificationNotice.objects.count(), SyncAction.objects.count()) == (1, 1, 1)
    second = sync(client, ivan, [notice_action(project, finding="钢筋堆放无标识")])[0]
    assert second["result"]["notice"].endswith("第0002号") and RectificationNotice.objects.count() == 2


def test_it_refuses_an_inspector_outside_the_jurisdiction_and_a_contractor(client, hana, carl, project):
    assert sync(client, hana, [notice_action(project)])[0]["code"] == "feature_not_found"
    refused = sync(client, carl, [notice_action(project)])[0]
    assert (refused["status"], refused["code"]) == ("error", "not_allowed")
    assert not Hazard.objects.exists() and not RectificationNotice.objects.exists()


@pytest.mark.parametrize("extra, code", [({"finding": "  "}, "invalid_finding"), ({"deadline": "5/20"}, "invalid_deadline"),
                                         ({"level": 5}, "invalid_level"), ({"feature": "WP-1"}, "invalid_feature")])
def test_it_refuses_a_malformed_notice(client, ivan, project, extra, code):
    assert sync(client, ivan, [notice_action(project, **extra)])[0]["code"] == code
    assert not Hazard.objects.exists()


def test_a_photo_taken_with_the_notice_lands_on_its_hazard_once(client, ivan, project, media):
    action = notice_action(project)
    sync(client, ivan, [action])
    photo_id = str(uuid.uuid4())
    for expected in (201, 200):
        image = SimpleUploadedFile("site.jpg", photo_bytes(), content_type="image/jpeg")
        response = client.post("/api/m/photos", {"id": photo_id, "notice": action["id"], "file": image})
        assert response.status_code == expected, response.json()
    photo = Photo.objects.get()
    assert (photo.hazard, photo.event.action) == (Hazard.objects.get(), "issue_notice")


def test_only_the_projects_contractor_replies_and_the_inspector_confirms(client, ivan, carl, otto, project,
                                                                         other_project, media):
    sync(client, ivan, [notice_action(project)])
    hazard = Hazard.objects.get()
    refused = transition(client, otto, hazard.pk, action="reply", version=hazard.version, reason="已整改")
    assert refused.status_code == 404  # another contractor does not even see the hazard
    act(client, carl, hazard.pk, "reply", reason="已设置防护栏杆")
    assert Hazard.objects.get().state == "replied"
    act(client, ivan, hazard.pk, "confirm")
    assert Hazard.objects.get().state == "confirmed"


def test_the_inspector_rejects_a_reply_back_to_the_contractor(client, ivan, carl, project, media):
    sync(client, ivan, [notice_action(project)])
    hazard = Hazard.objects.get()
    act(client, carl, hazard.pk, "reply", reason="已整改")
    act(client, ivan, hazard.pk, "reject", reason="照片未见防护栏杆")
    assert Hazard.objects.get().state == "notice_issued"
    refused = transition(client, carl, hazard.pk, action="reject", version=hazard.version + 2, reason="x")
    assert refused.status_code == 409  # rejected: nothing to reject until the contractor replies again
    act(client, carl, hazard.pk, "reply", reason="已补设防护栏杆")
    assert transition(client, carl, hazard.pk, action="confirm", version=hazard.version + 3).status_code == 403
