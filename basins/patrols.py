"""Patrol records: store a chief's GPS track, measure it in PostGIS, and decide whether it counts.

A patrol counts [S] only if it lasts >= 10 minutes and covers >= 1 km (or the matrix cell's own
minimums), and [D] only if it runs along its reach: at least ALONG_SHARE of its length lies within
ALONG_BUFFER_M of the reach line. 100 m allows for phone GPS error (~5-30 m in a city) and
for walking the embankment road beside a wide river; 80% lets a chief step off to an outfall or
a bridge without the walk turning into a stroll elsewhere.
"""

from django.contrib.gis.geos import LineString
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from basins.frequency import Requirement, required
from basins.models import PatrolRequirement, ReachChief
from geo_server.errors import Forbidden
from geo_server.patrols import judging
from geo_server.patrols.models import Patrol
from geo_server.patrols.periods import FLOOR_KM, FLOOR_MINUTES
from geo_server.patrols.tracks import Track
from geo_server.features.models import Feature

ALONG_BUFFER_M = 100.0
ALONG_SHARE = 0.8


def matrix() -> dict[tuple[str, int], Requirement]:
    return {(r.level, r.colour): Requirement(r.patrols, r.period, r.min_minutes, r.min_km, r.source)
            for r in PatrolRequirement.objects.all()}


def verdict(duration_s: float, length_m: float, near_share: float, min_minutes: int = FLOOR_MINUTES,
            min_km: float = FLOOR_KM, language: str = "en") -> tuple[bool, list[str]]:
    return judging.verdict(duration_s, length_m, near_share, min_minutes=min_minutes, min_km=min_km,
                           min_share=ALONG_SHARE, where=_("within %(buffer_m)d m of the reach"),
                           summary=_("along the reach"), buffer_m=ALONG_BUFFER_M, language=language)


def chief_level(user, reach: Feature) -> str:
    """The level at which the user is a chief of this reach; Forbidden when they are not one."""
    levels = list(ReachChief.objects.filter(reach=reach, chief=user).values_list("level", flat=True))
    if not levels:
        raise Forbidden(gettext("Only a river chief of this reach may record a patrol on it."),
                        code="not_chief_of_reach")
    order = ["village", "town", "district", "city"]  # the most frequent patroller's rule applies
    return min(levels, key=order.index)


@transaction.atomic
def record_patrol(user, reach: Feature, track: Track, synthetic: bool = False) -> Patrol:
    level = chief_level(user, reach)
    line = LineString(track.coords, srid=4326)
    length_m, near_share = judging.measure_track(line, reach.geom, ALONG_BUFFER_M)
    rule = required(level, reach.risk_level, matrix()) or Requirement(0, "month")
    valid, reasons = verdict(track.duration_s, length_m, near_share, rule.min_minutes, rule.min_km)
    reasons_zh = verdict(track.duration_s, length_m, near_share, rule.min_minutes, rule.min_km, "zh-hans")[1]
    return Patrol.objects.create(reach=reach, walker=user, track=line, times=track.times,
                                 started_at=track.times[0], ended_at=track.times[-1], length_m=length_m,
                                 coverage=near_share, valid=valid, reasons=reasons, reasons_zh=reasons_zh,
                                 synthetic=synthetic)
