"""Checked rows in COPY's text format (geo_server.feeds.loading.copy_text), read back by PostgreSQL."""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from django.db import connection

from geo_server.feeds.loading import copy_text

CST = timezone(timedelta(hours=8))


def test_plain_rows_are_joined_by_tabs_and_line_breaks():
    rows = [("e1", "CS1", datetime(2026, 3, 2, 8, 1, tzinfo=CST)), ("e2", "工地", datetime(2026, 3, 2, 18, 30, 5, 120, tzinfo=CST))]
    assert copy_text(rows) == ("e1\tCS1\t2026-03-02 08:01:00+08:00\n"
                               "e2\t工地\t2026-03-02 18:30:05.000120+08:00\n").encode()
    assert copy_text([]) == b""


def test_tabs_line_breaks_backslashes_and_none_are_escaped():
    assert copy_text([("a\tb", "c\nd", "e\\f", None, "g\rh", "None")]) == b"a\\tb\tc\\nd\te\\\\f\t\\N\tg\\rh\tNone\n"


@pytest.mark.django_db
def test_postgresql_reads_back_exactly_what_was_written():
    rows = [("e1", "CS1", "plain", datetime(2026, 3, 2, 8, 1, tzinfo=CST), Decimal("4350.00"), date(2026, 2, 1)),
            ("e2", "CS\t2", "line\nbreak \\. back\\slash \\N", datetime(2026, 3, 2, 23, 59, 59, 999999, tzinfo=CST),
             Decimal("0.01"), date(2000, 1, 1)),
            ("e3", "王建国", None, datetime(2000, 1, 1, tzinfo=timezone.utc), Decimal("12.30"), date(2026, 12, 31)),
            ("\\.", "", "None", datetime(2026, 3, 2, 8, 1, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
             Decimal("99999999999.99"), date(2026, 3, 2))]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE copied (a text, b text, c text, at timestamptz, amount numeric, day date)")
        for batch in (rows[:1], rows):  # a clean batch, and one that needs escaping
            cursor.execute("TRUNCATE copied")
            with cursor.cursor.copy("COPY copied FROM STDIN") as copy:
                copy.write(copy_text(batch))
            cursor.execute("SELECT a, b, c, at, amount, day FROM copied ORDER BY a")
            assert sorted(cursor.fetchall(), key=lambda row: row[0]) == sorted(batch, key=lambda row: row[0])
