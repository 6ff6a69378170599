"""Patrol frequency: periods, the seeded matrix, and a chief's task counts."""

from datetime import date, datetime, timedelta, timezone

import pytest
from django.contrib.gis.geos import GEOSGeometry

from basins.compliance import chief_tasks, totals, visible_compliance
from basins.frequency import Requirement, period_bounds, previous_bounds, task_list
from basins.patrols import matrix
from geo_server.patrols.models import Patrol
from tests.conftest import make_user
from tests.reaches import LAT, make_chief, make_reach

WEDNESDAY = date(2026, 11, 25)


@pytest.mark.parametrize("period, day, expected", [
    ("workday", WEDNESDAY, (WEDNESDAY, date(2026, 11, 26))),
    ("workday", date(2026, 11, 28), None),  # Saturday
    ("week", WEDNESDAY, (date(2026, 11, 23), date(2026, 11, 30))),
    ("xun", date(2026, 11, 10), (date(2026, 11, 1), date(2026, 11, 11))),
    ("xun", date(2026, 11, 11), (date(2026, 11, 11), date(2026, 11, 21))),
    ("xun", date(2026, 2, 28), (date(2026, 2, 21), date(2026, 3, 1))),  # the last 旬 runs to month end
    ("month", date(2026, 12, 31), (date(2026, 12, 1), date(2027, 1, 1))),
    ("quarter", WEDNESDAY, (date(2026, 10, 1), date(2027, 1, 1))),
])
def test_it_finds_the_calendar_period_containing_a_day(period, day, expected):
    assert period_bounds(period, day) == expected


def test_it_finds_the_period_before():
    assert previous_bounds("workday", date(2026, 11, 23)) == (date(2026, 11, 20), date(2026, 11, 21))  # Mon -> Fri
    assert previous_bounds("xun", date(2026, 12, 5)) == (date(2026, 11, 21), date(2026, 12, 1))
    assert previous_bounds("quarter", WEDNESDAY) == (date(2026, 7, 1), date(2026, 10, 1))


def test_it_seeds_the_matrix_with_sourced_and_default_cells(db):
    cells = matrix()
    assert len(cells) == 16
    assert all(cells[("city", colour)] == Requirement(1, "quarter", 10, 1.0, "S") for colour in range(4))
    assert cells[("village", 0)] == Requirement(1, "xun", 10, 1.0, "S")
    assert cells[("village", 1)] == Requirement(1, "week", 10, 1.0, "D")
    assert cells[("village", 3)] == Requirement(1, "workday", 10, 1.0, "D")
    assert cells[("town", 0)] == Requirement(1, "month", 10, 1.0, "D")


def test_it_counts_due_done_outstanding_and_missed_per_reach():
    cells = {("village", 2): Requirement(2, "week"), ("village", 0): Requirement(1, "xun")}
    days = {1: [date(2026, 11, 23), date(2026, 11, 23), date(2026, 11, 17)],  # twice on Monday counts once
            2: [date(2026, 11, 21)]}
    orange, quiet = task_list([(1, "A", "village", 2), (2, "B", "village", 0)], cells, days, WEDNESDAY)
    assert (orange.due, orange.done, orange.outstanding, orange.overdue) == (2, 1, 1, 1)  # last week: 1 of 2
    assert orange.period == (date(2026, 11, 23), date(2026, 11, 30))
    assert (quiet.due, quiet.done, quiet.outstanding, quiet.overdue) == (1, 1, 0, 1)  # 11-20 Nov: none


def test_it_builds_a_chiefs_task_list_and_district_totals_from_valid_patrols(db, tianhe_office, alice):
    reach = make_reach()
    reach.risk_level = 3  # red: village chief patrols every working day
    reach.save()
    chief = make_user("rachel", tianhe_office, "river_chief", river_chief_level="village")
    make_chief(reach, chief, "village")
    today = date(2026, 11, 25)
    for valid, hour in ((True, 1), (False, 3)):
        started = datetime(2026, 11, 25, hour, tzinfo=timezone.utc)
        Patrol.objects.create(reach=reach, walker=chief, valid=valid, started_at=started,
                              ended_at=started + timedelta(minutes=20), times=[started, started],
                              track=GEOSGeometry(f"LINESTRING(113.32 {LAT}, 113.33 {LAT})", srid=4326))
    [row] = chief_tasks(chief, today)
    assert (row.task.due, row.task.done, row.task.overdue) == (1, 1, 1)  # Tuesday had none
    [district] = totals(visible_compliance(alice, today), lambda r: r.district)
    assert district == {"name": "天河区", "tasks": 1, "due": 1, "done": 1, "overdue": 1, "rate": 1.0}
