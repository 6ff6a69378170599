"""The one place that decides which features a user may list or see."""

from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from geo_server.features.models import AdminArea, Feature
from geo_server.sector import sectors

# Organisations that supervise every kind in their jurisdiction (住建 and the general offices). Any
# other non-enterprise type is a co-supervisor (人社 labour offices): it sees only the kinds whose
# registered Sector lists its type in `co_supervisors`.
GENERAL_TYPES = ("province_bureau", "city_bureau", "district_office", "street_office")

# Which Feature column holds the area of each jurisdiction level.
_AREA_COLUMN = {
    AdminArea.Level.PROVINCE: "city__parent",
    AdminArea.Level.CITY: "city",
    AdminArea.Level.DISTRICT: "district",
    AdminArea.Level.STREET: "street",
}


def scope_features(user, queryset: QuerySet | None = None) -> QuerySet:
    """Features within the user's organisation's jurisdiction; an enterprise sees its own and those
    it is the responsible party of (a property manager's buildings, a contractor's projects)."""
    queryset = Feature.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return _nothing(queryset)
    if user.is_superuser:
        return queryset
    organisation = user.organisation
    if organisation is None:
        return _nothing(queryset)
    if organisation.type == organisation.Type.ENTERPRISE:
        return queryset.filter(_own_or_answered_for(organisation))
    queryset = queryset.filter(**{_AREA_COLUMN[_jurisdiction_level(organisation)]: organisation.jurisdiction_id})
    kinds = supervised_kinds(organisation.type)
    if kinds is None:
        return queryset
    return queryset.filter(kind__in=kinds) if kinds else _nothing(queryset)


def scope_key(user) -> str:
    """What scope_features reads of the user, as a string: users with equal keys see the same features
    (the dashboards' panel cache and the tiles' compiled sources are shared by it)."""
    if not user.is_authenticated:
        return "anonymous"
    if user.is_superuser:
        return "superuser"
    organisation = user.organisation
    if organisation is None:
        return "no-organisation"
    return f"organisation:{organisation.pk}:{organisation.type}:{organisation.jurisdiction_id}"


def _own_or_answered_for(organisation) -> Q:
    """The enterprise's own features, and those a sector names it the responsible party of."""
    own = Q(organisation=organisation)
    selects = [sector.party_features for sector in sectors() if sector.party_features]
    if not selects:
        return own
    return own | Q(pk__in=RawSQL(" UNION ALL ".join(f"({sql})" for sql in selects), [organisation.pk] * len(selects)))


def supervised_kinds(organisation_type: str) -> list[str] | None:
    """The kinds an office of this type supervises in its jurisdiction: None for every kind (the
    general offices), else those whose sector names the type a co-supervisor (maybe none)."""
    if organisation_type in GENERAL_TYPES:
        return None
    return sorted(sector.kind for sector in sectors() if organisation_type in sector.co_supervisors)


# Area id -> level, for the life of the process: an area keeps its level (areas are reference data,
# reloaded with new ids), and the lookup was one more database round trip on every scoped request.
_LEVELS: dict[int, str] = {}


def _jurisdiction_level(organisation) -> str:
    """The level alone: loading the area would parse its boundary (a province's has ~14,000
    vertices) on every request, for nothing."""
    area_id = organisation.jurisdiction_id
    if area_id not in _LEVELS:
        _LEVELS[area_id] = AdminArea.objects.filter(pk=area_id).values_list("level", flat=True).get()
    return _LEVELS[area_id]


def _nothing(queryset: QuerySet) -> QuerySet:
    """An empty result that still compiles to SQL: `.none()` cannot be embedded in tile, OGC or
    export SQL (Django raises EmptyResultSet when compiling it)."""
    return queryset.filter(pk__isnull=True)


def co_supervision_pairs() -> list[str]:
    """"type:kind" for every co-supervising organisation type and kind it supervises, for SQL that
    decides supervision itself (notifications.audience)."""
    return sorted(f"{kind_type}:{sector.kind}" for sector in sectors() for kind_type in sector.co_supervisors)
