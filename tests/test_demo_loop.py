"""The demo's supervision loop: demo accounts move hazards through every stage, once, with synthetic
photos that carry EXIF GPS; the overdue one is escalated."""

import pytest

from geo_server.demo.loop import DEMO_MARK, PATHS, ensure_demo_loop
from geo_server.demo.organisations import ensure_demo_users, ensure_organisations
from geo_server.accounts.models import User
from geo_server.sectors.buildings.models import AppraisalReport
from geo_server.supervision.models import Hazard, HazardEvent, Photo
from tests.conftest import TIANHE_SPORTS_CENTER, point_feature


@pytest.fixture
def demo(db):
    ensure_organisations()
    ensure_demo_users()
    # Tianhe buildings its property manager answers for: the office dispatches, the manager replies.
    manager = User.objects.get(username="manager").organisation
    hazards = []
    for n in range(len(PATHS) + 2):
        feature = point_feature(f"B-DEMO-{n}", TIANHE_SPORTS_CENTER[0] + n * 0.001, TIANHE_SPORTS_CENTER[1],
                                kind="building", organisation=manager)
        hazards.append(Hazard.objects.create(feature=feature, rule_code="building.dangerous_grade", kind="building",
                                             district=feature.district, geom=feature.geom, level=3,
                                             message_zh="危房", message_en="dangerous", responsible_organisation=manager))
    return hazards


def test_it_moves_demo_hazards_through_every_stage_once(demo):
    message = ensure_demo_loop()

    assert "8 hazards moved" in message and "escalated" in message
    states = [Hazard.objects.get(pk=h.pk).state for h in demo]
    assert states == ["dispatched", "notice_issued", "replied", "replied", "closed", "confirmed", "closed_not_fixed",
                      "notice_issued", "new", "new"]
    assert HazardEvent.objects.filter(action="escalate").count() == 1
    assert HazardEvent.objects.filter(action="reject", reason__startswith=DEMO_MARK).count() == 1
    # Every reply came from the manager, every other step from the office: it never answered itself.
    actors = set(HazardEvent.objects.filter(action="reply").values_list("actor__username", flat=True))
    assert actors == {"manager"}
    photos = Photo.objects.all()
    assert photos.count() == 5 and all(p.location is not None and p.taken_at is not None for p in photos)
    # Each photo's EXIF place is ~30 m east of its hazard.
    assert all(abs(p.location.x - p.hazard.geom.x - 0.0003) < 1e-5 for p in photos)

    # Confirming needed the evidence: each replied-to building has one published synthetic re-appraisal
    # graded B (a second reply does not publish another), and the others none.
    reports = AppraisalReport.objects.filter(state="published", grade="B")
    assert sorted(reports.values_list("building_id", flat=True)) == sorted(h.feature_id for h in demo[2:6])
    assert all("合成" in r.agency for r in reports)

    assert ensure_demo_loop() == "Demo hazards already moved through the loop."
    assert Photo.objects.count() == 5
