"""The relapse model's inputs: one row of raw features per river reach, assembled set-based.

One SQL statement gathers, per reach, water quality before the cut-off (monthly means: the level
over the last 3 months and the ammonia trend over the whole record), its basin's wet-season rain,
and the pollution pressure within buffers measured in metres on geography (outfalls 200 m,
industrial sites 1 km, construction sites and buildings 500 m; the && box on the geometry lets the
GiST index make the first cut). Two zonal-statistics calls add the raster context (impervious
share and population density in a 300 m buffer), for all reaches at once.

Only samples taken before the cut-off are read, so a relapse that already happened cannot leak in.
The only outcome read here is `relapsed` where `label_visible` is true: the training labels.
Past hazards and complaints are a documented zero: no hazard records exist yet (issue 5 builds
them); the column is kept so the fused table has its final shape and the model ignores it (a
constant column gets a zero coefficient after scaling).
"""

from dataclasses import dataclass
from datetime import date

import numpy as np
import shapely
from django.db import connection

from geo_server.errors import NotFound
from layers.rasters import zonal_stats

RASTER_BUFFER_M = 300.0


@dataclass(frozen=True)
class Spec:
    name: str
    family: str  # water_quality, pressure, hazards: picks the warning type (basins/risk.py)
    unit: str
    log: bool = False  # counts and skewed concentrations are log1p'd before scaling


SPECS = (
    Spec("wqi_recent", "water_quality", "index (z)"),
    Spec("wqi_trend", "water_quality", "index per month"),
    Spec("nh3_recent", "water_quality", "mg/L", log=True),
    Spec("nh3_trend", "water_quality", "mg/L per month"),
    Spec("outfalls_200m", "pressure", "count", log=True),
    Spec("industrial_1km", "pressure", "count", log=True),
    Spec("construction_500m", "pressure", "count", log=True),
    Spec("buildings_500m", "pressure", "count", log=True),
    Spec("wet_rain_mm", "pressure", "mm"),
    Spec("impervious_share", "pressure", "share 0-1"),
    Spec("population_density", "pressure", "people/km²", log=True),
    Spec("past_hazards", "hazards", "count", log=True),
)
NAMES = tuple(s.name for s in SPECS)

