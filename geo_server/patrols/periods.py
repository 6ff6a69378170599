"""Calendar periods of patrol duties, shared by river chiefs (basins) and zone inspectors.

The working day (Monday-Friday; public holidays are not modelled), the ISO week, the 旬 (days
1-10, 11-20, 21-end of month), the month and the quarter.
"""

from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

# Used when the matrix has no cell (an administrator deleted it): the [S] floor for any patrol.
FLOOR_MINUTES = 10
FLOOR_KM = 1.0


class Period(models.TextChoices):
    WORKDAY = "workday", _("Working day")
    WEEK = "week", _("Week")
    XUN = "xun", _("10-day period 旬")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


def _month_start(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def period_bounds(period: str, day: date) -> tuple[date, date] | None:
    """[start, end) of the period containing day; None for a working-day period on a weekend."""
    if period == "workday":
        return None if day.weekday() >= 5 else (day, day + timedelta(1))
    if period == "week":
        start = day - timedelta(day.weekday())
        return start, start + timedelta(7)
    if period == "xun":
        first = min((day.day - 1) // 10, 2) * 10 + 1
        end = day.replace(day=first + 10) if first < 21 else _month_start(day, -1)
        return day.replace(day=first), end
    if period == "month":
        return _month_start(day), _month_start(day, -1)
    if period == "quarter":
        start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return start, _month_start(start, -3)
    raise ValueError(f"unknown period {period!r}")


def previous_bounds(period: str, day: date) -> tuple[date, date]:
    """The complete period before the one containing day (for working days: the last one before)."""
    if period == "workday":
        before = day - timedelta(1)
        while before.weekday() >= 5:
            before -= timedelta(1)
        return before, before + timedelta(1)
    start = period_bounds(period, day)[0]
    return period_bounds(period, start - timedelta(1))
