"""A hand-made river reach in Tianhe with three monitoring points, for the basins tests.

The reach runs due east along latitude 23.138 from 113.320 to 113.340: at that latitude one
degree of longitude is 102,430 m (WGS84), so the reach is 2,049 m long and 0.001 degree is 102.4 m.
"""

from django.contrib.gis.geos import GEOSGeometry

from basins.models import MonitoringPoint, ReachChief
from geo_server.features.models import Feature

LAT = 23.138
WEST, EAST = 113.320, 113.340
METRES_PER_DEGREE_LON = 102_430


def make_reach(code: str = "RR-TEST-001") -> Feature:
    reach = Feature.objects.create(kind="river_reach", code=code, name=f"测试河{code}",
                                   geom=GEOSGeometry(f"LINESTRING({WEST} {LAT}, {EAST} {LAT})", srid=4326))
    reach.refresh_from_db()
    return reach


def add_points(reach: Feature, longitudes=(113.322, 113.330, 113.338)) -> list[MonitoringPoint]:
    return [MonitoringPoint.objects.create(code=f"MP-{reach.code}-{i + 1}", reach=reach,
                                           geom=GEOSGeometry(f"POINT({lon} {LAT})", srid=4326))
            for i, lon in enumerate(longitudes)]


def make_chief(reach: Feature, user, level: str = "village") -> ReachChief:
    return ReachChief.objects.create(reach=reach, level=level, chief=user)