FEATURE_SQL = """
WITH reach AS (
    SELECT f.id, f.geom, f.basin_id FROM features_feature f LEFT JOIN basins_basin b ON b.id = f.basin_id
    WHERE f.kind = 'river_reach' AND (%(basin)s::text IS NULL OR b.code = %(basin)s)
), monthly AS (
    SELECT p.reach_id, date_trunc('month', s.taken_at) AS month, avg(s.ammonia_n_mg_l) AS nh3,
           avg(ln(greatest(s.ammonia_n_mg_l, 0.01))) AS l_nh3, avg(ln(greatest(s.dissolved_oxygen_mg_l, 0.01))) AS l_do,
           avg(ln(greatest(s.transparency_cm, 1))) AS l_tr, avg(s.orp_mv) AS orp
    FROM basins_watersample s JOIN basins_monitoringpoint p ON p.id = s.point_id JOIN reach r ON r.id = p.reach_id
    WHERE s.taken_at < %(cutoff)s GROUP BY 1, 2
), indexed AS (
    -- The water-quality index: the four indicators z-scored over every reach-month (logs where the
    -- guideline's indicators are multiplicative), signed so that higher is blacker, and averaged.
    SELECT *, ((l_nh3 - avg(l_nh3) OVER ()) / nullif(stddev(l_nh3) OVER (), 0)
             - (l_do - avg(l_do) OVER ()) / nullif(stddev(l_do) OVER (), 0)
             - (l_tr - avg(l_tr) OVER ()) / nullif(stddev(l_tr) OVER (), 0)
             - (orp - avg(orp) OVER ()) / nullif(stddev(orp) OVER (), 0)) / 4 AS wqi
    FROM monthly
), quality AS (
    SELECT reach_id,
      avg(wqi) FILTER (WHERE month >= %(cutoff)s::date - interval '3 months') AS wqi_recent,
      regr_slope(wqi, extract(epoch FROM month) / 2629800) AS wqi_trend,
      avg(nh3) FILTER (WHERE month >= %(cutoff)s::date - interval '3 months') AS nh3_recent,
      regr_slope(nh3, extract(epoch FROM month) / 2629800) AS nh3_trend,
      (array_agg(nh3 ORDER BY month DESC))[1] AS nh3_latest
    FROM indexed GROUP BY reach_id
), rain AS (
    SELECT basin_id, sum(mm) AS wet_mm FROM basins_rainfall
    WHERE day < %(cutoff)s AND extract(month FROM day) BETWEEN 4 AND 9 GROUP BY basin_id
)
SELECT r.id, t.relapsed, q.nh3_latest, q.wqi_recent, q.wqi_trend, q.nh3_recent, q.nh3_trend,
  (SELECT count(*) FROM basins_pollutionsource s WHERE s.kind = 'outfall' AND s.geom && ST_Expand(r.geom, 0.01)
     AND ST_DWithin(s.geom::geography, r.geom::geography, 200)),
  (SELECT count(*) FROM basins_pollutionsource s WHERE s.kind = 'industrial' AND s.geom && ST_Expand(r.geom, 0.02)
     AND ST_DWithin(s.geom::geography, r.geom::geography, 1000)),
  (SELECT count(*) FROM features_feature c WHERE c.kind = 'construction_site' AND c.geom && ST_Expand(r.geom, 0.01)
     AND ST_DWithin(c.geom::geography, r.geom::geography, 500)),
  (SELECT count(*) FROM features_feature b WHERE b.kind = 'building' AND b.geom && ST_Expand(r.geom, 0.01)
     AND ST_DWithin(b.geom::geography, r.geom::geography, 500)),
  w.wet_mm, ST_AsBinary(r.geom)
FROM reach r
LEFT JOIN quality q ON q.reach_id = r.id
LEFT JOIN rain w ON w.basin_id = r.basin_id
LEFT JOIN basins_relapsetruth t ON t.reach_id = r.id AND t.label_visible
ORDER BY r.id
"""


@dataclass
class ReachFeatures:
    reach_ids: np.ndarray
    x: np.ndarray  # raw values in SPECS order, NaN where missing
    labels: np.ndarray  # 1 relapsed, 0 not, -1 unknown (sklearn's convention for unlabelled)
    baseline: np.ndarray  # latest monthly ammonia before the cut-off, NaN without samples


def _raster_mean(slug: str, geoms) -> np.ndarray:
    """Mean under each reach's buffer; NaN (imputed later) when the raster is not loaded."""
    try:
        stats = zonal_stats(slug, geoms, buffer_m=RASTER_BUFFER_M)
    except NotFound:
        return np.full(len(geoms), np.nan)
    return np.array([np.nan if s["mean"] is None else s["mean"] for s in stats], dtype=float)


def load_features(cutoff: date, basin_code: str | None = None) -> ReachFeatures:
    with connection.cursor() as cursor:
        cursor.execute(FEATURE_SQL, {"cutoff": cutoff, "basin": basin_code})
        rows = cursor.fetchall()
    numbers = np.array([[np.nan if v is None else float(v) for v in row[2:12]] for row in rows],
                       dtype=float).reshape(-1, 10)
    geoms = shapely.from_wkb([bytes(row[12]) for row in rows])
    x = np.column_stack([numbers[:, 1:10], _raster_mean("impervious", geoms), _raster_mean("population", geoms),
                         np.zeros(len(rows))]) if rows else np.empty((0, len(SPECS)))
    labels = np.array([-1 if row[1] is None else int(row[1]) for row in rows], dtype=int)
    return ReachFeatures(np.array([row[0] for row in rows], dtype=int), x, labels, numbers[:, 0])
