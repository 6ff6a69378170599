"""Whether a zone patrol counts: a pure verdict over measures PostGIS takes of the track.

A patrol counts when it lasts at least the task's minimum minutes, covers at least its minimum
km, and at least INSIDE_SHARE of its length lies inside the zone grown by INSIDE_BUFFER_M. The
buffer absorbs phone GPS error along the boundary (~5-30 m in a city); 90% lets an inspector cross
a road outside the line to reach the next object without a stroll elsewhere counting.
"""

from django.contrib.gis.geos import LineString
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo_server.patrols import judging
from geo_server.patrols.periods import FLOOR_KM, FLOOR_MINUTES
from geo_server.patrols.tracks import Track
from geo_server.patrols.models import Patrol, PatrolTask, PatrolZone
from geo_server.patrols.plans import frequency_for, highest_risks, matrix

INSIDE_BUFFER_M = 30.0
INSIDE_SHARE = 0.9

def verdict(duration_s: float, length_m: float, inside_share: float, min_minutes: int,
            min_km: float, language: str = "en") -> tuple[bool, list[str]]:
    return judging.verdict(duration_s, length_m, inside_share, min_minutes=min_minutes, min_km=min_km,
                           min_share=INSIDE_SHARE, where=_("inside the zone"), summary=_("inside the zone"),
                           language=language)


def minimums(inspector, zone: PatrolZone, day) -> tuple[int, float]:
    """The minimums frozen in the inspector's task covering that day, else the zone's current matrix row."""
    task = PatrolTask.objects.filter(plan__zone=zone, inspector=inspector, starts_on__lte=day,
                                     ends_before__gt=day).order_by("-starts_on").first()
    if task is not None:
        return task.min_minutes, task.min_km
    rule = frequency_for(highest_risks([zone.pk]).get(zone.pk, 0), matrix())
    return (rule.min_minutes, rule.min_km) if rule else (FLOOR_MINUTES, FLOOR_KM)


@transaction.atomic
def record_zone_patrol(inspector, zone: PatrolZone, track: Track) -> Patrol:
    """Store a track walked in a zone and judge it against the inspector's task (or the matrix)."""
    line = LineString(track.coords, srid=4326)
    length_m, inside_share = judging.measure_track(line, zone.geom, INSIDE_BUFFER_M)
    min_minutes, min_km = minimums(inspector, zone, timezone.localdate(track.times[0]))
    valid, reasons = verdict(track.duration_s, length_m, inside_share, min_minutes, min_km)
    reasons_zh = verdict(track.duration_s, length_m, inside_share, min_minutes, min_km, language="zh-hans")[1]
    return Patrol.objects.create(zone=zone, walker=inspector, track=line, times=track.times,
                                 started_at=track.times[0], ended_at=track.times[-1], length_m=length_m,
                                 coverage=inside_share, valid=valid, reasons=reasons, reasons_zh=reasons_zh)
