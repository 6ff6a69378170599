"""Helpers for the tests of the supervision loop's side effects (events, inbox, webhooks, score):
transitions through the API with their after-commit work run, as it runs in production."""

import json

from django.test import TestCase

from geo_server.accounts.models import Organisation
from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard
from geo_server.supervision.photos import store_photo
from tests.photos import upload
from tests.conftest import TIANHE_SPORTS_CENTER, area, point_feature


def committed():
    """Run the on_commit callbacks registered inside the block (and those they register) at its
    end, as a real commit would: tests run inside a transaction that never commits."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def building(code, where=TIANHE_SPORTS_CENTER, grade="D", organisation=None):
    """A building of safety grade D (red hazard) or C (orange)."""
    feature = point_feature(code, *where, kind="building", organisation=organisation)
    BuildingDetail.objects.create(feature=feature, address="天河路", floors=6, structure="frame", use="residential",
                                  year_built=1995, floor_area_m2=3000, safety_grade=grade)
    return feature


def raise_hazard(code="B-1", **kwargs) -> Hazard:
    feature = building(code, **kwargs)
    with committed():
        sweep("building")
    return Hazard.objects.get(feature=feature)


def publish_reappraisal(feature_id, grade="B", appraised_on=None, state="published", published_at=None):
    """An appraisal report of the building in this review state (published now, appraised today by
    default), as the office's publishing leaves it; the grade sync is not run (the tests judge the
    evidence, not the grade)."""
    from django.utils import timezone

    from geo_server.sectors.buildings.models import AppraisalReport

    published = state == "published"
    return AppraisalReport.objects.create(
        building_id=feature_id, agency="鉴定所", appraisers="张工", appraised_on=appraised_on or timezone.localdate(),
        grade=grade, handling="observe", pdf="appraisals/test.pdf", state=state,
        published_at=(published_at or timezone.now()) if published else None)


def act(client, user, hazard_id, action, **body) -> dict:
    """A transition through the API. A reply brings the evidence confirming will ask for (a photo
    and, for these dangerous buildings, a grade-B re-appraisal published since the hazard was
    raised) unless the test passes its own photos."""
    client.force_login(user)
    if action == "reply" and "photos" not in body:
        hazard = Hazard.objects.get(pk=hazard_id)
        photo = store_photo(upload(), user, hazard=hazard)
        body = {"photos": [photo.pk], **body}
        if hazard.rule_code == "building.dangerous_grade":
            publish_reappraisal(hazard.feature_id)
    version = Hazard.objects.get(pk=hazard_id).version
    with committed():
        response = client.post(f"/api/hazards/{hazard_id}/transitions",
                               json.dumps({"action": action, "version": version, **body}),
                               content_type="application/json")
    assert response.status_code == 200, response.json()
    return response.json()


def city_bureau(parent=None) -> Organisation:
    return Organisation.objects.create(name="广州市住房和城乡建设局", name_en="Guangzhou Housing Bureau",
                                       type="city_bureau", jurisdiction=area("440100"), parent=parent)
