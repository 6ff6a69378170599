"""Editing a patrol zone (same checks as a new one, nothing saved half-way), the zone page's plan and
hazards, and the patrol calendar. Shapes from tests.test_zones: SQUARE lies inside Tianhe."""

import json
from datetime import date

import pytest

from geo_server.patrols.calendar import month_weeks, parse_month, shift_month
from geo_server.patrols.compliance import Row
from geo_server.patrols.models import PatrolPlan, PatrolZone
from geo_server.patrols.plans import generate_tasks
from geo_server.patrols.validity import record_zone_patrol
from geo_server.patrols.zones import create_zone
from geo_server.errors import BadRequest
from geo_server.features.kinds import RiskLevel
from geo_server.supervision.models import Hazard
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, make_user, point_feature
from tests.test_patrol_plans import walk
from tests.test_zones import BOW_TIE, SQUARE, square


@pytest.fixture
def zone(bob):
    return create_zone(bob, "体育中心", SQUARE)


def put(client, user, zone_id, body):
    client.force_login(user)
    return client.put(f"/api/zones/{zone_id}", json.dumps(body), content_type="application/json")


def test_it_redraws_a_zone_and_its_old_outline_is_no_overlap(client, bob, zone):
    moved = square(113.3205, 23.133)  # overlaps the zone's own old outline by 95%
    response = put(client, bob, zone.pk, {"name": "体育中心（调整）", "geometry": moved})

    assert response.status_code == 200, response.content
    zone.refresh_from_db()
    assert zone.name == "体育中心（调整）"
    assert zone.geom.extent == pytest.approx((113.3205, 23.133, 113.3305, 23.143))


def test_a_refused_edit_changes_nothing(client, bob, zone):
    before = zone.geom.wkt
    response = put(client, bob, zone.pk, {"name": "蝴蝶结", "geometry": BOW_TIE})

    assert (response.status_code, response.json()["code"]) == (422, "zone_self_intersecting")
    zone.refresh_from_db()
    assert (zone.name, zone.geom.wkt) == ("体育中心", before)


def test_an_edit_may_not_overlap_a_sibling_zone(client, bob, zone):
    east = create_zone(bob, "东", square(113.331, 23.133))
    response = put(client, bob, east.pk, {"geometry": square(113.325, 23.133)})
    assert (response.status_code, response.json()["code"]) == (422, "zone_overlaps")
    assert response.json()["details"]["zone"] == zone.pk


def test_only_the_zones_organisation_may_edit_it(client, alice, erin, zone):
    # alice (province) sees the zone but it is Tianhe's; erin (enterprise) does not see it at all.
    response = put(client, alice, zone.pk, {"name": "省改"})
    assert (response.status_code, response.json()["code"]) == (403, "zone_forbidden")
    response = put(client, erin, zone.pk, {"name": "企业改"})
    assert (response.status_code, response.json()["code"]) == (404, "zone_not_found")
    assert PatrolZone.objects.get().name == "体育中心"


def test_the_edit_page_saves_or_shows_the_refusal(client, bob, zone):
    client.force_login(bob)
    page = client.get(f"/zones/{zone.pk}/edit")
    assert page.status_code == 200 and "体育中心" in page.content.decode()

    refused = client.post(f"/zones/{zone.pk}/edit", {"name": "新名", "geometry": json.dumps(BOW_TIE)})
    assert refused.status_code == 422 and b'data-code="zone_self_intersecting"' in refused.content
    assert PatrolZone.objects.get().name == "体育中心"

    saved = client.post(f"/zones/{zone.pk}/edit", {"name": "新名", "geometry": json.dumps(SQUARE)})
    assert saved.status_code == 302 and PatrolZone.objects.get().name == "新名"


