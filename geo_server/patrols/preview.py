"""What a zone being drawn would cover, before it is saved: the features the user may see that touch
it, counted by kind and by risk, and their open hazards (the same "touch" as features_inside)."""

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.db.models import Count
from django.utils.translation import gettext as _

from geo_server.features.kinds import RISK_COLOURS, Kind, RiskLevel
from geo_server.features.scoping import scope_features
from geo_server.patrols.zones import ZoneRefused, polygon_geojson
from geo_server.supervision.models import Hazard
from geo_server.supervision.states import CLOSED_STATES


def drawn_polygon(geometry) -> GEOSGeometry:
    """The drawn GeoJSON polygon in WGS84; a self-crossing outline is repaired, not refused, since
    the preview runs while the user is still drawing."""
    try:
        geom = GEOSGeometry(polygon_geojson(geometry), srid=4326)
    except (GDALException, GEOSException, ValueError):
        raise ZoneRefused(_("The zone is not valid GeoJSON."), code="zone_not_polygon") from None
    return geom if geom.valid else geom.make_valid()


def _kind_label(kind: str) -> str:
    return str(Kind(kind).label) if kind in Kind.values else kind


def zone_preview(user, geometry) -> dict:
    inside = scope_features(user).filter(geom__intersects=drawn_polygon(geometry))
    kinds = inside.values("kind").annotate(n=Count("id")).order_by("kind")
    risks = dict(inside.values_list("risk_level").annotate(n=Count("id")).order_by())
    hazards = Hazard.objects.filter(feature__in=inside.values("pk")).exclude(state__in=CLOSED_STATES).count()
    return {
        "features": sum(risks.values()),
        "kinds": [{"kind": row["kind"], "label": _kind_label(row["kind"]), "count": row["n"]} for row in kinds],
        "risk": [{"value": level.name.lower(), "label": str(level.label), "colour": RISK_COLOURS[level],
                  "count": risks.get(level.value, 0)} for level in reversed(RiskLevel)],
        "open_hazards": hazards,
    }
