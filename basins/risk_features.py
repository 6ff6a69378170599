"""The relapse model's inputs: one row of raw features per river reach, assembled set-based.

Two SQL statements. REACH_SQL gathers, per reach, the pollution pressure within buffers measured
in metres on geography (outfalls 200 m, industrial sites 1 km, construction sites and buildings
500 m; the && box on the geometry lets the GiST index make the first cut), its basin's wet-season
rain, its past hazards and the latest monthly ammonia (the single-indicator baseline). MONTHLY_SQL
gives each reach-month's water-quality index and its basin's rain that month. Two zonal-statistics
calls add the raster context (impervious share and population density in a 300 m buffer).

The water-quality features come from the monthly series (numpy, water_quality() below): a wet
month flushes pollution into every creek of its basin, so the index first loses the rain's share
(one pooled sensitivity, estimated within reaches after taking out each reach's own trend), then
gives the recent level (mean of the last RECENT_MONTHS months) and the trend (least-squares slope
per month). Both are estimates of the same slow deterioration that precedes a relapse.

Only samples taken before the cut-off are read, so a relapse that already happened cannot leak in.
The only outcome read here is `relapsed` where `label_visible` is true: the training labels.
Past hazards count the hazards raised on the reach before the cut-off by any rule but the relapse
rule itself (that one reads this model's own output, basins/rules.py; counting it would feed the
model its previous answer).
"""

from dataclasses import dataclass
from datetime import date

import numpy as np
import shapely
from django.db import connection
from django.utils.translation import gettext_lazy as _

from basins.rules import RULES
from geo_server.errors import NotFound
from layers.rasters import zonal_stats

RASTER_BUFFER_M = 300.0
RECENT_MONTHS = 3
MIN_MONTHS_FOR_TREND = 3


@dataclass(frozen=True)
class Spec:
    name: str
    family: str  # water_quality, pressure, hazards: picks the warning type (basins/risk.py)
    unit: str
    label: str  # lazy translation: the factor's name on the reach page
    log: bool = False  # counts and skewed concentrations are log1p'd before scaling


SPECS = (
    Spec("wqi_recent", "water_quality", "index (z), rain-adjusted", _("recent water quality (last 3 months)")),
    Spec("wqi_trend", "water_quality", "index per month, rain-adjusted", _("water-quality trend")),
    Spec("outfalls_200m", "pressure", "count", _("outfalls within 200 m"), log=True),
    Spec("industrial_1km", "pressure", "count", _("industrial sites within 1 km"), log=True),
    Spec("construction_500m", "pressure", "count", _("construction sites within 500 m"), log=True),
    Spec("buildings_500m", "pressure", "count", _("buildings within 500 m"), log=True),
    Spec("wet_rain_mm", "pressure", "mm", _("wet-season rainfall (mm)")),
    Spec("impervious_share", "pressure", "share 0-1", _("impervious surface share")),
    Spec("population_density", "pressure", "people/km²", _("population density (people/km²)"), log=True),
    Spec("past_hazards", "hazards", "count", _("past hazards"), log=True),
)
NAMES = tuple(s.name for s in SPECS)
# The model's clustering input (basins/risk.py), a factor like the others.
PEER_GROUP = "peer_group"
PEER_GROUP_LABEL = _("peer group (reaches with similar surroundings)")


def factor_label(name: str) -> str:
    """A factor's name in the active language."""
    spec = next((s for s in SPECS if s.name == name), None)
    return str(spec.label) if spec else str(PEER_GROUP_LABEL) if name == PEER_GROUP else name


def _near(alias: str, metres: int) -> str:
    """`alias`.geom within `metres` of the reach r on the spheroid, as SQL, cheapest test first:
    1. a planar distance in degrees that is `metres` or more on the ground anywhere on the reach's
       latitudes: no row farther than that in degrees is within `metres` (110,000 m is less than a
       degree of latitude anywhere, 110,000 m x cos(latitude) less than a degree of longitude there,
       and that is shortest at the latitude farthest from the equator, taken with a margin); its
       ST_DWithin first compares bounding boxes through the GiST index;
    2. a planar distance in degrees that is under `metres` on the ground anywhere (112,000 m is more
       than any degree): every row that near is within `metres`, without the geography test;
    3. for the rows in between, the exact geography distance.
    Tests 1 and 2 decide nothing the geography test would not: at `load_demo --scale 200` the
    buildings within 500 m of 200 reaches took 7.8 s with the bounding boxes and geography alone,
    0.74 s with these tests."""
    outside = (f"{metres} / (110000 * cos(radians(least(89, greatest(abs(ST_YMin(r.geom)), abs(ST_YMax(r.geom)))"
               " + 0.05))))")
    return (f"ST_DWithin({alias}.geom, r.geom, {outside})\n"
            f"     AND (ST_DWithin({alias}.geom, r.geom, {metres} / 112000.0)\n"
            f"          OR ST_DWithin({alias}.geom::geography, r.geom::geography, {metres}))")


