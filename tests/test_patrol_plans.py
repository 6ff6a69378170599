"""Plans driven by risk, idempotent task generation, and zone patrol validity on hand-made tracks.

2026-05-06 is a Wednesday: its ISO week runs 2026-05-04 to 2026-05-11, its month from 05-01.
Tracks run along latitude 23.138°, where 0.001° of longitude is 102.42 m on the WGS84 ellipsoid
(prime-vertical radius 6,381,436 m x cos 23.138° x π/180): 0.008° is 819.4 m.
"""

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from django.core.management import call_command

from geo_server.patrols.tracks import Track
from geo_server.features.kinds import RiskLevel
from geo_server.patrols.compliance import compliance_rows, status
from geo_server.patrols.models import PatrolPlan, PatrolTask, ZoneRequirement
from geo_server.patrols.plans import Frequency, frequency_for, generate_tasks, required_frequencies
from geo_server.patrols.validity import INSIDE_SHARE, record_zone_patrol, verdict
from geo_server.patrols.zones import create_zone
from tests.conftest import TIANHE_SPORTS_CENTER, make_user, point_feature
from tests.test_zones import SQUARE

WEDNESDAY = date(2026, 5, 6)
START = datetime(2026, 5, 6, 9, 0, tzinfo=timezone(timedelta(hours=8)))


@pytest.fixture
def zone(bob):
    return create_zone(bob, "体育中心", SQUARE)


@pytest.fixture
def inspectors(tianhe_office):
    return [make_user("ivan", tianhe_office, "inspector"), make_user("iris", tianhe_office, "inspector")]


@pytest.fixture
def plan(zone, inspectors):
    plan = PatrolPlan.objects.create(zone=zone)
    plan.inspectors.set(inspectors)
    return plan


def test_it_seeds_a_default_row_for_every_risk_level(db):
    rows = ZoneRequirement.objects.order_by("risk_level")
    assert [(r.risk_level, r.patrols, r.period, r.source) for r in rows] == [
        (0, 1, "month", "D"), (1, 1, "xun", "D"), (2, 1, "week", "D"), (3, 2, "week", "D")]


def test_it_falls_back_to_the_next_lower_matrix_row():
    low = Frequency(0, 1, "month", 30, 2.0)
    assert frequency_for(3, {0: low}) == low
    assert frequency_for(2, {}) is None


def test_it_takes_the_highest_risk_of_the_features_inside(zone):
    point_feature("CP-IN", *TIANHE_SPORTS_CENTER, risk_level=RiskLevel.ORANGE)
    point_feature("CP-IN2", 113.322, 23.135, risk_level=RiskLevel.YELLOW)
    point_feature("CP-OUT", 113.340, 23.138, risk_level=RiskLevel.RED)  # east of the zone

    frequency = required_frequencies([zone.pk])[zone.pk]
    assert (frequency.risk_level, frequency.patrols, frequency.period) == (2, 1, "week")


def test_it_generates_due_tasks_once_per_period(plan):
    point_feature("CP-IN", *TIANHE_SPORTS_CENTER, risk_level=RiskLevel.RED)

    assert generate_tasks(WEDNESDAY) == 2
    assert generate_tasks(WEDNESDAY) == 0
    assert generate_tasks(WEDNESDAY + timedelta(days=1)) == 0  # same week
    task = PatrolTask.objects.get(inspector__username="ivan")
    assert (task.period, task.starts_on, task.ends_before, task.patrols, task.min_minutes) == (
        "week", date(2026, 5, 4), date(2026, 5, 11), 2, 60)


def test_it_follows_a_risk_change_in_the_next_period(plan):
    plant = point_feature("CP-IN", *TIANHE_SPORTS_CENTER, risk_level=RiskLevel.RED)
    generate_tasks(WEDNESDAY)
    plant.risk_level = RiskLevel.NONE
    plant.save()

    assert generate_tasks(WEDNESDAY) == 0  # this week's tasks stay as generated
    assert generate_tasks(WEDNESDAY + timedelta(days=7)) == 2
    later = PatrolTask.objects.filter(inspector__username="ivan").order_by("created_at", "id").last()
    # Monthly now; it starts where the weekly task ended, so no day is counted twice.
    assert (later.risk_level, later.period, later.starts_on, later.ends_before, later.patrols) == (
        0, "month", date(2026, 5, 11), date(2026, 6, 1), 1)


