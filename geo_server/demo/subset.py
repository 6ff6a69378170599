"""Which features a demo loader fills when asked for fewer than all (the scale runs' --sites, --plants)."""

from django.db.models import QuerySet

from geo_server.features.models import Feature


def first_by_code(kind: str, count: int | None) -> QuerySet | None:
    """The first `count` features of `kind` by code; None (every one) when no count is given."""
    if count is None:
        return None
    codes = Feature.objects.filter(kind=kind).order_by("code").values("code")[:count]
    return Feature.objects.filter(kind=kind, code__in=codes)
