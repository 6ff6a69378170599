"""Whether a zone patrol counts: a pure verdict over measures PostGIS takes of the track.

A patrol counts when it lasts at least the task's minimum minutes, covers at least its minimum
km, and at least INSIDE_SHARE of its length lies inside the zone grown by INSIDE_BUFFER_M. The
buffer absorbs phone GPS error along the boundary (~5-30 m in a city); 90% lets an inspector cross
a road outside the line to reach the next object without a stroll elsewhere counting.
"""

from django.contrib.gis.geos import LineString
from django.db import connection, transaction
from django.utils import timezone

from geo_server.patrols.periods import FLOOR_KM, FLOOR_MINUTES
from geo_server.patrols.tracks import Track
from geo_server.patrols.models import PatrolTask, PatrolZone, ZonePatrol
from geo_server.patrols.plans import frequency_for, highest_risks, matrix

INSIDE_BUFFER_M = 30.0
INSIDE_SHARE = 0.9

# Measured segment by segment: ST_Intersection on the whole line nodes it, and a track walked
# back and forth along the same street would be dissolved into one pass (a third of its length).
MEASURE_SQL = """
WITH zone AS (SELECT ST_Buffer(geom::geography, %s)::geometry AS area FROM patrols_patrolzone WHERE id = %s),
segments AS (SELECT (ST_DumpSegments(ST_SetSRID(ST_GeomFromEWKB(%s), 4326))).geom AS geom)
SELECT SUM(ST_Length(s.geom::geography)), SUM(ST_Length(ST_Intersection(s.geom, zone.area)::geography))
FROM segments s, zone
"""


def verdict(duration_s: float, length_m: float, inside_share: float, min_minutes: int,
            min_km: float) -> tuple[bool, list[str]]:
    """Whether a patrol counts, with every reason it does not (or one line saying why it does)."""
    reasons = []
    if duration_s < min_minutes * 60:
        reasons.append(f"lasted {duration_s / 60:.1f} min, less than {min_minutes} min")
    if length_m < min_km * 1000:
        reasons.append(f"covered {length_m / 1000:.2f} km, less than {min_km:g} km")
    if inside_share < INSIDE_SHARE:
        reasons.append(f"only {inside_share:.0%} of the track inside the zone (at least {INSIDE_SHARE:.0%} required)")
    if reasons:
        return False, reasons
    return True, [f"valid: {duration_s / 60:.0f} min, {length_m / 1000:.2f} km, {inside_share:.0%} inside the zone"]


def measure_track(zone: PatrolZone, line: LineString) -> tuple[float, float]:
    """(length in m, share of the length inside the zone's buffer)."""
    with connection.cursor() as cursor:
        cursor.execute(MEASURE_SQL, [INSIDE_BUFFER_M, zone.pk, bytes(line.ewkb)])
        total, inside = cursor.fetchone()
    return total, (inside / total if total else 0.0)


def minimums(inspector, zone: PatrolZone, day) -> tuple[int, float]:
    """The minimums frozen in the inspector's task covering that day, else the zone's current matrix row."""
    task = PatrolTask.objects.filter(plan__zone=zone, inspector=inspector, starts_on__lte=day,
                                     ends_before__gt=day).order_by("-starts_on").first()
    if task is not None:
        return task.min_minutes, task.min_km
    rule = frequency_for(highest_risks([zone.pk]).get(zone.pk, 0), matrix())
    return (rule.min_minutes, rule.min_km) if rule else (FLOOR_MINUTES, FLOOR_KM)


@transaction.atomic
def record_zone_patrol(inspector, zone: PatrolZone, track: Track) -> ZonePatrol:
    """Store a track walked in a zone and judge it against the inspector's task (or the matrix)."""
    line = LineString(track.coords, srid=4326)
    length_m, inside_share = measure_track(zone, line)
    min_minutes, min_km = minimums(inspector, zone, timezone.localdate(track.times[0]))
    valid, reasons = verdict(track.duration_s, length_m, inside_share, min_minutes, min_km)
    return ZonePatrol.objects.create(zone=zone, inspector=inspector, track=line, started_at=track.times[0],
                                     ended_at=track.times[-1], length_m=length_m, inside_share=inside_share,
                                     valid=valid, reasons=reasons)