REACH_SQL = f"""
WITH reach AS (
    SELECT f.id, f.geom, f.basin_id FROM features_feature f WHERE f.kind = 'river_reach'
), latest AS (
    SELECT DISTINCT ON (p.reach_id) p.reach_id, avg(s.ammonia_n_mg_l) AS nh3
    FROM basins_watersample s JOIN basins_monitoringpoint p ON p.id = s.point_id
    WHERE s.taken_at < %(cutoff)s AND s.ammonia_n_mg_l IS NOT NULL
    GROUP BY p.reach_id, date_trunc('month', s.taken_at)
    ORDER BY p.reach_id, date_trunc('month', s.taken_at) DESC
), rain AS (
    SELECT basin_id, sum(mm) AS wet_mm FROM basins_rainfall
    WHERE day < %(cutoff)s AND extract(month FROM day) BETWEEN 4 AND 9 GROUP BY basin_id
)
SELECT r.id, coalesce(b.code, ''), t.relapsed, l.nh3,
  (SELECT count(*) FROM basins_pollutionsource s WHERE s.kind = 'outfall' AND {_near('s', 200)}),
  (SELECT count(*) FROM basins_pollutionsource s WHERE s.kind = 'industrial' AND {_near('s', 1000)}),
  (SELECT count(*) FROM features_feature c WHERE c.kind = 'construction_site' AND {_near('c', 500)}),
  (SELECT count(*) FROM features_feature b WHERE b.kind = 'building' AND {_near('b', 500)}),
  w.wet_mm,
  (SELECT count(*) FROM supervision_hazard h WHERE h.feature_id = r.id AND h.created_at < %(cutoff)s
     AND h.rule_code <> ALL(%(own_rules)s)),
  ST_AsBinary(r.geom)
FROM reach r
LEFT JOIN basins_basin b ON b.id = r.basin_id
LEFT JOIN latest l ON l.reach_id = r.id
LEFT JOIN rain w ON w.basin_id = r.basin_id
LEFT JOIN basins_relapsetruth t ON t.reach_id = r.id AND t.label_visible
ORDER BY r.id
"""

MONTHLY_SQL = """
WITH monthly AS (
    SELECT p.reach_id, date_trunc('month', s.taken_at) AS month,
           avg(ln(greatest(s.ammonia_n_mg_l, 0.01))) AS l_nh3, avg(ln(greatest(s.dissolved_oxygen_mg_l, 0.01))) AS l_do,
           avg(ln(greatest(s.transparency_cm, 1))) AS l_tr, avg(s.orp_mv) AS orp
    FROM basins_watersample s JOIN basins_monitoringpoint p ON p.id = s.point_id
    WHERE s.taken_at < %(cutoff)s GROUP BY 1, 2
), scored AS (
    -- The water-quality index: the four indicators z-scored over every reach-month (logs where the
    -- guideline's indicators are multiplicative), signed so that higher is blacker, and averaged
    -- over the indicators measured that month.
    SELECT reach_id, month,
           (l_nh3 - avg(l_nh3) OVER ()) / nullif(stddev(l_nh3) OVER (), 0) AS z_nh3,
           -(l_do - avg(l_do) OVER ()) / nullif(stddev(l_do) OVER (), 0) AS z_do,
           -(l_tr - avg(l_tr) OVER ()) / nullif(stddev(l_tr) OVER (), 0) AS z_tr,
           -(orp - avg(orp) OVER ()) / nullif(stddev(orp) OVER (), 0) AS z_orp
    FROM monthly
), indexed AS (
    SELECT reach_id, month,
           (coalesce(z_nh3, 0) + coalesce(z_do, 0) + coalesce(z_tr, 0) + coalesce(z_orp, 0))
           / nullif((z_nh3 IS NOT NULL)::int + (z_do IS NOT NULL)::int + (z_tr IS NOT NULL)::int
                    + (z_orp IS NOT NULL)::int, 0) AS wqi
    FROM scored
), basin_rain AS (
    SELECT basin_id, date_trunc('month', day) AS month, sum(mm) AS mm FROM basins_rainfall
    WHERE day < %(cutoff)s GROUP BY 1, 2
)
SELECT i.reach_id, (extract(year FROM i.month) * 12 + extract(month FROM i.month))::int, i.wqi, r.mm
FROM indexed i JOIN features_feature f ON f.id = i.reach_id
LEFT JOIN basin_rain r ON r.basin_id = f.basin_id AND r.month = i.month
WHERE i.wqi IS NOT NULL
"""


