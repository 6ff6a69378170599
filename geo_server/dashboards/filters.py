"""The dashboard page's filters: parsed once from the request, applied by every panel."""

import calendar
import re
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from geo_server.errors import BadRequest, Forbidden
from geo_server.features.models import AdminArea, Feature
from geo_server.features.scoping import scope_features
from geo_server.sector import DashboardFilter

# Which Feature column holds the area of each level (a province's features: their city's parent).
AREA_LOOKUP = {
    AdminArea.Level.PROVINCE: "city__parent__code",
    AdminArea.Level.CITY: "city__code",
    AdminArea.Level.DISTRICT: "district__code",
    AdminArea.Level.STREET: "street__code",
}
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# An area's ancestors, nearest first (a street's district, city, province).
ANCESTORS = ("parent", "parent__parent", "parent__parent__parent")


def parse_month(raw: str, name: str) -> tuple[date, date]:
    """"YYYY-MM" -> its first and last day; BadRequest `bad_filter` otherwise."""
    match = _MONTH.match(raw)
    if not match:
        raise BadRequest(f"{name} must be a month, YYYY-MM (got {raw!r}).", code="bad_filter",
                         details={"parameter": name})
    year, month = int(match[1]), int(match[2])
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def parse_filters(request) -> DashboardFilter:
    """start/end (YYYY-MM, inclusive) and area (an area code inside the user's jurisdiction)."""
    query = request.GET
    start = parse_month(query["start"], "start")[0] if query.get("start") else None
    end = parse_month(query["end"], "end")[1] if query.get("end") else None
    if start and end and start > end:
        raise BadRequest("start must not be after end.", code="bad_filter", details={"parameter": "start"})
    area = query.get("area") or None
    if area:
        check_area(request.user, area)
    return DashboardFilter(start=start, end=end, area=area)


def check_area(user, code: str) -> None:
    """An unknown area is a bad filter; one outside the user's jurisdiction is refused."""
    row = AdminArea.objects.filter(code=code).values("id", *(f"{a}_id" for a in ANCESTORS)).first()
    if row is None:
        raise BadRequest(f"No area with the code {code!r}.", code="bad_filter", details={"parameter": "area"})
    if user.is_superuser:
        return
    jurisdiction = getattr(user.organisation, "jurisdiction_id", None) if user.organisation_id else None
    if jurisdiction is None or jurisdiction not in row.values():
        raise Forbidden(f"The area {code} is outside your jurisdiction.", code="area_out_of_scope")


def within(jurisdiction_id: int) -> Q:
    """Areas that are the jurisdiction or lie inside it (by the area hierarchy)."""
    q = Q(pk=jurisdiction_id)
    for ancestor in ANCESTORS:
        q |= Q(**{f"{ancestor}_id": jurisdiction_id})
    return q


def scoped_areas(user) -> QuerySet:
    """The areas a user may filter to: their jurisdiction and everything inside it."""
    if user.is_superuser:
        return AdminArea.objects.all()
    if not user.organisation_id:
        return AdminArea.objects.none()
    return AdminArea.objects.filter(within(user.organisation.jurisdiction_id))


def features_in(user, filters: DashboardFilter, queryset: QuerySet | None = None) -> QuerySet:
    """The features the user may see, narrowed to `filters.area` when one is set."""
    features = scope_features(user, queryset if queryset is not None else Feature.objects.all())
    if not filters.area:
        return features
    level = AdminArea.objects.filter(code=filters.area).values_list("level", flat=True).first()
    if level is None:
        return features.filter(pk__isnull=True)
    return features.filter(**{AREA_LOOKUP[level]: filters.area})


def default_range(months: int, today: date | None = None) -> tuple[str, str]:
    """The last `months` months up to this one, as ("YYYY-MM", "YYYY-MM")."""
    today = today or timezone.localdate()
    index = today.year * 12 + today.month - 1 - (months - 1)
    return f"{index // 12:04d}-{index % 12 + 1:02d}", today.strftime("%Y-%m")


def month_range(first: date, last: date) -> list[str]:
    """Every month from first's to last's, as "YYYY-MM"."""
    months, index = [], first.year * 12 + first.month - 1
    while index <= last.year * 12 + last.month - 1:
        months.append(f"{index // 12:04d}-{index % 12 + 1:02d}")
        index += 1
    return months
