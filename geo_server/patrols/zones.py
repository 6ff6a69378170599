"""Creating patrol zones: every check in one PostGIS query, then one insert, or nothing at all.

Checks, in order, each with a stable code: the input is a GeoJSON Polygon or MultiPolygon
(zone_not_polygon), a valid geometry (zone_self_intersecting / zone_invalid_geometry, with
ST_IsValidReason and the ST_MakeValid repair offered in `details.repaired` for the user to look at
and resubmit), an area between GEO_SERVER ZONE_MIN_AREA_M2 and ZONE_MAX_AREA_M2 (zone_too_small /
zone_too_large), inside the organisation's jurisdiction but for ZONE_OUTSIDE_TOLERANCE of its area
(zone_outside_jurisdiction), and no overlap with another zone of the same organisation beyond
ZONE_OVERLAP_TOLERANCE_M2 (zone_overlaps, with the overlap area).
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.db import DataError, InternalError, connection, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from geo_server.accounts.models import Organisation, User
from geo_server.errors import BadRequest, Forbidden, Unprocessable
from geo_server.features.kinds import Kind, RiskLevel
from geo_server.features.scoping import scope_features
from geo_server.patrols.models import PatrolZone
from geo_server.supervision.models import Hazard
from geo_server.supervision.states import CLOSED_STATES
from geo_server.validation import parse_json

ZONE_EDITORS = {User.Role.SUPERVISOR, User.Role.DISTRICT_OFFICER}

CHECK_SQL = """
WITH input AS (SELECT ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(%(geojson)s), 4326)) AS geom),
v AS (SELECT geom, ST_IsValid(geom) AS valid FROM input)
SELECT v.valid,
       CASE WHEN NOT v.valid THEN ST_IsValidReason(v.geom) END,
       CASE WHEN NOT v.valid THEN ST_AsGeoJSON(ST_CollectionExtract(ST_MakeValid(v.geom), 3), 7) END,
       CASE WHEN v.valid THEN ST_Area(v.geom::geography) END,
       CASE WHEN v.valid THEN ST_Area(ST_Difference(v.geom, a.geom)::geography) END,
       o.id, o.name, o.overlap,
       ST_AsEWKB(ST_Multi(v.geom))