@dataclass
class ReachFeatures:
    reach_ids: np.ndarray
    basin_codes: np.ndarray  # '' for a reach outside every basin
    x: np.ndarray  # raw values in SPECS order, NaN where missing
    labels: np.ndarray  # 1 relapsed, 0 not, -1 unknown (sklearn's convention for unlabelled)
    baseline: np.ndarray  # latest monthly ammonia before the cut-off, NaN without samples
    rain_sensitivity: float  # index units per mm of monthly basin rain, pooled over reaches

    def subset(self, mask: np.ndarray) -> "ReachFeatures":
        return ReachFeatures(self.reach_ids[mask], self.basin_codes[mask], self.x[mask], self.labels[mask],
                             self.baseline[mask], self.rain_sensitivity)


def _detrend(values: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Residuals of values on (1, month), per reach; rows are reaches, NaN where a month is missing."""
    out = np.full_like(values, np.nan)
    for i in range(len(values)):
        ok = np.isfinite(values[i])
        if ok.sum() >= MIN_MONTHS_FOR_TREND:
            design = np.column_stack([np.ones(ok.sum()), months[ok]])
            coef, *_ = np.linalg.lstsq(design, values[i, ok], rcond=None)
            out[i, ok] = values[i, ok] - design @ coef
    return out


def water_quality(index: np.ndarray, rain: np.ndarray, months: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """(recent level, trend per month, rain sensitivity) from reaches x months grids of the index
    and the basin's monthly rain (NaN where missing). See the module docstring."""
    res_index, res_rain = _detrend(index, months), _detrend(np.where(np.isfinite(index), rain, np.nan), months)
    both = np.isfinite(res_index) & np.isfinite(res_rain)
    spread = float((res_rain[both] ** 2).sum())
    gamma = float((res_index[both] * res_rain[both]).sum() / spread) if spread > 0 else 0.0
    adjusted = index - gamma * np.nan_to_num(rain - np.nanmean(rain) if np.isfinite(rain).any() else rain)
    recent = np.full(len(index), np.nan)
    trend = np.full(len(index), np.nan)
    for i in range(len(index)):
        ok = np.isfinite(adjusted[i])
        if ok.any():
            recent[i] = adjusted[i, ok][-RECENT_MONTHS:].mean()
        if ok.sum() >= MIN_MONTHS_FOR_TREND:
            trend[i] = np.polyfit(months[ok], adjusted[i, ok], 1)[0]
    return recent, trend, gamma


def _monthly_grids(rows: list[tuple], reach_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not rows:
        empty = np.full((len(reach_ids), 0), np.nan)
        return empty, empty, np.zeros(0)
    position = {int(r): i for i, r in enumerate(reach_ids)}
    months = np.array(sorted({row[1] for row in rows}))
    column = {m: j for j, m in enumerate(months)}
    index, rain = (np.full((len(reach_ids), len(months)), np.nan) for _ in range(2))
    for reach_id, month, wqi, mm in rows:
        i, j = position[reach_id], column[month]
        index[i, j] = wqi
        rain[i, j] = np.nan if mm is None else mm
    return index, rain, (months - months[0]).astype(float)


def _raster_mean(slug: str, geoms) -> np.ndarray:
    """Mean under each reach's buffer; NaN (imputed later) when the raster is not loaded."""
    try:
        stats = zonal_stats(slug, geoms, buffer_m=RASTER_BUFFER_M)
    except NotFound:
        return np.full(len(geoms), np.nan)
    return np.array([np.nan if s["mean"] is None else s["mean"] for s in stats], dtype=float)


def load_features(cutoff: date) -> ReachFeatures:
    """Every river reach (a per-basin run selects its rows with ReachFeatures.subset)."""
    own_rules = [rule.code for rule in RULES]
    with connection.cursor() as cursor:
        cursor.execute(REACH_SQL, {"cutoff": cutoff, "own_rules": own_rules})
        rows = cursor.fetchall()
        cursor.execute(MONTHLY_SQL, {"cutoff": cutoff})
        monthly = cursor.fetchall()
    if not rows:
        return ReachFeatures(np.zeros(0, int), np.zeros(0, str), np.empty((0, len(SPECS))), np.zeros(0, int),
                             np.zeros(0), 0.0)
    reach_ids = np.array([row[0] for row in rows], dtype=int)
    numbers = np.array([[np.nan if v is None else float(v) for v in row[3:10]] for row in rows], dtype=float)
    recent, trend, gamma = water_quality(*_monthly_grids(monthly, reach_ids))
    geoms = shapely.from_wkb([bytes(row[10]) for row in rows])
    x = np.column_stack([recent, trend, numbers[:, 1:6], _raster_mean("impervious", geoms),
                         _raster_mean("population", geoms), numbers[:, 6]])
    labels = np.array([-1 if row[2] is None else int(row[2]) for row in rows], dtype=int)
    return ReachFeatures(reach_ids, np.array([row[1] for row in rows]), x, labels, numbers[:, 0], gamma)
