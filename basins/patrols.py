"""Patrol records: store a chief's GPS track, measure it in PostGIS, and decide whether it counts.

A patrol counts [S] only if it lasts >= 10 minutes and covers >= 1 km (or the matrix cell's own
minimums), and [D] only if it runs along its reach: at least ALONG_SHARE of its length lies within
ALONG_BUFFER_M of the reach line. 100 m allows for phone GPS error (~5-30 m in a city) and
for walking the embankment road beside a wide river; 80% lets a chief step off to an outfall or
a bridge without the walk turning into a stroll elsewhere.
"""

from django.contrib.gis.geos import LineString
from django.db import connection, transaction

from basins.frequency import Requirement, required
from basins.models import Patrol, PatrolRequirement, ReachChief
from geo_server.errors import Forbidden
from geo_server.patrols.periods import FLOOR_KM, FLOOR_MINUTES
from geo_server.patrols.tracks import Track
from geo_server.features.models import Feature

ALONG_BUFFER_M = 100.0
ALONG_SHARE = 0.8

MEASURE_SQL = """
UPDATE basins_patrol p
SET length_m = m.total,
    near_share = CASE WHEN m.total > 0 THEN m.near / m.total ELSE 0 END
FROM (
    -- Segment by segment: intersecting the whole track would merge the passes of a walk there
    -- and back, counting the stretch once.
    SELECT q.id, ST_Length(q.track::geography) AS total,
           (SELECT COALESCE(sum(ST_Length(ST_Intersection(s.geom, zone)::geography)), 0)
            FROM ST_DumpSegments(q.track) s) AS near
    FROM basins_patrol q JOIN features_feature f ON f.id = q.reach_id,
         LATERAL (SELECT ST_Buffer(f.geom::geography, %s)::geometry AS zone) b
    WHERE q.id = %s
) m
WHERE p.id = m.id
RETURNING p.length_m, p.near_share
"""


def matrix() -> dict[tuple[str, int], Requirement]:
    return {(r.level, r.colour): Requirement(r.patrols, r.period, r.min_minutes, r.min_km, r.source)
            for r in PatrolRequirement.objects.all()}


def verdict(duration_s: float, length_m: float, near_share: float, min_minutes: int = FLOOR_MINUTES,
            min_km: float = FLOOR_KM) -> tuple[bool, list[str]]:
    """Whether a patrol counts, and every reason it does not (or the one line saying it does)."""
    reasons = []
    if duration_s < min_minutes * 60:
        reasons.append(f"lasted {duration_s / 60:.1f} min, less than {min_minutes} min")
    if length_m < min_km * 1000:
        reasons.append(f"covered {length_m / 1000:.2f} km, less than {min_km:g} km")
    if near_share < ALONG_SHARE:
        reasons.append(f"only {near_share:.0%} of the track within {ALONG_BUFFER_M:.0f} m of the reach "
                       f"(at least {ALONG_SHARE:.0%} required)")
    if reasons:
        return False, reasons
    return True, [f"valid: {duration_s / 60:.0f} min, {length_m / 1000:.2f} km, {near_share:.0%} along the reach"]


def chief_level(user, reach: Feature) -> str:
    """The level at which the user is a chief of this reach; Forbidden when they are not one."""
    levels = list(ReachChief.objects.filter(reach=reach, chief=user).values_list("level", flat=True))
    if not levels:
        raise Forbidden("Only a river chief of this reach may record a patrol on it.", code="not_chief_of_reach")
    order = ["village", "town", "district", "city"]  # the most frequent patroller's rule applies
    return min(levels, key=order.index)


@transaction.atomic
def record_patrol(user, reach: Feature, track: Track) -> Patrol:
    level = chief_level(user, reach)
    patrol = Patrol.objects.create(reach=reach, chief=user, track=LineString(track.coords, srid=4326),
                                   times=track.times, started_at=track.times[0], ended_at=track.times[-1])
    with connection.cursor() as cursor:
        cursor.execute(MEASURE_SQL, [ALONG_BUFFER_M, patrol.pk])
        patrol.length_m, patrol.near_share = cursor.fetchone()
    rule = required(level, reach.risk_level, matrix()) or Requirement(0, "month")
    patrol.valid, patrol.reasons = verdict(track.duration_s, patrol.length_m, patrol.near_share,
                                           rule.min_minutes, rule.min_km)
    patrol.save(update_fields=["valid", "reasons"])
    return patrol
