"""Structural-monitoring readings as devices or surveyors send them (NDJSON), stored idempotently:
a reading is one per (point, at), so a replayed body stores nothing new. Points are created on
their first reading; a later row's unit and limit update them. After the rows, the touched points'
trends are refitted (monitoring.fit) and their buildings judged again once committed."""

import math
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils.translation import gettext as _

from geo_server.errors import Forbidden
from geo_server.feeds.loading import invalid_rows
from geo_server.feeds.streams import Errors, RowError, RowKind, choice, moment, rows, text
from geo_server.sectors.buildings.appraisals import buildings_in_scope, may_upload
from geo_server.sectors.buildings.models import MonitoringPoint, Reading
from geo_server.sectors.buildings.models.monitoring import Quantity
from geo_server.sectors.buildings.monitoring import fit, time_to_limit
from geo_server.supervision.evaluation import evaluate_after_commit

UPLOAD_MAX_BYTES = 50 * 1024 * 1024
# The trend is fitted over the point's readings of the last FIT_DAYS, at most FIT_READINGS of them [D].
FIT_DAYS = 180
FIT_READINGS = 500


def measure(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)) or not math.isfinite(value):
        raise RowError("must be a finite number")
    if abs(value) > 1e9:
        raise RowError("must lie within ±1e9")
    return float(value)


def positive(value) -> float:
    number = measure(value)
    if number <= 0:
        raise RowError("must be greater than 0")
    return number


READING = RowKind("reading", (
    ("building", text(40)), ("point", text(40)), ("quantity", choice(*Quantity.values)), ("at", moment),
    ("value", measure), ("unit", text(10)), ("limit", positive),
))

UPSERT_POINTS = """
    INSERT INTO buildings_monitoringpoint (building_id, code, quantity, unit, "limit")
    SELECT DISTINCT ON (b, c) b, c, q, u, l FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[],
                                                         %s::float8[], %s::int[]) AS r(b, c, q, u, l, n)
    ORDER BY b, c, n DESC
    ON CONFLICT (building_id, code) DO UPDATE
      SET quantity = EXCLUDED.quantity, unit = EXCLUDED.unit, "limit" = EXCLUDED."limit" """

INSERT_READINGS = """
    INSERT INTO buildings_reading (point_id, at, value)
    SELECT p.id, r.at, r.v FROM unnest(%s::bigint[], %s::text[], %s::timestamptz[], %s::float8[]) AS r(b, c, at, v)
    JOIN buildings_monitoringpoint p ON p.building_id = r.b AND p.code = r.c
    ON CONFLICT (point_id, at) DO NOTHING
    RETURNING point_id"""


def ingest(stream, gzipped: bool, user) -> dict:
    """Store a body's readings, all or nothing: {received, inserted, duplicates}."""
    if not may_upload(user):
        raise Forbidden(_("A read-only account cannot send readings."))
    errors = Errors()
    checked = list(rows(READING, stream, "ndjson", gzipped, UPLOAD_MAX_BYTES, errors))
    codes = {row[0] for _line, row in checked}
    buildings = dict(buildings_in_scope(user).filter(code__in=codes).values_list("code", "id"))
    for line, row in checked:
        if row[0] not in buildings:
            errors.add(line, "building", "no such building within your jurisdiction")
    if errors.count:
        raise invalid_rows(errors)
    ids = [buildings[row[0]] for _line, row in checked]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(UPSERT_POINTS, [ids, [r[1] for _n, r in checked], [r[2] for _n, r in checked],
                                       [r[5] for _n, r in checked], [r[6] for _n, r in checked],
                                       [n for n, _r in checked]])
        cursor.execute(INSERT_READINGS, [ids, [r[1] for _n, r in checked], [r[3] for _n, r in checked],
                                         [r[4] for _n, r in checked]])
        inserted = [row[0] for row in cursor.fetchall()]
        refresh_trends(set(inserted))
        judge_later(set(ids))
    inserted = len(inserted)
    return {"received": len(checked), "inserted": inserted, "duplicates": len(checked) - inserted}


def refresh_trends(point_ids) -> None:
    """Refit each point's trend over its recent readings and store it with its latest reading."""
    for point in MonitoringPoint.objects.filter(pk__in=point_ids):
        latest = Reading.objects.filter(point=point).order_by("-at").first()
        if latest is None:
            continue
        series = list(Reading.objects.filter(point=point, at__gte=latest.at - timedelta(days=FIT_DAYS))
                      .order_by("-at").values_list("at", "value")[:FIT_READINGS])
        fitted = fit(series)
        point.last_value, point.last_at = latest.value, latest.at
        point.slope_per_day, point.fitted_last, point.reaches_limit_on = None, None, None
        if fitted is not None:
            point.slope_per_day, point.fitted_last = fitted
            point.reaches_limit_on = reaches_on(latest.at, series, point.limit)
        point.save(update_fields=["last_value", "last_at", "slope_per_day", "fitted_last", "reaches_limit_on"])


def reaches_on(last_at, series, limit: float):
    """The date the fitted trend reaches the limit, counted from the latest reading; None: never
    (or beyond a century, where a date means nothing)."""
    days = time_to_limit(series, limit)
    if days is None or days > 36_500:
        return None
    return (last_at + timedelta(days=days)).date()


def judge_later(building_ids) -> None:
    evaluate_after_commit(building_ids)
