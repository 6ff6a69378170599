"""The patrol calendar: each day of a month shows the tasks covering it as due, done or overdue.

2026-05-06 is a Wednesday; with a red feature inside, the zone's task is weekly (2 patrols,
2026-05-04 to 2026-05-11). The month grid of May 2026 runs Monday 2026-04-27 to Sunday 2026-05-31.
"""

from datetime import date, datetime, timedelta, timezone

import pytest
from django.contrib.gis.geos import LineString

from geo_server.features.kinds import RiskLevel
from geo_server.patrols.calendar import month_calendar
from geo_server.patrols.models import PatrolPlan, ZonePatrol
from geo_server.patrols.plans import generate_tasks
from geo_server.patrols.zones import create_zone
from tests.conftest import TIANHE_SPORTS_CENTER, make_user, point_feature
from tests.test_zones import SQUARE

WEDNESDAY = date(2026, 5, 6)
CST = timezone(timedelta(hours=8))


@pytest.fixture
def plan(bob, tianhe_office):
    zone = create_zone(bob, "体育中心", SQUARE)
    plan = PatrolPlan.objects.create(zone=zone)
    plan.inspectors.set([make_user("ivan", tianhe_office, "inspector"), make_user("iris", tianhe_office, "inspector")])
    point_feature("CP-IN", *TIANHE_SPORTS_CENTER, risk_level=RiskLevel.RED)
    generate_tasks(WEDNESDAY)
    return plan


def walked(plan, username: str, day: int, valid=True) -> ZonePatrol:
    start = datetime(2026, 5, day, 9, 0, tzinfo=CST)
    return ZonePatrol.objects.create(zone=plan.zone, inspector=plan.inspectors.get(username=username),
                                     track=LineString((113.321, 23.138), (113.329, 23.138), srid=4326),
                                     started_at=start, ended_at=start + timedelta(hours=1), valid=valid)


def cells(grid) -> dict:
    return {cell.day: cell for week in grid for cell in week}


def test_a_month_grid_marks_each_task_day_and_the_days_walked(plan, bob):
    walked(plan, "ivan", 5)
    walked(plan, "iris", 7, valid=False)  # an invalid patrol does not count nor show

    days = cells(month_calendar(bob, 2026, 5, today=WEDNESDAY))

    assert min(days) == date(2026, 4, 27) and max(days) == date(2026, 5, 31) and not days[date(2026, 4, 27)].in_month
    tuesday = {e.inspector: (e.status, e.walked) for e in days[date(2026, 5, 5)].entries}
    assert tuesday == {"ivan": ("due", True), "iris": ("due", False)}
    assert [e.walked for e in days[date(2026, 5, 7)].entries] == [False, False]
    assert days[date(2026, 5, 3)].entries == [] and days[date(2026, 5, 11)].entries == []


def test_a_task_is_done_with_enough_valid_days_and_overdue_once_its_period_ended_short(plan, bob):
    walked(plan, "ivan", 5)
    walked(plan, "ivan", 8)
    walked(plan, "iris", 8)

    days = cells(month_calendar(bob, 2026, 5, today=date(2026, 5, 20)))
    assert {e.inspector: e.status for e in days[date(2026, 5, 8)].entries} == {"ivan": "done", "iris": "overdue"}


def test_the_calendar_page_filters_and_shows_an_inspector_their_own_tasks(client, plan, bob):
    client.force_login(bob)
    page = client.get("/zones/calendar/?month=2026-05").content.decode()
    assert page.count("data-task=") == 2 * 7  # two inspectors, seven days of the week
    assert page.count('data-status="overdue"') == 2 * 7  # May 2026 is over: both fell short

    ivan = plan.inspectors.get(username="ivan")
    client.force_login(ivan)
    own = client.get("/zones/calendar/?month=2026-05").content.decode()
    assert own.count("data-task=") == 7 and "iris" not in own.split('id="patrol-calendar"')[1]


def test_the_calendar_page_refuses_a_malformed_month(client, bob):
    client.force_login(bob)
    response = client.get("/zones/calendar/?month=2026-13")
    assert response.status_code == 400 and b'id="calendar-error"' in response.content
