"""The PostgreSQL side of a backup: pg_dump / pg_restore / createdb from /usr/bin, and row counts."""

import subprocess
from contextlib import contextmanager

import psycopg
from psycopg import sql
from django.conf import settings

# Tables an extension creates (PostGIS's spatial_ref_sys) exist in every restored database.
USER_TABLES = """
    SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg_toast%%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
    ORDER BY 1, 2
"""


class PostgresError(Exception):
    pass


def connection_settings(dbname: str | None = None) -> dict:
    """DATABASES['default'] (or another database on the same server) as libpq keywords."""
    db = settings.DATABASES["default"]
    return {"dbname": dbname or db["NAME"], "user": db["USER"], "password": db["PASSWORD"],
            "host": db["HOST"], "port": db["PORT"]}


def tool_environment(dbname: str | None = None) -> dict:
    # The password goes through the environment, never the command line (visible in ps).
    params = connection_settings(dbname)
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST", "port": "PGPORT"}
    return {"PATH": "/usr/bin:/bin", **{names[key]: str(value) for key, value in params.items() if value}}


def run(tool: str, *args: str, dbname: str | None = None) -> str:
    done = subprocess.run([f"/usr/bin/{tool}", *args], env=tool_environment(dbname), capture_output=True, text=True)
    if done.returncode != 0:
        raise PostgresError(f"{tool} failed: {done.stderr.strip()}")
    return done.stdout


def row_counts(cursor) -> dict[str, int]:
    cursor.execute(USER_TABLES)
    tables = cursor.fetchall()
    counts = {}
    for schema, table in tables:
        cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')
        counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def connect(dbname: str | None = None) -> psycopg.Connection:
    try:
        return psycopg.connect(**connection_settings(dbname))
    except psycopg.OperationalError as error:
        raise PostgresError(f"cannot connect to database {dbname or settings.DATABASES['default']['NAME']!r}: "
                            f"{str(error).strip()}") from None


def database_row_counts(dbname: str) -> dict[str, int]:
    with connect(dbname) as conn, conn.cursor() as cursor:
        return row_counts(cursor)


def server_versions(cursor) -> dict[str, str]:
    cursor.execute("SELECT current_setting('server_version'), "
                   "(SELECT extversion FROM pg_extension WHERE extname = 'postgis')")
    postgresql, postgis = cursor.fetchone()
    return {"postgresql": postgresql, "postgis": postgis or ""}


@contextmanager
def snapshot():
    """A read-only repeatable-read transaction whose snapshot pg_dump shares (`--snapshot`),
    so the row counts in the manifest are exactly the rows in the dump."""
    with connect() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            yield cursor.fetchone()[0], cursor
        conn.rollback()


def dump(path: str, snapshot_id: str) -> None:
    run("pg_dump", "--format=custom", f"--snapshot={snapshot_id}", f"--file={path}")


def restore(path: str, dbname: str, *, clean: bool) -> None:
    """Restore the dump into `dbname` in one transaction: a failed restore leaves the target as it was.

    Over a database that is not empty (`clean`), pg_restore --clean cannot drop the inherited keys of
    partitions (the monthly attendance tables), so the dump goes into a side database first and the
    names are swapped once it is complete: the target is untouched until then."""
    if not clean:
        _pg_restore(path, dbname)
        return
    side, replaced = f"{dbname}__restoring", f"{dbname}__replaced"
    _admin(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(side)),
           sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(side)))
    try:
        _pg_restore(path, side)
    except PostgresError:
        _admin(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(side)))
        raise
    _admin(sql.SQL("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = {}").format(
               sql.Literal(dbname)),
           sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(replaced)),
           sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(dbname), sql.Identifier(replaced)),
           sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(side), sql.Identifier(dbname)),
           sql.SQL("DROP DATABASE {}").format(sql.Identifier(replaced)))


def _pg_restore(path: str, dbname: str) -> None:
    args = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", f"--dbname={dbname}"]
    run("pg_restore", *args, path, dbname=dbname)


def _admin(*statements) -> None:
    """Statements that cannot run in a transaction (CREATE/DROP/ALTER DATABASE), from the
    maintenance database."""
    with connect("postgres") as conn:
        conn.autocommit = True
        with conn.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def has_user_tables(dbname: str) -> bool:
    with connect(dbname) as conn, conn.cursor() as cursor:
        cursor.execute(USER_TABLES)
        return cursor.fetchone() is not None