def test_the_zone_page_shows_plan_frequency_and_open_hazards(client, bob, zone, tianhe_office):
    plant = point_feature("CP-IN", *TIANHE_SPORTS_CENTER, risk_level=RiskLevel.RED)
    Hazard.objects.create(feature=plant, rule_code="x.test", kind=plant.kind, geom=plant.geom, level=3,
                          message_zh="测试", message_en="test")
    Hazard.objects.create(feature=plant, rule_code="x.done", kind=plant.kind, geom=plant.geom, level=3,
                          message_zh="测试", message_en="test", state="closed")
    plan = PatrolPlan.objects.create(zone=zone)
    plan.inspectors.set([make_user("ivan", tianhe_office, "inspector")])

    client.force_login(bob)
    html = client.get(f"/zones/{zone.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-open-hazards="1"' in html  # the closed one does not count
    assert "ivan" in html and "Required now: 2 patrol(s) per period" in html  # red: 2 a week
    assert f'href="/zones/{zone.pk}/edit"' in html


def test_parse_month():
    assert parse_month("2026-02", date(2026, 11, 25)) == date(2026, 2, 1)
    assert parse_month("", date(2026, 11, 25)) == date(2026, 11, 1)
    with pytest.raises(BadRequest):
        parse_month("2026-13", date(2026, 11, 25))
    assert shift_month(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert shift_month(date(2026, 1, 1), -1) == date(2025, 12, 1)


def test_month_weeks_put_a_task_on_its_last_day():
    row = Row("片区", 1, "ivan", date(2026, 11, 1), date(2026, 12, 1), 1, 0, "overdue")
    weeks = month_weeks(date(2026, 11, 1), [row], [(date(2026, 11, 3), "片区", "ivan")])
    # November 2026 starts on a Sunday: the first Monday-first week begins 26 October.
    assert weeks[0][0].day == date(2026, 10, 26) and not weeks[0][0].in_month
    cells = {c.day: c for w in weeks for c in w}
    assert cells[date(2026, 11, 30)].due == [row]
    assert cells[date(2026, 11, 3)].walked == [("片区", "ivan")]
    assert sum(len(c.due) for c in cells.values()) == 1


def test_the_calendar_shows_done_and_due_and_an_inspector_sees_only_their_own(client, bob, zone, tianhe_office):
    ivan, iris = make_user("ivan", tianhe_office, "inspector"), make_user("iris", tianhe_office, "inspector")
    plan = PatrolPlan.objects.create(zone=zone)
    plan.inspectors.set([ivan, iris])
    generate_tasks(date(2026, 5, 6))  # nothing risky inside: one patrol in May each
    record_zone_patrol(ivan, zone, walk([113.321, 113.329, 113.321, 113.329], 40))  # 2026-05-06, valid

    client.force_login(bob)
    html = client.get("/zones/calendar/?month=2026-05").content.decode()
    assert html.count('data-status="done"') == 1 and 'data-status="overdue"' in html  # iris walked nothing
    assert "✓ 体育中心 · ivan" in html

    client.force_login(iris)
    html = client.get("/zones/calendar/?month=2026-05").content.decode()
    assert 'data-status="done"' not in html and html.count("data-status=") == 1

    assert client.get("/zones/calendar/?month=May").status_code == 400


def test_compliance_sums_per_district_and_inspector_and_maps_zones_by_status(client, bob, zone, tianhe_office):
    ivan, iris = make_user("ivan", tianhe_office, "inspector"), make_user("iris", tianhe_office, "inspector")
    plan = PatrolPlan.objects.create(zone=zone)
    plan.inspectors.set([ivan, iris])
    generate_tasks(date(2026, 5, 6))  # one patrol in May each; May is over by now
    record_zone_patrol(ivan, zone, walk([113.321, 113.329, 113.321, 113.329], 40))

    client.force_login(bob)
    response = client.get("/zones/compliance/", HTTP_ACCEPT_LANGUAGE="en")
    by_district = response.context["by_district"]
    assert by_district == [{"name": "天河区", "tasks": 2, "due": 2, "done": 1, "overdue": 1, "rate": 0.5}]
    assert {t["name"]: t["done"] for t in response.context["by_inspector"]} == {"iris": 0, "ivan": 1}
    # iris's May task ended short: the zone's worst status is overdue, drawn red on the map.
    [feature] = response.context["zones"]["features"]
    assert (feature["id"], feature["properties"]["status"]) == (zone.pk, "overdue")
    assert 'id="compliance-map"' in response.content.decode()
