"""The inbox in real Chromium: a dispatch committed by the district officer shows up as an unread
count in the enterprise user's navigation, the message leads to the hazard, and reading it clears
the count. The live server commits for real, so the event subscribers run as in production."""

from geo_server.sectors.buildings.models import BuildingDetail
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.hazards import apply_transition
from geo_server.supervision.models import Hazard
from tests.browser.login import log_in
from tests.conftest import TIANHE_SPORTS_CENTER, point_feature


def test_a_dispatch_reaches_the_enterprise_users_inbox(page, problems, tianhe_office, enterprise, bob, erin):
    feature = point_feature("B-1", *TIANHE_SPORTS_CENTER, kind="building", organisation=enterprise)
    BuildingDetail.objects.create(feature=feature, address="天河路", floors=6, structure="frame", use="residential",
                                  year_built=1995, floor_area_m2=3000, safety_grade="D")
    sweep("building")
    hazard = Hazard.objects.get(feature=feature)
    apply_transition(bob, hazard.pk, "dispatch", {}, 1)

    log_in(page, "erin", "erin-password", "/")
    badge = page.locator("#inbox-unread")
    assert badge.inner_text() == "1"
    page.locator("a.inbox-link").click()
    page.wait_for_url("**/inbox/")
    row = page.locator("tr.unread")
    assert f"隐患 {hazard.pk} 已派发给贵单位" in row.inner_text()
    row.locator("a", has_text=f"隐患 {hazard.pk}").click()
    page.wait_for_url(f"**/hazards/{hazard.pk}/")
    assert hazard.message_zh in page.locator("h1").inner_text()
    page.go_back()
    page.locator("tr.unread button[type=submit]").click()
    page.wait_for_url("**/inbox/")
    assert page.locator("tr.unread").count() == 0 and page.locator("#inbox-unread").count() == 0
    assert problems.console_errors == [] and problems.foreign_requests == []
