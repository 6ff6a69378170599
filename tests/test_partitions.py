"""Monthly partitions of the time-series tables: made ahead (and idempotently), rows landing in their
month (a straggler in the default partition until its month is made, then moved), retention
retiring old months only, on the real partitioned tables (readings, clock events, attendance)."""

from datetime import date, datetime, timedelta, timezone
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone as django_timezone

from geo_server.partitions import add_months, ensure_ahead, ensure_month, expired, month_partitions, partitioned_tables
from geo_server.sectors.buildings.models import MonitoringPoint, Reading
from tests.building_world import building

UTC = timezone.utc


def where(reading: Reading) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM buildings_reading WHERE id = %s", [reading.pk])
        return cursor.fetchone()[0]


def bounds(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = %s", [name])
        row = cursor.fetchone()
        return row[0] if row else None


def table(name: str):
    return next(t for t in partitioned_tables() if t.name == name)


@pytest.fixture
def point(db):
    return MonitoringPoint.objects.create(building=building(), code="T1", quantity="tilt", unit="‰", limit=4.0)


def test_it_finds_the_range_partitioned_time_series_with_their_columns_and_default_partitions(db):
    found = {t.name: (t.column, t.default) for t in partitioned_tables()}
    assert found["buildings_reading"] == ("at", "buildings_reading_default")
    assert found["audit_securityevent"] == ("time", "audit_securityevent_default")
    assert found["basins_watersample"] == ("taken_at", "basins_watersample_default")
    assert found["concrete_batchingrecord"] == ("batched_at", "concrete_batchingrecord_default")
    assert found["worksites_clockevent"] == ("at", None)  # attendance: months made before rows, no default
    assert found["worksites_dailyattendance"] == ("day", None)


def test_months_ahead_are_made_for_every_table_once(db):
    made = ensure_ahead(date(2031, 11, 20), 2)
    for name in ("buildings_reading", "worksites_clockevent", "worksites_dailyattendance", "audit_securityevent"):
        assert {f"{name}_203111", f"{name}_203112", f"{name}_203201"} <= set(made)
    assert "buildings_reading_203202" not in made
    assert bounds("buildings_reading_203112") == ("FOR VALUES FROM ('2031-12-01 00:00:00+00') "
                                                  "TO ('2032-01-01 00:00:00+00')")
    assert bounds("worksites_dailyattendance_203201") == "FOR VALUES FROM ('2032-01-01') TO ('2032-02-01')"
    assert ensure_ahead(date(2031, 11, 20), 2) == []
    # The new partitions carry the table's indexes (PostgreSQL clones them): the BRIN among them.
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'buildings_reading_203112'")
        indexes = " ".join(row[0] for row in cursor.fetchall())
    assert "USING brin (at)" in indexes and "(point_id, at)" in indexes


def test_readings_land_in_their_month_and_a_straggler_moves_when_its_month_is_made(point):
    ensure_ahead(date(2031, 5, 1), 1)
    last_of_may = Reading.objects.create(point=point, at=datetime(2031, 5, 31, 23, 59, 59, tzinfo=UTC), value=1)
    first_of_june = Reading.objects.create(point=point, at=datetime(2031, 6, 1, tzinfo=UTC), value=2)
    straggler = Reading.objects.create(point=point, at=datetime(2040, 1, 15, tzinfo=UTC), value=3)
    assert where(last_of_may) == "buildings_reading_203105"
    assert where(first_of_june) == "buildings_reading_203106"
    assert where(straggler) == "buildings_reading_default"
    assert ensure_month(table("buildings_reading"), date(2040, 1, 1)) is True
    assert where(straggler) == "buildings_reading_204001"
    assert Reading.objects.get(pk=straggler.pk).value == 3
    # The (point, at) key holds across partitions: the idempotent upload still ignores a replay.
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO buildings_reading (point_id, at, value) VALUES (%s, %s, 9) "
                       "ON CONFLICT (point_id, at) DO NOTHING", [point.pk, straggler.at])
        assert cursor.rowcount == 0


def test_expiry_counts_whole_months_before_the_current_one():
    assert add_months(date(2031, 1, 1), -2) == date(2030, 11, 1)
    assert add_months(date(2031, 11, 1), 3) == date(2032, 2, 1)