FROM v
JOIN features_adminarea a ON a.id = %(jurisdiction)s
LEFT JOIN LATERAL (
    SELECT z.id, z.name, ST_Area(ST_Intersection(z.geom, v.geom)::geography) AS overlap
    FROM patrols_patrolzone z
    WHERE v.valid AND z.organisation_id = %(organisation)s AND z.id <> %(zone)s AND ST_Intersects(z.geom, v.geom)
    ORDER BY 3 DESC LIMIT 1
) o ON true
"""


class ZoneRefused(Unprocessable):
    code = "zone_refused"


@dataclass
class Measure:
    valid: bool
    reason: str | None
    repaired: str | None
    area_m2: float | None
    outside_m2: float | None
    overlap_id: int | None
    overlap_name: str | None
    overlap_m2: float | None
    ewkb: bytes


def polygon_geojson(geometry) -> str:
    """The GeoJSON text of a Polygon or MultiPolygon (a Feature's geometry is taken too)."""
    if isinstance(geometry, str):
        try:
            geometry = parse_json(geometry)
        except BadRequest:
            raise ZoneRefused(_("The zone is not valid GeoJSON."), code="zone_not_polygon") from None
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise ZoneRefused(_("A zone must be a GeoJSON Polygon or MultiPolygon."), code="zone_not_polygon")
    return json.dumps(geometry)


def measure(geojson: str, organisation: Organisation, zone_id: int | None = None) -> Measure:
    params = {"geojson": geojson, "jurisdiction": organisation.jurisdiction_id,
              "organisation": organisation.pk, "zone": zone_id or 0}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(CHECK_SQL, params)
            row = cursor.fetchone()
    except (DataError, InternalError):
        raise ZoneRefused(_("PostGIS could not read the zone's coordinates."), code="zone_not_polygon") from None
    return Measure(*row[:8], ewkb=bytes(row[8]))


def check(m: Measure) -> None:
    """Raise ZoneRefused with the first rule the measured zone breaks."""
    limits = settings.GEO_SERVER
    if not m.valid:
        code = "zone_self_intersecting" if "self-intersection" in (m.reason or "").lower() else "zone_invalid_geometry"
        raise ZoneRefused(_("The polygon is not valid: %(reason)s.") % {"reason": m.reason}, code=code,
                          details={"reason": m.reason, "repaired": json.loads(m.repaired) if m.repaired else None})
    if m.area_m2 < limits["ZONE_MIN_AREA_M2"]:
        raise ZoneRefused(_("The zone covers %(area)s m², less than %(limit)s m².")
                          % {"area": f"{m.area_m2:,.0f}", "limit": f"{limits['ZONE_MIN_AREA_M2']:,}"},
                          code="zone_too_small", details={"area_m2": round(m.area_m2, 1)})
    if m.area_m2 > limits["ZONE_MAX_AREA_M2"]:
        raise ZoneRefused(_("The zone covers %(area)s km², more than %(limit)s km².")
                          % {"area": f"{m.area_m2 / 1e6:,.1f}", "limit": f"{limits['ZONE_MAX_AREA_M2'] / 1e6:,.0f}"},
                          code="zone_too_large",
                          details={"area_m2": round(m.area_m2, 1)})
    if m.outside_m2 > m.area_m2 * limits["ZONE_OUTSIDE_TOLERANCE"]:
        raise ZoneRefused(_("%(area)s m² of the zone lie outside your jurisdiction.")
                          % {"area": f"{m.outside_m2:,.0f}"},
                          code="zone_outside_jurisdiction", details={"outside_m2": round(m.outside_m2, 1)})
    if m.overlap_id is not None and m.overlap_m2 > limits["ZONE_OVERLAP_TOLERANCE_M2"]:
        raise ZoneRefused(_("The zone overlaps zone “%(zone)s” by %(area)s m².")
                          % {"zone": m.overlap_name, "area": f"{m.overlap_m2:,.0f}"},
                          code="zone_overlaps",
                          details={"zone": m.overlap_id, "zone_name": m.overlap_name,
                                   "overlap_m2": round(m.overlap_m2, 1)})


def editable_organisation(user) -> Organisation:
    """The organisation a user draws zones for; Forbidden for enterprises and read-only roles."""
    organisation = getattr(user, "organisation", None)
    if organisation is None or organisation.type == Organisation.Type.ENTERPRISE:
        raise Forbidden(_("Only a supervising organisation's staff may draw patrol zones."), code="zone_forbidden")
    if not (user.is_superuser or user.role in ZONE_EDITORS):
        raise Forbidden(_("Only supervisors and district officers may draw patrol zones."), code="zone_forbidden")
    return organisation


def _checked(user, organisation, name: str, geometry, zone_id: int | None = None) -> tuple[str, GEOSGeometry]:
    """The cleaned name and the checked geometry of a zone about to be saved (ZoneRefused otherwise)."""
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise ZoneRefused(_("Give the zone a name (at most 120 characters)."), code="zone_name_required")
    geojson = polygon_geojson(geometry)
    with connection.cursor() as cursor:
        # Two supervisors drawing at once must not both pass the overlap check.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('patrols_patrolzone'), %s)", [organisation.pk])
    measured = measure(geojson, organisation, zone_id)
    check(measured)
    return name, GEOSGeometry(memoryview(measured.ewkb))


@transaction.atomic
def create_zone(user, name: str, geometry) -> PatrolZone:
    """Check and save one zone for the user's organisation; raises ZoneRefused/Forbidden, saving nothing."""
    organisation = editable_organisation(user)
    name, geom = _checked(user, organisation, name, geometry)
    return PatrolZone.objects.create(name=name, organisation=organisation, created_by=user, geom=geom)


@transaction.atomic
def update_zone(user, zone: PatrolZone, name: str, geometry) -> PatrolZone:
    """Rename and/or redraw a zone of the user's own organisation with the same checks as a new one
    (its own old outline does not count as an overlap); nothing changes when a check fails."""
    organisation = editable_organisation(user)
    if zone.organisation_id != organisation.pk:
        raise Forbidden(_("Only the zone's own organisation may change it."), code="zone_forbidden")
    name, geom = _checked(user, organisation, name, zone.geom.json if geometry is None else geometry, zone.pk)
    zone.name, zone.geom = name, geom
    zone.save(update_fields=["name", "geom", "updated_at"])
    return zone


def scope_zones(user, queryset: QuerySet | None = None) -> QuerySet:
    """Zones of the user's organisation and of organisations whose jurisdiction lies within its own."""
    queryset = PatrolZone.objects.all() if queryset is None else queryset
    # An always-false filter, not .none(): tiles and exports embed this query's SQL, and an
    # EmptyResultSet cannot be compiled.
    nothing = queryset.filter(pk__lt=0)
    if not user.is_authenticated:
        return nothing
    if user.is_superuser:
        return queryset
    organisation = user.organisation
    if organisation is None or organisation.type == Organisation.Type.ENTERPRISE:
        return nothing
    area = organisation.jurisdiction_id
    below = Q(organisation__jurisdiction=area) | Q(organisation__jurisdiction__parent=area) | Q(
        organisation__jurisdiction__parent__parent=area) | Q(organisation__jurisdiction__parent__parent__parent=area)
    return queryset.filter(Q(organisation=organisation) | below)


FEATURES_SHOWN = 500


def features_inside(user, zone: PatrolZone) -> tuple[list, int]:
    """The features the user may see that touch the zone, riskiest first (at most FEATURES_SHOWN), and their count."""
    inside = scope_features(user).filter(geom__intersects=zone.geom)
    open_hazards = Hazard.objects.filter(feature=OuterRef("pk")).exclude(state__in=CLOSED_STATES)
    rows = list(inside.order_by("-risk_level", "code")
                .annotate(open_hazards=Coalesce(Subquery(open_hazards.values("feature").annotate(n=Count("id"))
                                                         .values("n")), 0))
                .values("id", "code", "name", "kind", "risk_level", "open_hazards")[:FEATURES_SHOWN])
    for row in rows:
        row["kind_label"], row["risk_label"] = Kind(row["kind"]).label, RiskLevel(row["risk_level"]).label
    return rows, inside.count()
