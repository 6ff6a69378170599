"""The worker-month rollup (rollup.refresh_worker_months) and the wage rules reading it when today
falls inside a month of attendance, over the world of tests/worksites_rules_world.py."""

from datetime import date

import pytest
from django.db import connection

from geo_server.sectors.worksites.models import WorkerMonth
from geo_server.sectors.worksites.rollup import refresh_worker_months
from geo_server.sectors.worksites.rules import WAGE_RULES
from tests.worksites_rules_world import build_wage_world, fired_rows

UNREGISTERED = next(rule for rule in WAGE_RULES if rule.code == "wage.unregistered")


@pytest.fixture
def world(db):
    return build_wage_world()


def rollup(site) -> set:
    return set(WorkerMonth.objects.filter(site=site).values_list("id_hash", "month", "days", "first_day", "last_day"))


def test_each_person_and_month_once_with_days_and_first_and_last(world):
    a1 = world.workers["a1"].id_hash
    assert (a1, date(2026, 3, 1), 20, date(2026, 3, 1), date(2026, 3, 20)) in rollup(world.sites["A"])
    assert len(rollup(world.sites["A"])) == 5 and len(rollup(world.sites["B"])) == 10


def test_a_refresh_rewrites_only_the_sites_and_months_named(world):
    a, c = world.sites["A"], world.sites["C"]
    c1 = world.workers["c1"].id_hash
    with connection.cursor() as cursor:  # rows written behind the rollup's back, in February and April
        cursor.executemany("INSERT INTO worksites_dailyattendance (site_id, id_hash, day, first_at, last_at, events) "
                           "VALUES (%s, %s, %s, now(), now(), 2)",
                           [(c.pk, c1, date(2026, 2, 27)), (c.pk, c1, date(2026, 4, 1)),
                            (a.pk, world.workers["a1"].id_hash, date(2026, 4, 1))])
    before_a = rollup(a)
    assert refresh_worker_months([c.pk], date(2026, 3, 15)) == 2  # March and April of c1
    assert rollup(c) == {(c1, date(2026, 3, 1), 4, date(2026, 3, 2), date(2026, 3, 5)),
                         (c1, date(2026, 4, 1), 1, date(2026, 4, 1), date(2026, 4, 1))}  # February not read
    assert rollup(a) == before_a
    refresh_worker_months()
    assert (c1, date(2026, 2, 1), 1, date(2026, 2, 27), date(2026, 2, 27)) in rollup(c)
    assert len(rollup(a)) == 6


def test_today_inside_a_month_counts_the_days_up_to_today(world):
    # The unregistered person on A worked 9, 10 and 11 March: on the 10th, two days so far.
    rows = fired_rows(UNREGISTERED, date(2026, 3, 10))
    assert [(r["evidence"]["days"], r["evidence"]["first_day"], r["evidence"]["last_day"]) for r in rows] == [
        (2, "2026-03-09", "2026-03-10")]
    assert rows[0]["message_en"].endswith("worked 2 days in 2026-03")
    assert fired_rows(UNREGISTERED, date(2026, 3, 11))[0]["evidence"]["days"] == 3
