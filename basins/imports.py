"""Water-sample import: the one validation core behind `manage.py import_samples` and POST /api/samples.

All or nothing by default: every bad row is reported (its CSV line or JSON index, the field, the
reason) and nothing is saved. Idempotent on (point, time): rows already stored are counted, not
added (INSERT ... ON CONFLICT DO NOTHING).
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from basins.models import MonitoringPoint
from geo_server.errors import Forbidden, Unprocessable
from geo_server.features.models import Feature
from geo_server.features.scoping import scope_features
from geo_server.patrols.tracks import parse_time

MEASURES = ("transparency_cm", "dissolved_oxygen_mg_l", "orp_mv", "ammonia_n_mg_l", "depth_cm")
COLUMNS = ("point_code", "taken_at") + MEASURES
MAY_BE_NEGATIVE = {"orp_mv"}  # a redox potential is signed; every other measure is not
IMPORT_ROLES = {"supervisor", "inspector", "river_chief"}
# A clock a little fast on a field tablet should not reject a sample; a day ahead is an error.
FUTURE_TOLERANCE = timedelta(hours=1)


@dataclass
class Row:
    position: int
    code: str
    taken_at: datetime
    values: dict[str, float | None]
    point_id: int | None = None


@dataclass
class Outcome:
    added: int = 0
    already_present: int = 0
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"added": self.added, "already_present": self.already_present, "errors": self.errors}


def parse_number(raw) -> float | None:
    """None for an empty cell; ValueError for anything that is not a finite number."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise ValueError
    try:
        value = float(raw)
    except OverflowError:  # an integer of hundreds of digits
        raise ValueError from None
    if not math.isfinite(value):
        raise ValueError
    return value


def parse_row(position: int, raw: dict, error) -> Row | None:
    """A Row, or None after reporting each problem through error(field, reason)."""
    if not isinstance(raw, dict):
        error(None, "not an object with the sample's fields")
        return None
    code = str(raw.get("point_code") or "").strip()
    if not code:
        error("point_code", "missing point code")
    try:
        taken_at = parse_time(raw.get("taken_at"), "taken_at")
        if taken_at > timezone.now() + FUTURE_TOLERANCE:
            error("taken_at", "time is in the future")
    except ValueError:
        taken_at = None
        error("taken_at", f"bad time {raw.get('taken_at')!r} (ISO 8601 expected, e.g. 2026-05-01T10:00:00+08:00)")
    except Unprocessable as implausible:
        taken_at = None
        error("taken_at", implausible.message)
    values = {}
    for name in MEASURES:
        try:
            values[name] = parse_number(raw.get(name))
        except (ValueError, TypeError):
            error(name, f"bad number {raw.get(name)!r}")
            continue
        if values[name] is not None and values[name] < 0 and name not in MAY_BE_NEGATIVE:
            error(name, f"negative value {values[name]:g}")
    indicators = MEASURES[:4]
    if all(name in values and values[name] is None for name in indicators):
        error(None, "no indicator measured")
    if not code or taken_at is None:
        return None
    return Row(position, code, taken_at, values)


def parse_rows(rows: Iterable[tuple[int, dict]], position_name: str) -> tuple[list[Row], list[dict]]:
    """Parse and check every row, including duplicates (same point and time) within the file."""
    parsed, errors, seen = [], [], {}
    for position, raw in rows:
        row_errors = []
        row = parse_row(position, raw, lambda f, reason: row_errors.append(
            {position_name: position, "field": f, "reason": reason}))
        if row is not None and not row_errors:
            key = (row.code, row.taken_at)
            if key in seen:
                row_errors.append({position_name: position, "field": None,
                                   "reason": f"duplicate of {position_name} {seen[key]} (same point and time)"})
            seen.setdefault(key, position)
        errors.extend(row_errors)
        if row is not None and not row_errors:
            parsed.append(row)
    return parsed, errors


def check_may_import(user) -> None:
    if not (user.is_superuser or getattr(user, "role", None) in IMPORT_ROLES):
        raise Forbidden(_("Only supervisors, inspectors and river chiefs may import samples."), code="role_not_allowed")


def resolve_points(rows: list[Row], user, position_name: str) -> list[dict]:
    """Set each row's point id; unknown codes are errors; points outside the user's jurisdiction
    raise Forbidden (user None: a server operator, no jurisdiction check)."""
    points = dict(MonitoringPoint.objects.filter(code__in={r.code for r in rows}).values_list("code", "id"))
    reach_of = dict(MonitoringPoint.objects.filter(code__in=points).values_list("code", "reach_id"))
    errors = []
    for row in rows:
        row.point_id = points.get(row.code)
        if row.point_id is None:
            errors.append({position_name: row.position, "field": "point_code", "reason": f"unknown point code {row.code!r}"})
    if user is not None:
        visible = set(scope_features(user, Feature.objects.filter(pk__in=set(reach_of.values())))
                      .values_list("pk", flat=True))
        outside = [{position_name: r.position, "field": "point_code", "reason": f"point {r.code} is outside your jurisdiction"}
                   for r in rows if r.point_id is not None and reach_of[r.code] not in visible]
        if outside:
            raise Forbidden(_("Some points are outside your jurisdiction."), code="outside_jurisdiction",
                            details={"errors": outside})
    return errors


def save_rows(rows: list[Row]) -> int:
    columns = [[r.point_id for r in rows], [r.taken_at for r in rows]] + [[r.values[m] for r in rows] for m in MEASURES]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO basins_watersample (point_id, taken_at, {', '.join(MEASURES)}, synthetic)
            SELECT *, false FROM unnest(%s::bigint[], %s::timestamptz[], {', '.join(['%s::float8[]'] * len(MEASURES))})
            ON CONFLICT (point_id, taken_at) DO NOTHING
            """,
            columns,
        )
        return cursor.rowcount


@transaction.atomic
def import_samples(rows: Iterable[tuple[int, dict]], *, user=None, position_name: str = "line",
                   partial: bool = False) -> Outcome:
    """Validate all rows, then save all (or, with partial, the good ones). Unprocessable lists the errors."""
    if user is not None:
        check_may_import(user)
    parsed, errors = parse_rows(rows, position_name)
    errors += resolve_points(parsed, user, position_name)
    errors.sort(key=lambda e: e[position_name])
    if errors and not partial:
        raise Unprocessable(_("%(count)s error(s); nothing was imported.")
                            % {"count": len(errors)}, code="invalid_samples",
                            details={"errors": errors})
    bad = {e[position_name] for e in errors}
    good = [r for r in parsed if r.position not in bad]
    added = save_rows(good) if good else 0
    return Outcome(added, len(good) - added, errors)
