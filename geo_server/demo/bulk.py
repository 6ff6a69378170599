"""Fast, idempotent bulk insert of features with their kind's details: COPY into a staging
table, then one INSERT ... ON CONFLICT DO NOTHING that also writes the detail rows."""

import time
import zlib
from collections.abc import Callable, Iterable

import numpy as np
from django.db import connection, models, transaction

from geo_server.features.models import Feature

CORE_COLUMNS = (
    "code", "name", "name_en", "geom", "street_id", "district_id", "city_id", "basin_id",
    "status", "risk_level", "organisation_id",
)
_CORE_TYPES = (
    "text", "text", "text", "geometry", "bigint", "bigint", "bigint", "bigint", "text", "smallint", "bigint",
)


def insert_features(kind: str, detail_model: type[models.Model], detail_columns: tuple[str, ...],
                    rows: Iterable[tuple]) -> int:
    """rows are CORE_COLUMNS + detail_columns values, geometry as hex EWKB; returns rows added."""
    detail_table = detail_model._meta.db_table
    core = ", ".join(f"NULL::{t} AS {c}" for c, t in zip(CORE_COLUMNS, _CORE_TYPES))
    details = ", ".join(f"d.{c}" for c in detail_columns)
    all_columns = ", ".join(CORE_COLUMNS + detail_columns)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS demo_stage")
        cursor.execute(f"CREATE TEMP TABLE demo_stage ON COMMIT DROP AS SELECT {core}, {details} "
                       f"FROM {detail_table} d WITH NO DATA")
        with cursor.copy(f"COPY demo_stage ({all_columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        core_insert = ", ".join(c for c in CORE_COLUMNS)
        cursor.execute(
            f"""
            WITH added AS (
                INSERT INTO features_feature (kind, synthetic, created_at, updated_at, {core_insert})
                SELECT %s, true, now(), now(), {core_insert} FROM demo_stage
                ON CONFLICT (kind, code) DO NOTHING
                RETURNING id, code
            )
            INSERT INTO {detail_table} (feature_id, {', '.join(detail_columns)})
            SELECT added.id, {', '.join('s.' + c for c in detail_columns)}
            FROM added JOIN demo_stage s USING (code)
            """,
            [kind],
        )
        return cursor.rowcount


CHUNK = 50_000


def rng_for(seed: int, label: str, start: int = 0) -> np.random.Generator:
    """The generator of one kind's chunk: the same seed, label and start give the same draws."""
    return np.random.default_rng([seed, zlib.crc32(label.encode()), start])


def fill(kind: str, prefix: str, target: int, make: Callable[[int, int], list], detail_model: type[models.Model],
         detail_columns: tuple[str, ...], log: Callable[[str], None]) -> int:
    """Insert the synthetic features of `kind` whose codes start with `prefix` up to `target`, in
    chunks from the count already there: a second run adds nothing, a larger scale only the tail."""
    existing = Feature.objects.filter(kind=kind, code__startswith=prefix, synthetic=True).count()
    added = 0
    for start in range(existing, target, CHUNK):
        count = min(CHUNK, target - start)
        t0 = time.monotonic()
        added += insert_features(kind, detail_model, detail_columns, make(start, count))
        log(f"  {kind} {start + count:,}/{target:,} ({time.monotonic() - t0:.1f}s)")
    return added
