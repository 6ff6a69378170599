"""The patrol calendar: a month of weeks, each day with the patrol tasks that fall due on it and the
valid patrols walked on it. Pure: the rows come from compliance.compliance_rows."""

from calendar import Calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from geo_server.errors import BadRequest
from geo_server.validation import query_date


@dataclass
class Day:
    day: date
    in_month: bool
    due: list = field(default_factory=list)  # compliance rows whose period ends on this day
    walked: list = field(default_factory=list)  # (zone name, inspector) of valid patrols started this day


def parse_month(text: str | None, today: date) -> date:
    """'YYYY-MM' -> the first of that month; empty -> this month; BadRequest otherwise."""
    if not text:
        return today.replace(day=1)
    try:
        year, month = (int(part) for part in text.split("-"))
        first = date(year, month, 1)
    except ValueError:
        raise BadRequest(_("month must look like 2026-11."), code="invalid_month") from None
    return query_date(first, "month")  # the months either side must exist too


def shift_month(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_weeks(first: date, rows: list, walked: list[tuple[date, str, str]]) -> list[list[Day]]:
    """Monday-first weeks covering the month; a task shows on the last day of its period (its due
    date) with its status; walked holds (day, zone name, inspector) of valid patrols."""
    weeks = [[Day(d, d.month == first.month) for d in week]
             for week in Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)]
    days = {cell.day: cell for week in weeks for cell in week}
    for row in rows:
        cell = days.get(row.ends_before - timedelta(1))
        if cell is not None:
            cell.due.append(row)
    for day, zone, inspector in walked:
        if day in days:
            days[day].walked.append((zone, inspector))
    return weeks
