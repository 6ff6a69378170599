"""The hazard list query: filters, a whitelisted sort and keyset paging, one page of plain rows."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Expression, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_server.errors import BadRequest
from geo_server.features import params
from geo_server.features.kinds import RiskLevel
from geo_server.features.models import AdminArea
from geo_server.supervision.hazards import visible_hazards
from geo_server.supervision.states import CLOSED_STATES, OPEN_STATES, State

LIST_PARAMS = {"district", "kind", "level", "state", "overdue", "sort", "limit", "after"}
LEVELS = ["yellow", "orange", "red"]
COLUMNS = ("id", "feature_id", "feature__name", "feature__code", "kind", "rule_code", "subject", "level", "state",
           "district__code", "district__name", "responsible_organisation_id", "responsible_organisation__name",
           "deadline", "version", "created_at", "message_zh", "message_en")


def _choices(raw: str | None, allowed: list[str], name: str) -> list[str]:
    values = [v.strip() for v in (raw or "").split(",") if v.strip()]
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise BadRequest(_("Unknown %(name)s(s): %(unknown)s. Known: %(allowed)s.")
                         % {"name": name, "unknown": ", ".join(unknown), "allowed": ", ".join(allowed)},
                         code=f"invalid_{name}")
    return values


def filtered(user, query) -> QuerySet:
    params.reject_unknown(query, LIST_PARAMS)
    queryset = visible_hazards(user)
    if query.get("district"):
        if not AdminArea.objects.filter(level=AdminArea.Level.DISTRICT, code=query["district"]).exists():
            raise BadRequest(_("No district with the code %(district)s.")
                             % {"district": query["district"]}, code="invalid_district")
        queryset = queryset.filter(district__code=query["district"])
    if kinds := params.parse_kinds(query.get("kind")):
        queryset = queryset.filter(kind__in=kinds)
    levels = _choices(query.get("level"), LEVELS, "level")
    if levels:
        queryset = queryset.filter(level__in=[RiskLevel.from_name(level) for level in levels])
    if states := _choices(query.get("state"), State.values, "state"):
        queryset = queryset.filter(state__in=states)
    overdue = query.get("overdue")
    if overdue not in (None, "", "true", "false", "1", "0"):
        raise BadRequest(_("overdue must be true or false."), code="invalid_overdue")
    if overdue in ("true", "1"):
        queryset = queryset.exclude(state__in=CLOSED_STATES).filter(deadline__lt=timezone.localdate())
    elif overdue in ("false", "0"):
        queryset = queryset.exclude(deadline__lt=timezone.localdate(), state__in=OPEN_STATES)
    return queryset


@dataclass(frozen=True)
class Sort:
    """One whitelisted order: a never-NULL key (NULLs last either way), its direction, and how a
    cursor spells the key. Ties are broken by id, ascending, so keyset paging never skips a row."""

    name: str
    key: Expression
    descending: bool
    parse: Callable[[str], object]

    def continuing(self, value, last_id: int) -> Q:
        beyond = Q(sort_key__lt=value) if self.descending else Q(sort_key__gt=value)
        return beyond | Q(sort_key=value, id__gt=last_id)

    def cursor(self, row: dict) -> str:
        value = row["sort_key"]
        return f"{value.isoformat() if hasattr(value, 'isoformat') else value}_{row['id']}"


# Sort name -> (key for ascending, key for descending, parse); `age` runs against created_at.
SORTS = {
    "deadline": (lambda: Coalesce("deadline", Value(date.max)), lambda: Coalesce("deadline", Value(date.min)),
                 date.fromisoformat),
    "level": (lambda: F("level"), lambda: F("level"), int),
    "district": (lambda: Coalesce("district__code", Value("999999999999")),
                 lambda: Coalesce("district__code", Value("")), str),
    "age": (lambda: F("created_at"), lambda: F("created_at"), datetime.fromisoformat),
}
SORT_VALUES = ["id", *SORTS, *(f"-{name}" for name in SORTS)]


def parse_sort(raw: str | None) -> Sort | None:
    """None for the default id order; `-name` reverses; youngest first is `age`, oldest `-age`."""
    if not raw or raw == "id":
        return None
    name = raw.removeprefix("-")
    if name not in SORTS:
        raise BadRequest(_("sort must be one of %(sort_values)s.")
                         % {"sort_values": ", ".join(SORT_VALUES)}, code="invalid_sort")
    descending = raw.startswith("-")
    ascending_key, descending_key, parse = SORTS[name]
    in_sql_descending = descending != (name == "age")  # a larger age is an earlier created_at
    return Sort(raw, (descending_key if in_sql_descending else ascending_key)(), in_sql_descending, parse)


def page(user, query) -> tuple[list[dict], str | None]:
    """One page and the cursor to continue after (an id, or `key_id` when sorted), or None on the last page."""
    options = settings.GEO_SERVER
    limit = params.parse_int(query.get("limit"), "limit", 100, 1, options["API_MAX_PAGE_SIZE"])
    sort = parse_sort(query.get("sort"))
    queryset = filtered(user, query)
    if sort is None:
        after = params.parse_int(query.get("after"), "after", 0, 0, 2**63 - 1)
        rows = list(queryset.filter(id__gt=after).order_by("id").values(*COLUMNS)[: limit + 1])
        following = str(rows[limit - 1]["id"]) if len(rows) > limit else None
        return rows[:limit], following
    queryset = queryset.annotate(sort_key=sort.key)
    if query.get("after"):
        queryset = queryset.filter(_continuing(sort, query["after"]))
    order = F("sort_key").desc() if sort.descending else F("sort_key").asc()
    rows = list(queryset.order_by(order, "id").values(*COLUMNS, "sort_key")[: limit + 1])
    following = sort.cursor(rows[limit - 1]) if len(rows) > limit else None
    return rows[:limit], following


def _continuing(sort: Sort, cursor: str) -> Q:
    value, last_id = cursor.rpartition("_")[::2]
    try:
        return sort.continuing(sort.parse(value), int(last_id))
    except ValueError:
        raise BadRequest(_("after must be a cursor from a next link of sort=%(name)s.")
                         % {"name": sort.name}, code="invalid_after") from None
