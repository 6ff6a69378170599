"""A demo patrol for the phone page: one zone around a Panyu water project, planned for the demo
inspector, with this period's task, so /m/ has something to show after `make run`. Synthetic."""

import json

from django.contrib.gis.geos import GEOSGeometry
from django.db import connection, transaction
from django.utils import timezone

from geo_server.accounts.models import Organisation, User
from geo_server.errors import ApiError
from geo_server.patrols.models import PatrolPlan, PatrolZone
from geo_server.patrols.plans import generate_tasks
from geo_server.patrols.zones import check, measure, polygon_geojson

DISTRICT = "440113"  # 番禺区 Panyu, the demo inspector's district
ZONE_NAME = "番禺水务工程巡查片区（演示）"
HALF_SIDE = 0.008  # degrees: a square of ~1.6 km x 1.8 km

# The water project nearest the point every district polygon surely contains.
_CENTRE_SQL = """
SELECT ST_X(f.geom_point), ST_Y(f.geom_point) FROM (
    SELECT ST_PointOnSurface(f.geom) AS geom_point, f.geom
    FROM features_feature f JOIN features_adminarea a ON a.id = f.district_id
    WHERE f.kind = 'water_project' AND a.code = %s
) f, features_adminarea d
WHERE d.code = %s
ORDER BY f.geom_point <-> ST_PointOnSurface(d.geom) LIMIT 1
"""


def _square(lon: float, lat: float) -> dict:
    west, east, south, north = lon - HALF_SIDE, lon + HALF_SIDE, lat - HALF_SIDE, lat + HALF_SIDE
    return {"type": "Polygon", "coordinates": [[[west, south], [east, south], [east, north], [west, north],
                                                [west, south]]]}


@transaction.atomic
def ensure_demo_patrol(username: str = "inspector") -> str:
    """Create (once) the zone, its plan for the inspector and the current tasks; returns what was done."""
    inspector = User.objects.filter(username=username).select_related("organisation").first()
    if inspector is None or inspector.organisation is None:
        return f"no demo patrol: user {username!r} is missing"
    zone = PatrolZone.objects.filter(name=ZONE_NAME).first()
    if zone is None:
        with connection.cursor() as cursor:
            cursor.execute(_CENTRE_SQL, [DISTRICT, DISTRICT])
            row = cursor.fetchone()
        if row is None:
            return "no demo patrol: no water project in Panyu (load the demo first)"
        organisation: Organisation = inspector.organisation
        try:
            measured = measure(polygon_geojson(json.dumps(_square(*row))), organisation)
            check(measured)  # the same checks a drawn zone passes
        except ApiError as refused:
            return f"no demo patrol: {refused.message}"
        zone = PatrolZone.objects.create(name=ZONE_NAME, organisation=organisation, created_by=inspector,
                                         geom=GEOSGeometry(memoryview(measured.ewkb)))
    plan, _created = PatrolPlan.objects.get_or_create(zone=zone)
    plan.inspectors.add(inspector)
    generate_tasks(timezone.localdate())
    return f"demo patrol zone “{zone.name}” planned for {username}: open /m/ as {username}"
