"""Nothing closes without evidence: a reply carries photos (and, for a dangerous building, a re-appraisal
graded A or B, published after the hazard was raised, which the buildings sector finds in its
records); confirm is refused with 422 `evidence_missing` while any of it is lacking."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.sectors.buildings.reappraisal import qualifies
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.evidence import missing_evidence, required_evidence
from geo_server.supervision.models import Hazard, HazardEvent, Photo
from geo_server.supervision.photos import store_photo
from tests.conftest import TIANHE_SPORTS_CENTER, point_feature
from tests.photos import photo_bytes, upload
from tests.loop import publish_reappraisal
from tests.test_hazards import act, building, post


@pytest.fixture
def hazard(tianhe_office, enterprise):
    feature = building("B-1", organisation=enterprise)
    sweep("building")
    return Hazard.objects.get(feature=feature, rule_code="building.dangerous_grade")


def to_notice(client, hazard, bob):
    act(client, bob, hazard.pk, "dispatch")
    act(client, bob, hazard.pk, "issue_notice")


def confirm(client, bob, hazard):
    return post(client, bob, hazard.pk, action="confirm", version=Hazard.objects.get(pk=hazard.pk).version)


def test_it_judges_missing_evidence_as_a_pure_function():
    assert missing_evidence(("photo",), 0, None) == ["photo"]
    assert missing_evidence(("photo",), 2, None) == []
    # The re-appraisal is looked up by the hazard's building: no building named, nothing found.
    assert missing_evidence(("photo", "reappraisal"), 1, {}) == ["reappraisal"]
    assert missing_evidence(("photo", "reappraisal"), 0, {"reappraisal_grade": "A"}) == ["photo", "reappraisal"]
    assert missing_evidence(("photo", "no_such_evidence"), 1, {}) == ["no_such_evidence"]
    assert missing_evidence((), 0, None) == []


def test_it_judges_a_report_against_the_hazards_opening_by_hand():
    opened = datetime(2026, 5, 10, 1, 30, tzinfo=UTC)  # 09:30 on 10 May in Guangzhou
    report = {"state": "published", "grade": "B", "appraised_on": date(2026, 5, 10),
              "published_at": datetime(2026, 5, 12, 2, 0, tzinfo=UTC)}
    assert qualifies(report, opened)
    assert qualifies({**report, "grade": "A"}, opened)
    assert not qualifies({**report, "grade": "C"}, opened) and not qualifies({**report, "grade": "D"}, opened)
    assert not qualifies({**report, "state": "reviewed"}, opened)
    assert not qualifies({**report, "state": "submitted", "published_at": None}, opened)
    assert not qualifies({**report, "appraised_on": date(2026, 5, 9)}, opened)  # appraised before the hazard
    # Published before the hazard was raised: the report it was raised over, or an older one.
    assert not qualifies({**report, "published_at": datetime(2026, 5, 10, 1, 0, tzinfo=UTC)}, opened)
    # The local day counts: 00:30 on 11 May in Guangzhou is still 10 May in UTC.
    late = datetime(2026, 5, 10, 16, 30, tzinfo=UTC)
    assert not qualifies({**report, "published_at": datetime(2026, 5, 11, 2, 0, tzinfo=UTC)}, late)
    assert qualifies({**report, "appraised_on": date(2026, 5, 11), "published_at": datetime(2026, 5, 11, 2, 0, tzinfo=UTC)},
                     late)


def test_it_reads_what_each_rule_demands():
    assert required_evidence("building.dangerous_grade") == ("photo", "reappraisal")
    assert required_evidence("building.curtain_wall_inspection") == ("photo",)
    assert required_evidence("no.such_rule") == ("photo",)


def test_it_refuses_to_confirm_a_reply_without_photo_then_accepts_the_fixed_reply(client, hazard, bob, erin):
    to_notice(client, hazard, bob)
    post(client, erin, hazard.pk, action="reply", version=3, reason="已加固")
    response = confirm(client, bob, hazard)
    assert response.status_code == 422
    assert response.json()["code"] == "evidence_missing"
    assert response.json()["details"] == {"missing": ["photo", "reappraisal"], "required": ["photo", "reappraisal"]}
    stored = Hazard.objects.get(pk=hazard.pk)
    assert (stored.state, stored.events.count()) == ("replied", 4)  # raise, dispatch, notice, reply
    # Rejected, then fixed: the re-appraisal graded B is published and a new reply brings a photo.
    act(client, bob, hazard.pk, "reject", reason="缺少照片和鉴定报告")
    publish_reappraisal(hazard.feature_id, grade="B")
    photo = store_photo(upload(), erin, hazard=hazard)
    body = act(client, erin, hazard.pk, "reply", reason="补充照片与鉴定", photos=[photo.pk])
    assert body["timeline"][-1]["data"] == {"photos": [photo.pk]}
    assert body["photos"][0]["event"] is not None and body["evidence_required"] == ["photo", "reappraisal"]
    assert act(client, bob, hazard.pk, "confirm")["state"] == "confirmed"
    assert act(client, bob, hazard.pk, "close")["state"] == "closed"
    reply = HazardEvent.objects.filter(hazard=hazard, action="reply").last()
    assert list(reply.photos.values_list("pk", flat=True)) == [photo.pk]


def test_it_closes_on_a_report_the_office_publishes_through_its_review(client, hazard, bob, erin):
    to_notice(client, hazard, bob)
    report = publish_reappraisal(hazard.feature_id, grade="A", state="reviewed")
    photo = store_photo(upload(), erin, hazard=hazard)
    act(client, erin, hazard.pk, "reply", reason="加固完成，已重新鉴定", photos=[photo.pk])
    # Reviewed, not yet published: not evidence.
    assert confirm(client, bob, hazard).json()["details"]["missing"] == ["reappraisal"]
    client.force_login(bob)
    response = client.post(f"/api/buildings/appraisals/{report.pk}/transitions", {"action": "publish"},
                           content_type="application/json")
    assert (response.status_code, response.json()["state"]) == (200, "published")
    assert act(client, bob, hazard.pk, "confirm")["state"] == "confirmed"


def test_it_judges_only_the_latest_replys_photos(client, hazard, bob, erin):
    """Photos of a rejected reply do not count for the next one; the published report still does."""
    to_notice(client, hazard, bob)
    publish_reappraisal(hazard.feature_id, grade="A")
    photo = store_photo(upload(), erin, hazard=hazard)
    act(client, erin, hazard.pk, "reply", reason="a", photos=[photo.pk])
    act(client, bob, hazard.pk, "reject", reason="照片不清楚")
    post(client, erin, hazard.pk, action="reply", version=5, reason="b")
    assert confirm(client, bob, hazard).json()["details"]["missing"] == ["photo"]


@pytest.mark.parametrize("report", [
    {"grade": "B", "state": "submitted"},
    {"grade": "B", "state": "reviewed"},
    {"grade": "C"},
    {"grade": "D"},
    {"grade": "A", "appraised_on": timezone.localdate() - timedelta(days=1)},
], ids=["submitted", "reviewed", "grade-C", "grade-D", "appraised-before-the-hazard"])
def test_it_refuses_to_confirm_without_a_later_published_a_or_b_report(client, hazard, bob, erin, report):
    to_notice(client, hazard, bob)
    publish_reappraisal(hazard.feature_id, **report)
    photo = store_photo(upload(), erin, hazard=hazard)
    act(client, erin, hazard.pk, "reply", reason="鉴定报告已上传", photos=[photo.pk])
    response = confirm(client, bob, hazard)
    assert (response.status_code, response.json()["code"]) == (422, "evidence_missing")
    assert response.json()["details"]["missing"] == ["reappraisal"]
    assert Hazard.objects.get(pk=hazard.pk).state == "replied"
    # Closing it as not fixed stays possible.
    assert act(client, bob, hazard.pk, "close_not_fixed", reason="鉴定仍为C级")["state"] == "closed_not_fixed"


def test_it_refuses_a_report_published_before_the_hazard_was_raised(client, hazard, bob, erin):
    to_notice(client, hazard, bob)
    publish_reappraisal(hazard.feature_id, grade="A", published_at=hazard.created_at - timedelta(minutes=1))
    photo = store_photo(upload(), erin, hazard=hazard)
    act(client, erin, hazard.pk, "reply", reason="x", photos=[photo.pk])
    assert confirm(client, bob, hazard).json()["details"]["missing"] == ["reappraisal"]


def test_it_refuses_another_buildings_report(client, hazard, bob, erin, enterprise):
    to_notice(client, hazard, bob)
    other = building("B-2", organisation=enterprise)
    publish_reappraisal(other.pk, grade="A")
    photo = store_photo(upload(), erin, hazard=hazard)
    act(client, erin, hazard.pk, "reply", reason="x", photos=[photo.pk])
    assert confirm(client, bob, hazard).json()["details"]["missing"] == ["reappraisal"]


def test_a_grade_typed_into_a_reply_is_no_evidence(client, hazard, bob, erin):
    to_notice(client, hazard, bob)
    photo = store_photo(upload(), erin, hazard=hazard)
    act(client, erin, hazard.pk, "reply", reason="x", photos=[photo.pk], reappraisal_grade="A")
    assert Hazard.objects.get(pk=hazard.pk).events.get(action="reply").data == {"photos": [photo.pk]}
    assert confirm(client, bob, hazard).json()["details"]["missing"] == ["reappraisal"]


def test_it_confirms_a_photo_only_rule_without_a_reappraisal(client, tianhe_office, enterprise, bob, erin):
    feature = point_feature("CW-1", *TIANHE_SPORTS_CENTER, kind="building", organisation=enterprise)
    BuildingDetail.objects.create(feature=feature, address="体育西路", floors=30, structure="frame", use="office",
                                  year_built=1990, floor_area_m2=40000, safety_grade="A", curtain_wall="framed",
                                  last_curtain_wall_inspection=date(2000, 1, 1))
    sweep("building")
    hazard = Hazard.objects.get(feature=feature, rule_code="building.curtain_wall_inspection")
    to_notice(client, hazard, bob)
    photo = store_photo(upload(), erin, hazard=hazard)
    act(client, erin, hazard.pk, "reply", reason="已完成幕墙检查", photos=[photo.pk])
    assert act(client, bob, hazard.pk, "confirm")["state"] == "confirmed"


def test_it_refuses_photos_that_are_not_the_replying_sides_own_unused_photos_of_this_hazard(
        client, hazard, bob, erin, tianhe_office, enterprise):
    to_notice(client, hazard, bob)
    other = building("B-2", organisation=enterprise)
    sweep("building")
    elsewhere = store_photo(upload(), erin, hazard=Hazard.objects.get(feature=other))
    by_supervisor = store_photo(upload(), bob, hazard=hazard)
    unattached = store_photo(upload(), erin)
    for photos in ([elsewhere.pk], [by_supervisor.pk], [unattached.pk], [999_999], "1,2", [True]):
        response = post(client, erin, hazard.pk, action="reply", version=3, reason="x", photos=photos)
        assert (response.status_code, response.json()["code"]) == (400, "invalid_photos"), photos
    mine = store_photo(upload(), erin, hazard=hazard)
    act(client, erin, hazard.pk, "reply", reason="x", photos=[mine.pk])
    act(client, bob, hazard.pk, "reject", reason="重拍")
    # A photo already part of a reply cannot be offered again.
    response = post(client, erin, hazard.pk, action="reply", version=5, reason="x", photos=[mine.pk])
    assert (response.status_code, response.json()["details"]["photos"]) == (400, [mine.pk])


def test_it_replies_with_files_from_the_page_form(client, hazard, bob, erin, media):
    to_notice(client, hazard, bob)
    publish_reappraisal(hazard.feature_id, grade="A")
    client.force_login(erin)
    client.post(f"/hazards/{hazard.pk}/", {
        "action": "reply", "version": "3", "reason": "加固完成，见照片",
        "photos": [upload(name="a.jpg"), upload(photo_bytes("PNG"), name="b.png")]})
    stored = Hazard.objects.get(pk=hazard.pk)
    assert stored.state == "replied"
    reply = stored.events.get(action="reply")
    assert reply.photos.count() == 2 and reply.data == {"photos": sorted(reply.photos.values_list("pk", flat=True))}
    assert act(client, bob, hazard.pk, "confirm")["state"] == "confirmed"


def test_it_keeps_no_photo_from_a_refused_form(client, hazard, bob, erin, media):
    to_notice(client, hazard, bob)
    client.force_login(erin)
    response = client.post(f"/hazards/{hazard.pk}/", {"action": "reply", "version": "2", "reason": "x",
                                                       "photos": [upload()]}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "changed since you loaded it" in response.content.decode()
    assert Photo.objects.count() == 0 and not any(p.is_file() for p in media.rglob("*"))


def test_the_reappraisal_is_an_evidence_type_the_buildings_sector_declares():
    from geo_server.sector import sector_for
    from geo_server.supervision.evidence import evidence_types, reply_fields

    types = evidence_types()
    assert list(types)[0] == "photo" and "reappraisal" in types
    assert types["reappraisal"] in sector_for("building").evidence_types
    # Found in the sector's records, not typed into a reply.
    assert types["reappraisal"].reply_field is None and "reappraisal_grade" not in reply_fields()
