"""The one place that decides which features a user may list or see."""

from django.db.models import QuerySet

from geo_server.features.models import AdminArea, Feature

# Which Feature column holds the area of each jurisdiction level.
_AREA_COLUMN = {
    AdminArea.Level.PROVINCE: "city__parent",
    AdminArea.Level.CITY: "city",
    AdminArea.Level.DISTRICT: "district",
    AdminArea.Level.STREET: "street",
}


def scope_features(user, queryset: QuerySet | None = None) -> QuerySet:
    """Features within the user's organisation's jurisdiction; an enterprise sees only its own."""
    queryset = Feature.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    organisation = user.organisation
    if organisation is None:
        return queryset.none()
    if organisation.type == organisation.Type.ENTERPRISE:
        return queryset.filter(organisation=organisation)
    jurisdiction = organisation.jurisdiction
    return queryset.filter(**{_AREA_COLUMN[jurisdiction.level]: jurisdiction.pk})
