"""Demo patrols (synthetic, labelled so): GPS tracks walked by some of the demo river chiefs over
the PATROL_DAYS days before the day of loading, so the compliance table and the reach pages show
done and missed patrols in the current and previous periods.

Deterministic per seed and load day: who patrols how often, which walks are valid and where each
track runs come from the seed; only the calendar is anchored to the day of loading (the periods
are calendar periods, so fixed dates would fall out of every current period). Each track goes
through the same path as an upload (basins/patrols.record_patrol), so the PostGIS measurement
and the verdict are the real ones. The mix per walk [D]: mostly valid walks along the reach,
some too short (a few minutes, a few hundred metres), some off the reach (the same walk 500 m to
one side, e.g. a chief who walked the wrong creek). A second load finds synthetic patrols and
adds none.
"""

import datetime as dt
import zlib
from dataclasses import dataclass

import numpy as np
import shapely
from django.db import transaction
from django.utils import timezone

from basins.models import ReachChief
from basins.patrols import record_patrol
from geo_server.patrols.models import Patrol
from geo_server.patrols.tracks import Track

PATROL_DAYS = 35
VILLAGE_REACHES = 40  # village chiefs of the first simulated reaches by code
TOWN_REACHES = 10
DEMO_CHIEF = "chief_haizhu"  # the demo account (district level): all of their reaches
# Days between walks per habit, and each habit's share of chiefs [D].
HABITS = {"diligent": (3, 5), "lax": (8, 14), "absent": None}
HABIT_SHARES = (0.5, 0.35, 0.15)
KINDS = ("valid", "too_short", "off_reach")
KIND_SHARES = (0.8, 0.1, 0.1)
VERTEX_SPACING_M = 40.0
GPS_JITTER_M = 6.0
OFF_REACH_M = 500.0
METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON_EQUATOR = 111_320.0


@dataclass(frozen=True)
class PlannedPatrol:
    assignment: int  # ReachChief id
    day: dt.date
    kind: str
    start_minute: int  # minutes after 07:00 local time
    length_m: float
    speed_kmh: float
    start_fraction: float


def rng_for(seed: int, label: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(label.encode())])


def plan_patrols(seed: int, assignments: list[tuple[int, str]], today: dt.date) -> list[PlannedPatrol]:
    """Pure: the walks of each (ReachChief id, label) assignment over the PATROL_DAYS before today."""
    plan = []
    for assignment_id, label in assignments:
        rng = rng_for(seed, f"patrols:{label}")
        habit = HABITS[str(rng.choice(list(HABITS), p=HABIT_SHARES))]
        if habit is None:
            continue
        day = int(rng.integers(1, habit[1] + 1))
        while day <= PATROL_DAYS:
            kind = str(rng.choice(KINDS, p=KIND_SHARES))
            length = rng.uniform(300, 600) if kind == "too_short" else rng.uniform(1200, 2600)
            plan.append(PlannedPatrol(assignment_id, today - dt.timedelta(days=day), kind, int(rng.integers(0, 600)),
                                      round(float(length), 1), round(float(rng.uniform(3.5, 5.0)), 2),
                                      round(float(rng.random()), 4)))
            day += int(rng.integers(habit[0], habit[1] + 1))
    return plan


def _positions(line_length: float, start_fraction: float, walk_m: float) -> np.ndarray:
    """Distances along the line of each vertex: from a start point forwards, turning back at the
    ends (a reach shorter than the walk is walked there and back)."""
    steps = np.arange(0.0, walk_m + VERTEX_SPACING_M / 2, VERTEX_SPACING_M)
    start = start_fraction * max(line_length - walk_m, 0.0) if line_length > walk_m else start_fraction * line_length
    travelled = (start + steps) % (2 * line_length)
    return np.where(travelled <= line_length, travelled, 2 * line_length - travelled)


def walk_track(reach_line: shapely.LineString, planned: PlannedPatrol, rng: np.random.Generator,
               tz: dt.tzinfo) -> Track:
    """The GPS track of one planned walk: vertices every VERTEX_SPACING_M along the reach (or
    OFF_REACH_M to its left for an off-reach walk), with GPS jitter, timed at the walking speed."""
    lon0, lat0 = reach_line.centroid.x, reach_line.centroid.y
    x_scale = METRES_PER_DEGREE_LON_EQUATOR * np.cos(np.radians(lat0))
    coords = shapely.get_coordinates(reach_line)
    local = shapely.LineString(np.column_stack([(coords[:, 0] - lon0) * x_scale,
                                                (coords[:, 1] - lat0) * METRES_PER_DEGREE_LAT]))
    along = _positions(local.length, planned.start_fraction, planned.length_m)
    points = shapely.get_coordinates(shapely.line_interpolate_point(local, along))
    if planned.kind == "off_reach":
        ahead = shapely.get_coordinates(shapely.line_interpolate_point(local, np.minimum(along + 5, local.length)))
        behind = shapely.get_coordinates(shapely.line_interpolate_point(local, np.maximum(along - 5, 0)))
        tangent = ahead - behind
        tangent /= np.linalg.norm(tangent, axis=1, keepdims=True)
        points = points + OFF_REACH_M * np.column_stack([-tangent[:, 1], tangent[:, 0]])
    points = points + rng.normal(0, GPS_JITTER_M, points.shape)
    lonlat = np.column_stack([points[:, 0] / x_scale + lon0, points[:, 1] / METRES_PER_DEGREE_LAT + lat0])
    start = dt.datetime.combine(planned.day, dt.time(7), tz) + dt.timedelta(minutes=planned.start_minute)
    seconds = np.arange(len(lonlat)) * VERTEX_SPACING_M / (planned.speed_kmh / 3.6)
    return Track([(round(float(x), 7), round(float(y), 7)) for x, y in lonlat],
                 [start + dt.timedelta(seconds=float(s)) for s in seconds])


def demo_assignments(reach_ids: list[int]) -> list[ReachChief]:
    """The chiefs who patrol in the demo: village level on the first VILLAGE_REACHES simulated
    reaches, town level on the first TOWN_REACHES, and the demo account on all of theirs."""
    links = ReachChief.objects.select_related("reach", "chief").filter(reach__in=reach_ids)
    chosen = {}
    for level, count in (("village", VILLAGE_REACHES), ("town", TOWN_REACHES)):
        for link in links.filter(level=level).order_by("reach__code")[:count]:
            chosen[link.pk] = link
    for link in links.filter(chief__username=DEMO_CHIEF):
        chosen[link.pk] = link
    return sorted(chosen.values(), key=lambda link: (link.reach.code, link.level))


@transaction.atomic
def load_demo_patrols(seed: int, reach_ids: list[int], today: dt.date | None = None) -> int:
    """Record the planned walks; returns how many were added (0 when synthetic patrols exist)."""
    if Patrol.objects.filter(synthetic=True, reach__isnull=False).exists():
        return 0
    today = today or timezone.localdate()
    links = {link.pk: link for link in demo_assignments(reach_ids)}
    plan = plan_patrols(seed, [(pk, f"{link.reach.code}:{link.level}") for pk, link in links.items()], today)
    rng, tz = rng_for(seed, "patrol-tracks"), timezone.get_current_timezone()
    for planned in plan:
        link = links[planned.assignment]
        line = shapely.line_merge(shapely.from_wkb(bytes(link.reach.geom.wkb)))
        record_patrol(link.chief, link.reach, walk_track(line, planned, rng, tz), synthetic=True)
    return len(plan)