def test_retention_drops_old_months_only(point):
    this_month = django_timezone.now().date().replace(day=1)
    reading_table = table("buildings_reading")
    for offset in range(-5, 1):
        ensure_month(reading_table, add_months(this_month, offset))
    old = Reading.objects.create(point=point, at=datetime.combine(add_months(this_month, -5), datetime.min.time(),
                                                                   tzinfo=UTC) + timedelta(hours=1), value=1)
    kept = Reading.objects.create(point=point, at=datetime.combine(add_months(this_month, -2), datetime.min.time(),
                                                                    tzinfo=UTC) + timedelta(hours=1), value=2)
    straggler = Reading.objects.create(point=point, at=datetime(2045, 1, 1, tzinfo=UTC), value=3)
    ensure_month(table("worksites_clockevent"), add_months(this_month, -5))
    months = [p.month for p in month_partitions("buildings_reading")]
    assert add_months(this_month, -5) in months

    out = StringIO()
    call_command("drop_old_partitions", table="buildings_reading", keep_months=2, dry_run=True, stdout=out)
    assert "3 partition(s) to retire" in out.getvalue()
    assert len(expired("buildings_reading", this_month, 2)) == 3  # months -5, -4, -3
    call_command("drop_old_partitions", table="buildings_reading", keep_months=2, stdout=StringIO())

    remaining = {p.month for p in month_partitions("buildings_reading")}
    assert add_months(this_month, -3) not in remaining and add_months(this_month, -5) not in remaining
    assert {add_months(this_month, offset) for offset in (-2, -1, 0)} <= remaining
    assert not Reading.objects.filter(pk=old.pk).exists()
    assert Reading.objects.filter(pk__in=[kept.pk, straggler.pk]).count() == 2  # the default partition stays
    assert bounds(f"worksites_clockevent_{add_months(this_month, -5):%Y%m}") is not None  # another table: untouched
    assert bounds(f"buildings_reading_{add_months(this_month, -5):%Y%m}") is None  # dropped, not only detached


def test_detach_only_keeps_the_old_month_as_a_plain_table(point):
    this_month = django_timezone.now().date().replace(day=1)
    old_month = add_months(this_month, -13)
    ensure_month(table("buildings_reading"), old_month)
    call_command("drop_old_partitions", table="buildings_reading", keep_months=12, detach_only=True, stdout=StringIO())
    name = f"buildings_reading_{old_month:%Y%m}"
    assert old_month not in {p.month for p in month_partitions("buildings_reading")}
    with connection.cursor() as cursor:
        cursor.execute("SELECT relispartition FROM pg_class WHERE relname = %s", [name])
        assert cursor.fetchone() == (False,)


def test_a_table_without_a_retention_is_kept_whole_and_bad_input_is_refused(db, settings):
    this_month = django_timezone.now().date().replace(day=1)
    ensure_month(table("buildings_reading"), add_months(this_month, -40))
    settings.GEO_SERVER = {**settings.GEO_SERVER, "PARTITION_RETENTION": {}}
    out = StringIO()
    call_command("drop_old_partitions", stdout=out)
    assert "0 partition(s) retired" in out.getvalue()
    settings.GEO_SERVER = {**settings.GEO_SERVER, "PARTITION_RETENTION": {"buildings_reading": 36}}
    call_command("drop_old_partitions", stdout=StringIO())
    assert add_months(this_month, -40) not in {p.month for p in month_partitions("buildings_reading")}
    with pytest.raises(CommandError, match="needs --table"):
        call_command("drop_old_partitions", keep_months=1)
    with pytest.raises(CommandError, match="not a range-partitioned table"):
        call_command("drop_old_partitions", table="features_feature", keep_months=1)
    settings.GEO_SERVER = {**settings.GEO_SERVER, "PARTITION_RETENTION": "{not json"}
    with pytest.raises(CommandError, match="must be JSON"):
        call_command("drop_old_partitions")


def test_the_command_makes_this_month_and_the_next_ones(db):
    out = StringIO()
    call_command("create_partitions", ahead=1, stdout=out)
    this_month = django_timezone.now().date().replace(day=1)
    for month in (this_month, add_months(this_month, 1)):
        assert bounds(f"buildings_reading_{month:%Y%m}") is not None
        assert bounds(f"worksites_clockevent_{month:%Y%m}") is not None
