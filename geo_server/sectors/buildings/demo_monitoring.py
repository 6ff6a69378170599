"""Synthetic structural monitoring: weekly readings over half a year for the first demo buildings of
grade C or D (by code). The first one's tilt rises towards its limit (4‰) and its fitted trend
crosses it within 90 days of the demo's today; the others hold steady. Seeded noise."""

from datetime import datetime, time, timedelta, timezone

import numpy as np

from geo_server.demo.bulk import rng_for
from geo_server.demo.common import TODAY
from geo_server.features.models import Feature
from geo_server.sectors.buildings.models import MonitoringPoint, Reading
from geo_server.sectors.buildings.readings import refresh_trends

MONITORED = 12
WEEKS = 26
# (point, quantity, unit, limit, steady level): tilt 4‰ and crack width 1 mm are DOMAIN.md §2's limits.
POINTS = (("T1", "tilt", "‰", 4.0, 1.8), ("C1", "crack", "mm", 1.0, 0.35))
RISING_TILT_PER_DAY = 0.008  # from 1.94‰ to 3.40‰ over the half-year: 4‰ some 75 days on


def load_monitoring(seed: int) -> int:
    buildings = list(Feature.objects.filter(kind="building", synthetic=True,
                                            building_detail__safety_grade__in=("C", "D"))
                     .order_by("code").values_list("id", flat=True)[:MONITORED])
    if not buildings or MonitoringPoint.objects.filter(building_id=buildings[0]).exists():
        return 0
    rng = rng_for(seed, "building-monitoring", 0)
    end = datetime.combine(TODAY, time(10), tzinfo=timezone.utc)
    moments = [end - timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]
    readings = []
    for n, building in enumerate(buildings):
        for code, quantity, unit, limit, level in POINTS:
            point = MonitoringPoint.objects.create(building_id=building, code=code, quantity=quantity, unit=unit,
                                                   limit=limit)
            noise = rng.normal(0, limit * 0.01, WEEKS)
            if n == 0 and code == "T1":
                days = np.array([(m - end).total_seconds() / 86_400 for m in moments])
                values = 3.4 + RISING_TILT_PER_DAY * days + noise
            else:
                values = level + noise
            readings += [Reading(point=point, at=m, value=round(float(v), 3)) for m, v in zip(moments, values)]
    Reading.objects.bulk_create(readings, batch_size=5000)
    refresh_trends(MonitoringPoint.objects.filter(building_id__in=buildings).values_list("id", flat=True))
    return len(readings)
