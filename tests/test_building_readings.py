"""Structural-monitoring readings: POST /api/buildings/readings (NDJSON) stored once per (point, at),
checked all or nothing, within the sender's jurisdiction; the monitoring rule at its boundaries."""

import json
from datetime import date, datetime, timedelta, timezone

from geo_server.sectors.buildings.models import MonitoringPoint, Reading
from geo_server.sectors.buildings.readings import refresh_trends
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Warning
from tests.building_world import building, haizhu_officer  # noqa: F401

RULE = "building.monitoring_limit"


def row(day, value, point="T1", building_code="B-1", **extra):
    return {"building": building_code, "point": point, "quantity": "tilt", "at": f"2026-01-{day:02d}T12:00:00+08:00",
            "value": value, "unit": "‰", "limit": 4.0, **extra}


def post(client, user, rows):
    client.force_login(user)
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"
    return client.post("/api/buildings/readings", body.encode(), content_type="application/x-ndjson")


def test_it_stores_readings_once_per_point_and_moment(client, bob):
    building()
    rows = [row(1, 1.0), row(11, 1.5), row(21, 2.0)]
    first = post(client, bob, rows)
    assert (first.status_code, first.json()) == (201, {"received": 3, "inserted": 3, "duplicates": 0})
    again = post(client, bob, rows + [row(31, 2.5)])
    assert (again.status_code, again.json()) == (201, {"received": 4, "inserted": 1, "duplicates": 3})
    assert post(client, bob, rows).json() == {"received": 3, "inserted": 0, "duplicates": 3}
    point = MonitoringPoint.objects.get()
    assert (point.code, point.quantity, point.limit, point.last_value) == ("T1", "tilt", 4.0, 2.5)
    assert point.slope_per_day == 0.05 or abs(point.slope_per_day - 0.05) < 1e-9
    # fitted 2.5 on 1-31 (12:00 +08:00), 0.05 a day: the limit 4.0 thirty days later.
    assert point.reaches_limit_on == date(2026, 3, 2)


def test_it_stores_nothing_when_a_row_is_bad_and_names_each(client, bob):
    building()
    response = post(client, bob, [row(1, 1.0), row(2, "x"), {**row(3, 1.0), "quantity": "sway"},
                                  {**row(4, 1.0), "at": "2026-01-04T12:00:00"}, row(5, 1.0, building_code="NOPE"),
                                  row(6, 1.0, limit=0)])
    assert response.status_code == 422
    assert [(e["line"], e["field"]) for e in response.json()["details"]["errors"]] == [
        (2, "value"), (3, "quantity"), (4, "at"), (6, "limit"), (5, "building")]
    assert not Reading.objects.exists() and not MonitoringPoint.objects.exists()


def test_a_district_cannot_send_readings_for_anothers_building(client, haizhu_officer):
    building()
    response = post(client, haizhu_officer, [row(1, 1.0)])
    assert (response.status_code, response.json()["details"]["errors"][0]["field"]) == (422, "building")


def test_it_refuses_a_body_that_is_not_ndjson(client, bob):
    client.force_login(bob)
    assert client.post("/api/buildings/readings", "[]", content_type="application/json").status_code == 415


def point_with(feature, values, limit=4.0, start=datetime(2026, 1, 1, 4, tzinfo=timezone.utc), step=10):
    point = MonitoringPoint.objects.create(building=feature, code="T1", quantity="tilt", unit="‰", limit=limit)
    Reading.objects.bulk_create(Reading(point=point, at=start + timedelta(days=i * step), value=v)
                                for i, v in enumerate(values))
    refresh_trends([point.pk])
    point.refresh_from_db()
    return point


def level(feature, today):
    sweep("building", today=today)
    found = Warning.objects.filter(feature=feature, rule_code=RULE, is_open=True).first()
    return found.level if found else None


def test_a_reading_at_its_limit_has_not_passed_it_and_one_above_is_red(db):
    at_limit, above = building("B-1"), building("B-2", where=(113.3250, 23.1380))
    point_with(at_limit, [4.0, 4.0, 4.0])
    point_with(above, [4.0, 4.0, 4.01])
    today = date(2026, 1, 25)
    # at the limit the fitted value is there already (time_to_limit 0): the trend warns, orange.
    assert level(at_limit, today) == 2
    assert level(above, today) == 3


def test_the_trend_warns_when_it_reaches_the_limit_within_ninety_days(db):
    feature = building()
    point = point_with(feature, [1.0, 1.5, 2.0])  # 0.05 a day, 2.0 on 1-21: 4.0 on 3-2
    assert point.reaches_limit_on == date(2026, 3, 2)
    assert level(feature, date(2026, 3, 2) - timedelta(days=91)) is None
    assert level(feature, date(2026, 3, 2) - timedelta(days=90)) == 2


def test_a_falling_series_never_warns(db):
    feature = building()
    assert point_with(feature, [3.0, 2.5, 2.0]).reaches_limit_on is None
    assert level(feature, date(2026, 1, 25)) is None
