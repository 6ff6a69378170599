"""Whether a patrol counts, for river chiefs and zone inspectors alike: PostGIS measures the
track against its target (a reach or a zone, grown by a GPS buffer), and a pure verdict weighs
the measures against the minimums."""

from django.contrib.gis.geos import GEOSGeometry, LineString
from django.db import connection

# Segment by segment: intersecting the whole line would node it, and a track walked there and
# back along the same street would be dissolved into one pass.
MEASURE_SQL = """
WITH target AS (SELECT ST_Buffer(ST_GeomFromEWKB(%s)::geography, %s)::geometry AS area),
segments AS (SELECT (ST_DumpSegments(ST_GeomFromEWKB(%s))).geom AS geom)
SELECT COALESCE(SUM(ST_Length(s.geom::geography)), 0),
       COALESCE(SUM(ST_Length(ST_Intersection(s.geom, target.area)::geography)), 0)
FROM segments s, target
"""


def measure_track(line: LineString, target: GEOSGeometry, buffer_m: float) -> tuple[float, float]:
    """(length of the track in metres, share of that length within buffer_m of the target)."""
    with connection.cursor() as cursor:
        cursor.execute(MEASURE_SQL, [bytes(target.ewkb), buffer_m, bytes(line.ewkb)])
        total, near = cursor.fetchone()
    return total, (near / total if total else 0.0)


def verdict(duration_s: float, length_m: float, share: float, *, min_minutes: int, min_km: float,
            min_share: float, where: str, summary: str) -> tuple[bool, list[str]]:
    """Whether a patrol counts, and every reason it does not (or the one line saying it does).

    `where` completes "only 50% of the track ..." and `summary` the valid line's "... 100% ...".
    """
    reasons = []
    if duration_s < min_minutes * 60:
        reasons.append(f"lasted {duration_s / 60:.1f} min, less than {min_minutes} min")
    if length_m < min_km * 1000:
        reasons.append(f"covered {length_m / 1000:.2f} km, less than {min_km:g} km")
    if share < min_share:
        reasons.append(f"only {share:.0%} of the track {where} (at least {min_share:.0%} required)")
    if reasons:
        return False, reasons
    return True, [f"valid: {duration_s / 60:.0f} min, {length_m / 1000:.2f} km, {share:.0%} {summary}"]