def test_it_skips_inactive_plans_and_runs_from_the_command(plan, capsys):
    call_command("generate_patrol_tasks", "--date", "2026-05-06")
    assert "2 new patrol tasks" in capsys.readouterr().out
    plan.active = False
    plan.save()
    assert generate_tasks(date(2026, 7, 1)) == 0


# -- validity -----------------------------------------------------------------------------------

def walk(longitudes: list[float], minutes: float, lat: float = 23.138) -> Track:
    step = timedelta(minutes=minutes / (len(longitudes) - 1))
    return Track([(lon, lat) for lon in longitudes], [START + step * i for i in range(len(longitudes))])


def test_it_counts_a_patrol_meeting_every_minimum():
    assert verdict(40 * 60, 2500, 0.95, 30, 2.0)[0] is True


def test_it_gives_every_reason_a_patrol_does_not_count():
    valid, reasons = verdict(20 * 60, 1500, 0.5, 30, 2.0)
    assert valid is False and len(reasons) == 3
    assert reasons[2] == f"only 50% of the track inside the zone (at least {INSIDE_SHARE:.0%} required)"


def test_it_measures_a_track_inside_the_zone_in_postgis(zone, inspectors):
    # Three legs of 0.008° inside the zone (no features: 30 min and 2 km required).
    patrol = record_zone_patrol(inspectors[0], zone, walk([113.321, 113.329, 113.321, 113.329], 40))
    assert patrol.length_m == pytest.approx(3 * 819.4, rel=0.005)
    assert patrol.coverage == pytest.approx(1.0)
    assert patrol.valid, patrol.reasons


def test_it_refuses_a_track_leaving_the_zone(zone, inspectors):
    # 0.018° eastward; the zone ends at 113.330: 921.8 m + the 30 m buffer inside out of 1843.5 m.
    patrol = record_zone_patrol(inspectors[0], zone, walk([113.321, 113.339], 40))
    assert patrol.coverage == pytest.approx(951.8 / 1843.5, rel=0.01)
    assert not patrol.valid and any("inside the zone" in r for r in patrol.reasons)


def test_it_reports_done_due_and_overdue_per_inspector_and_zone(client, bob, plan, inspectors):
    generate_tasks(WEDNESDAY)  # no risk inside: one patrol in May
    record_zone_patrol(inspectors[0], plan.zone, walk([113.321, 113.329, 113.321, 113.329], 40))

    rows = {r.inspector: r.status for r in compliance_rows(bob, today=date(2026, 5, 7))}
    assert rows == {"ivan": "done", "iris": "due"}
    assert status(1, 0, date(2026, 6, 1), date(2026, 6, 2)) == "overdue"
    client.force_login(bob)
    page = client.get("/zones/compliance/")
    assert page.status_code == 200 and b"ivan" in page.content


def test_it_judges_a_patrol_by_the_minimums_frozen_in_the_task(plan, inspectors):
    plant = point_feature("CP-IN", *TIANHE_SPORTS_CENTER, risk_level=RiskLevel.RED)
    generate_tasks(WEDNESDAY)  # red inside: 60 min and 3 km this week
    plant.risk_level = RiskLevel.NONE
    plant.save()

    patrol = record_zone_patrol(inspectors[0], plan.zone, walk([113.321, 113.329, 113.321, 113.329], 40))
    assert not patrol.valid and patrol.reasons[0] == "lasted 40.0 min, less than 60 min"


def test_it_records_a_patrol_posted_by_an_assigned_inspector_only(client, plan, inspectors, bob):
    track = walk([113.321, 113.329, 113.321, 113.329], 40)
    body = json.dumps({"track": {"type": "LineString", "coordinates": track.coords},
                       "times": [t.isoformat() for t in track.times]})
    client.force_login(inspectors[0])
    response = client.post(f"/api/zones/{plan.zone_id}/patrols", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["valid"] is True

    client.force_login(bob)  # he drew the zone but does not patrol it
    response = client.post(f"/api/zones/{plan.zone_id}/patrols", body, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (404, "not_zone_inspector")
