"""Monthly partitions of the clock-event and daily-attendance tables, made before rows arrive."""

from datetime import date

from django.db import connection

TABLES = {"worksites_clockevent": "timestamptz", "worksites_dailyattendance": "date"}


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def months(first: date, last: date) -> list[date]:
    """The first days of every month from first's to last's, inclusive."""
    out, current = [], month_start(first)
    while current <= last:
        out.append(current)
        current = next_month(current)
    return out


def ensure_months(first: date, last: date) -> int:
    """Create the missing partitions for the months first..last of both tables; returns how many
    were made. Idempotent; safe inside the caller's transaction."""
    made = 0
    with connection.cursor() as cursor:
        for month in months(first, last):
            for table, _type in TABLES.items():
                name = f"{table}_{month:%Y%m}"
                cursor.execute("SELECT to_regclass(%s) IS NULL", [name])
                if cursor.fetchone()[0]:
                    cursor.execute(f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {table} "
                                   f"FOR VALUES FROM ('{month.isoformat()}') TO ('{next_month(month).isoformat()}')")
                    made += 1
    return made
