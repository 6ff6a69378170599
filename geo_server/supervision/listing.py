"""The hazard list query: filters and keyset paging, one page of plain rows."""

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from geo_server.errors import BadRequest
from geo_server.features import params
from geo_server.features.kinds import RiskLevel
from geo_server.supervision.hazards import visible_hazards
from geo_server.supervision.states import CLOSED_STATES, OPEN_STATES, State

LIST_PARAMS = {"district", "kind", "level", "state", "overdue", "limit", "after"}
COLUMNS = ("id", "feature_id", "feature__name", "feature__code", "kind", "rule_code", "level", "state",
           "district__code", "district__name", "responsible_organisation_id", "responsible_organisation__name",
           "deadline", "version", "created_at", "message_zh", "message_en")


def _choices(raw: str | None, allowed: list[str], name: str) -> list[str]:
    values = [v.strip() for v in (raw or "").split(",") if v.strip()]
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise BadRequest(f"Unknown {name}(s): {', '.join(unknown)}. Known: {', '.join(allowed)}.",
                         code=f"invalid_{name}")
    return values


def filtered(user, query) -> QuerySet:
    params.reject_unknown(query, LIST_PARAMS)
    queryset = visible_hazards(user)
    if query.get("district"):
        queryset = queryset.filter(district__code=query["district"])
    if kinds := params.parse_kinds(query.get("kind")):
        queryset = queryset.filter(kind__in=kinds)
    levels = _choices(query.get("level"), ["yellow", "orange", "red"], "level")
    if levels:
        queryset = queryset.filter(level__in=[RiskLevel.from_name(level) for level in levels])
    if states := _choices(query.get("state"), State.values, "state"):
        queryset = queryset.filter(state__in=states)
    overdue = query.get("overdue")
    if overdue not in (None, "", "true", "false", "1", "0"):
        raise BadRequest("overdue must be true or false.", code="invalid_overdue")
    if overdue in ("true", "1"):
        queryset = queryset.exclude(state__in=CLOSED_STATES).filter(deadline__lt=timezone.localdate())
    elif overdue in ("false", "0"):
        queryset = queryset.exclude(deadline__lt=timezone.localdate(), state__in=OPEN_STATES)
    return queryset


def page(user, query) -> tuple[list[dict], int | None]:
    """One page in id order and the id to continue after, or None on the last page."""
    options = settings.GEO_SERVER
    limit = params.parse_int(query.get("limit"), "limit", 100, 1, options["API_MAX_PAGE_SIZE"])
    after = params.parse_int(query.get("after"), "after", 0, 0, 2**63 - 1)
    rows = list(filtered(user, query).filter(id__gt=after).order_by("id").values(*COLUMNS)[: limit + 1])
    following = rows[limit - 1]["id"] if len(rows) > limit else None
    return rows[:limit], following
