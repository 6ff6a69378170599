"""Where the map opens: the extent of what the user supervises, decided through scoping."""

from django.contrib.gis.db.models import Extent
from django.urls import reverse
from django.utils.translation import gettext as _

from geo_server.features.models import AdminArea
from geo_server.features.scoping import scope_features


def jurisdiction_bounds(user) -> list[list[float]] | None:
    """[[south, west], [north, east]] of the user's jurisdiction area, or of an enterprise's own
    (and answered-for) features; None when the map should keep its default view."""
    if not user.is_authenticated or user.is_superuser or user.organisation is None:
        return None
    organisation = user.organisation
    if organisation.type == organisation.Type.ENTERPRISE:
        extent = scope_features(user).aggregate(extent=Extent("geom"))["extent"]
    else:
        extent = AdminArea.objects.filter(pk=organisation.jurisdiction_id).aggregate(extent=Extent("geom"))["extent"]
    if extent is None:
        return None
    west, south, east, north = extent
    return [[south, west], [north, east]]


def map_view(user) -> dict:
    """What map_view.js needs beside map_config: where to open, and the search and preview URLs."""
    return {"bounds": jurisdiction_bounds(user), "search_url": reverse("search"),
            "labels": {"search": str(_("Search a code or a name")), "noMatch": str(_("Nothing found")),
                       "open": str(_("Open record"))}}
