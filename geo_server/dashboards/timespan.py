"""The filter's time range as panels' queries need it: aware bounds for timestamp columns (and a
queryset narrowed by them), the "YYYY-MM" categories of a monthly chart, and names in the page's
language."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import get_language

from geo_server.sector import DashboardFilter


def moment_bounds(filters: DashboardFilter) -> tuple[datetime | None, datetime | None]:
    """[from, before) in the server's time zone: the first day's midnight and the midnight after the
    last day (the filter's days are inclusive), None where the range is open."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(filters.start, time.min, zone) if filters.start else None
    end = datetime.combine(filters.end + timedelta(days=1), time.min, zone) if filters.end else None
    return start, end


def within(queryset, column: str, filters: DashboardFilter):
    """`queryset` narrowed to rows whose timestamp `column` lies in the filter's days."""
    start, end = moment_bounds(filters)
    if start:
        queryset = queryset.filter(**{f"{column}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{column}__lt": end})
    return queryset


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_keys(filters: DashboardFilter, seen) -> list[str]:
    """Every month from the filter's first (else the earliest seen) to its last (else the latest
    seen), so a line has a point for each month, zero or not. `seen`: "YYYY-MM" keys with data."""
    seen = sorted(seen)
    first = month_key(filters.start) if filters.start else (seen[0] if seen else None)
    last = month_key(filters.end) if filters.end else (seen[-1] if seen else None)
    if first is None or last is None:
        return []
    year, month = int(first[:4]), int(first[5:7])
    keys = []
    while f"{year:04d}-{month:02d}" <= last:
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def localised(name: str, name_en: str | None) -> str:
    """An area's or feature's name in the page's language (the English one when there is one)."""
    return name_en if name_en and (get_language() or "").startswith("en") else name
