"""Deadlines by level: to dispatch a new hazard, and (when a dispatch names none) to rectify it.

A hazard's `deadline` is the deadline of the step it waits for: while it is new, the supervising
office's dispatch; from the dispatch on, the responsible party's rectification. Everything that
judges lateness (is_overdue, the overdue sweep and escalation, the list's `overdue` filter, the
dashboards) reads that one column, so an undispatched hazard turns overdue like any other and
nothing waits in `new` forever. The days are [D] defaults in settings.GEO_SERVER.
"""

import json
from datetime import date, timedelta

from django.conf import settings


def dispatch_days() -> dict[int, int]:
    """Days to dispatch per level (3 red, 2 orange, 1 yellow): settings.GEO_SERVER["DISPATCH_DAYS"]."""
    return {int(level): int(days) for level, days in settings.GEO_SERVER["DISPATCH_DAYS"].items()}


def dispatch_deadline(level: int, raised_on: date, days: dict[int, int]) -> date:
    """The last day on which a hazard of `level` raised on `raised_on` may still be dispatched."""
    return raised_on + timedelta(days=days[int(level)])


def dispatch_days_json() -> str:
    """The days as the jsonb the raising statements read: {"3": 1, "2": 3, "1": 7}."""
    return json.dumps({str(level): days for level, days in dispatch_days().items()})


# SQL: the dispatch deadline of a hazard of level `{level}` raised on %(today)s.
DISPATCH_DEADLINE_SQL = "(%(today)s::date + (%(dispatch_days)s::jsonb ->> ({level})::text)::int)"
