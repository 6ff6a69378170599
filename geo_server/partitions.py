"""Monthly range partitions of the time-series tables: made ahead, stragglers moved out of the
default partition, old months detached or dropped (retention).

The tables are found in PostgreSQL's catalogue, not listed here: every table partitioned
`BY RANGE (one date or timestamptz column)` is handled, whichever app made it (today the wage
clock events and attendance days, the buildings' monitoring readings, the rivers' water samples, the
concrete plants' batching records and the security events). A month's partition is named `<table>_YYYYMM` and holds [first day, first
day of the next month); the default partition, where a table has one, is `<table>_default` and
catches rows of months not made yet.
"""

from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction


@dataclass(frozen=True)
class PartitionedTable:
    name: str
    column: str
    default: str | None  # the default partition's name, None when the table has none


@dataclass(frozen=True)
class Partition:
    name: str
    month: date  # the first day of the month it holds


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def partitioned_tables() -> list[PartitionedTable]:
    """Every table of this database partitioned by range on one column, with its default partition."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT c.relname, a.attname, d.relname
            FROM pg_partitioned_table p
            JOIN pg_class c ON c.oid = p.partrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = p.partattrs[0]
            LEFT JOIN pg_class d ON d.oid = p.partdefid
            WHERE p.partstrat = 'r' AND p.partnatts = 1
            ORDER BY c.relname""")
        return [PartitionedTable(*row) for row in cursor.fetchall()]


def month_partitions(table: str) -> list[Partition]:
    """The month partitions attached to `table` (the default one aside), oldest first."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = %s::regclass AND c.relname ~ %s ORDER BY c.relname""",
                       [table, f"^{table}_[0-9]{{6}}$"])
        names = [row[0] for row in cursor.fetchall()]
    return [Partition(name, date(int(name[-6:-2]), int(name[-2:]), 1)) for name in names]


def ensure_month(table: PartitionedTable, month: date) -> bool:
    """Make `table`'s partition of `month` unless it exists; rows of that month waiting in the default
    partition move into it. True when it was made. One transaction: writers of the month wait."""
    name = f"{table.name}_{month:%Y%m}"
    upper = add_months(month, 1)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        if cursor.fetchone()[0]:
            return False
        bounds = f"FOR VALUES FROM ('{month.isoformat()}') TO ('{upper.isoformat()}')"
        if table.default is None:
            cursor.execute(f"CREATE TABLE {name} PARTITION OF {table.name} {bounds}")
            return True
        # Attaching a month the default partition holds rows of fails: move them first, into a table
        # shaped like the parent, then attach it (PostgreSQL checks the default no longer has any).
        cursor.execute(f"LOCK TABLE {table.name} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(f"CREATE TABLE {name} (LIKE {table.name} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
        cursor.execute(f"WITH moved AS (DELETE FROM {table.default} WHERE {table.column} >= %s AND "
                       f"{table.column} < %s RETURNING *) INSERT INTO {name} SELECT * FROM moved", [month, upper])
        cursor.execute(f"ALTER TABLE {table.name} ATTACH PARTITION {name} {bounds}")
    return True


def ensure_months(name: str, first: date, last: date) -> list[str]:
    """Table `name`'s partitions of every month from first's to last's, before rows of that span are
    loaded (rows of a month not made wait in the default partition)."""
    table = next(t for t in partitioned_tables() if t.name == name)
    made, month = [], month_start(first)
    while month <= last:
        if ensure_month(table, month):
            made.append(f"{name}_{month:%Y%m}")
        month = add_months(month, 1)
    return made


def ensure_ahead(today: date, months_ahead: int) -> list[str]:
    """Every range-partitioned table's partitions from this month to `months_ahead` months later."""
    made = []
    for table in partitioned_tables():
        for offset in range(months_ahead + 1):
            month = add_months(month_start(today), offset)
            if ensure_month(table, month):
                made.append(f"{table.name}_{month:%Y%m}")
    return made


def expired(table: str, today: date, keep_months: int) -> list[Partition]:
    """The month partitions wholly older than the `keep_months` months before this one."""
    cutoff = add_months(month_start(today), -keep_months)
    return [p for p in month_partitions(table) if add_months(p.month, 1) <= cutoff]


def retire(table: str, partition: Partition, *, drop: bool) -> None:
    """Detach a month from its table (its rows leave every query); drop it too unless kept for an
    archive (then it stays a plain table of that name, for pg_dump -t and a DROP later)."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Deferred foreign-key checks of rows written earlier in the caller's transaction run now:
        # PostgreSQL refuses to drop a table with such checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {table} DETACH PARTITION {partition.name}")
        if drop:
            cursor.execute(f"DROP TABLE {partition.name}")
