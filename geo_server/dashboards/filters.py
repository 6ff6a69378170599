"""The dashboard page's filters: parsed once from the request, applied by every panel."""

from django.db.models import QuerySet

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


def features_in(user, filters: DashboardFilter, queryset: QuerySet | None = None) -> QuerySet:
    """The features the user may see, narrowed to `filters.area` when one is set."""
    features = scope_features(user, queryset if queryset is not None else Feature.objects.all())
    if not filters.area:
        return features
    level = AdminArea.objects.filter(code=filters.area).values_list("level", flat=True).first()
    if level is None:
        return features.filter(pk__isnull=True)
    return features.filter(**{AREA_LOOKUP[level]: filters.area})
