"""Whether a patrol counts, for river chiefs and zone inspectors alike: PostGIS measures the
track against its target (a reach or a zone, grown by a GPS buffer), and a pure verdict weighs
the measures against the minimums."""

from django.contrib.gis.geos import GEOSGeometry, LineString
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _


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
            min_share: float, where, summary, buffer_m: float = 0, language: str = "en") -> tuple[bool, list[str]]:
    """Whether a patrol counts, and every reason it does not (or the one line saying it does), in
    `language`. `where` completes "only 50% of the track ..." and `summary` the valid line's
    "... 100% ..."; both are lazy translations, `where` may name %(buffer_m)d."""
    with translation.override(language):
        reasons = []
        if duration_s < min_minutes * 60:
            reasons.append(_("lasted %(minutes).1f min, less than %(min)s min")
                           % {"minutes": duration_s / 60, "min": min_minutes})
        if length_m < min_km * 1000:
            reasons.append(_("covered %(km).2f km, less than %(min)s km") % {"km": length_m / 1000, "min": f"{min_km:g}"})
        if share < min_share:
            reasons.append(_("only %(share)s of the track %(where)s (at least %(min)s required)")
                           % {"share": f"{share:.0%}", "where": str(where) % {"buffer_m": buffer_m},
                              "min": f"{min_share:.0%}"})
        if reasons:
            return False, reasons
        return True, [_("valid: %(minutes).0f min, %(km).2f km, %(share)s %(summary)s")
                      % {"minutes": duration_s / 60, "km": length_m / 1000, "share": f"{share:.0%}",
                         "summary": str(summary)}]


def reasons_for_language(reasons: list[str], reasons_zh: list[str]) -> list[str]:
    """The stored reasons in the active language."""
    return reasons_zh if (translation.get_language() or "").startswith("zh") and reasons_zh else reasons
